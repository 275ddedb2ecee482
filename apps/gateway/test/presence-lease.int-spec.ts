// The presence lease (ADR 0059) on a real PostgreSQL migrated with the gateway's own migrations:
// two replicas, one of which stops renewing (it crashed); the survivor takes its lease over and
// announces, through the outbox, exactly the agents who had no socket left anywhere.
import { randomUUID } from 'node:crypto';
import { type AuthClaims, Topics } from '@garda/contracts';
import { UnitOfWork } from '@garda/messaging';
import { createDataSource, createLogger, initialiseDatabase, queryRows } from '@garda/service-kit';
import { createScratchDatabase, type ScratchDatabase, waitFor } from '@garda/testing';
import type { DataSource } from 'typeorm';
import { gatewayService } from '../src/gateway.service-definition';
import { PresenceLease } from '../src/realtime/presence/presence-lease';
import { z } from 'zod';

jest.setTimeout(60_000);

const logger = createLogger('presence-lease-int-spec', 'error');
const timing = { heartbeatMs: 100, leaseMs: 400 };

describe('gateway presence lease', () => {
  let database: ScratchDatabase;
  let dataSource: DataSource;
  let unitOfWork: UnitOfWork;
  const tenantId = randomUUID();
  const agent = (): AuthClaims => ({ sub: randomUUID(), tenantId, role: 'agent', name: 'Agent' }) as AuthClaims;

  beforeAll(async () => {
    database = await createScratchDatabase(process.env.DATABASE_URL, 'garda_presence');
    dataSource = createDataSource({
      url: database.url,
      schema: 'gateway',
      applicationName: 'presence-lease-int-spec',
      entities: [],
      migrations: gatewayService.migrations,
    });
    await initialiseDatabase(dataSource, 'gateway', logger);
    unitOfWork = new UnitOfWork(dataSource, 'gateway', { wake: () => undefined });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  /** The agents announced as disconnected so far (events waiting in the gateway's outbox). */
  const announced = async () =>
    (
      await queryRows(dataSource, z.object({ payload: z.string() }), `SELECT "payload" FROM "gateway"."outbox" WHERE "topic" = $1`, [
        Topics.AgentDisconnected,
      ])
    ).map((row) => JSON.parse(row.payload) as { agentId: string; disconnectedAt: string });

  it("takes a dead replica's agents offline, except those with a socket on a live replica", async () => {
    const doomed = new PresenceLease(dataSource, unitOfWork, logger, timing);
    const survivor = new PresenceLease(dataSource, unitOfWork, logger, timing);
    await doomed.onModuleInit();
    await survivor.onModuleInit();
    const [alone, twoTabs, closedInTime] = [agent(), agent(), agent()];
    doomed.connected(alone, 'socket-a');
    doomed.connected(twoTabs, 'socket-b');
    survivor.connected(twoTabs, 'socket-c');
    doomed.connected(closedInTime, 'socket-d');
    doomed.disconnected('socket-d');
    await doomed.heartbeat();
    await survivor.heartbeat();

    // The crash: no shutdown hook, the lease simply stops being renewed.
    doomed.onModuleDestroy();
    const offline = await waitFor(async () => {
      const events = await announced();
      return events.length > 0 ? events : undefined;
    }, 'the survivor to take the lease over');

    expect(offline.map((event) => event.agentId)).toEqual([alone.sub]);
    const replicas = await queryRows(
      dataSource,
      z.object({ instance_id: z.string() }),
      `SELECT "instance_id" FROM "gateway"."gateway_replica"`,
    );
    expect(replicas.map((row) => row.instance_id)).toEqual([survivor.instanceId]);
    survivor.onModuleDestroy();
    await survivor.onApplicationShutdown();
  });
});
