// The database's cross-channel guard (TAKE_CHANNEL_SQL) on a real PostgreSQL migrated with routing's
// own migrations: whatever an engine decides, the table refuses a contact the agent's rule forbids.
import { randomUUID } from 'node:crypto';
import { affectedRows, createDataSource, createLogger, initialiseDatabase, queryRows } from '@garda/service-kit';
import { createScratchDatabase, type ScratchDatabase } from '@garda/testing';
import type { DataSource } from 'typeorm';
import { DEFAULT_CROSS_CHANNEL } from '../src/engine/engine-rows';
import { TAKE_CHANNEL_SQL } from '../src/engine/decision-writer';
import { routingService } from '../src/routing.service-definition';
import { z } from 'zod';

jest.setTimeout(60_000);

describe('cross-channel guard in the database', () => {
  let database: ScratchDatabase;
  let dataSource: DataSource;
  const tenantId = randomUUID();

  /** An agent with the given rule (null: the default), capacities, and what they hold now. */
  const agentWith = async (crossChannel: unknown, holding: Record<string, number>) => {
    const agentId = randomUUID();
    await dataSource.query(
      `INSERT INTO "routing"."agent_profile" ("agent_id", "tenant_id", "name", "cross_channel") VALUES ($1, $2, 'Agent', $3)`,
      [agentId, tenantId, crossChannel === null ? null : JSON.stringify(crossChannel)],
    );
    for (const channel of ['voice', 'webchat', 'email', 'sms']) {
      await dataSource.query(
        `INSERT INTO "routing"."agent_channel_load" ("agent_id", "channel", "capacity", "reserved") VALUES ($1, $2, 3, $3)`,
        [agentId, channel, holding[channel] ?? 0],
      );
    }
    return agentId;
  };
  /** Whether the guarded statement took one more contact on the channel. */
  const take = async (agentId: string, channel: string, tenant = tenantId) => {
    const count = await affectedRows(dataSource, TAKE_CHANNEL_SQL, [agentId, channel, JSON.stringify(DEFAULT_CROSS_CHANNEL), tenant]);
    return count === 1;
  };

  beforeAll(async () => {
    database = await createScratchDatabase(process.env.DATABASE_URL, 'garda_routing_guard');
    dataSource = createDataSource({
      url: database.url,
      schema: 'routing',
      applicationName: 'cross-channel-guard-int-spec',
      entities: [],
      migrations: routingService.migrations,
    });
    await initialiseDatabase(dataSource, 'routing', createLogger('cross-channel-guard-int-spec', 'warn'));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('blocks every other channel during a call when the profile sets no rule', async () => {
    const onACall = await agentWith(null, { voice: 1 });
    expect(await take(onACall, 'webchat')).toBe(false);
    expect(await take(onACall, 'email')).toBe(false);
    // Chats do not block a call; once the call is on, it blocks more chats.
    const chatting = await agentWith(null, { webchat: 1 });
    expect(await take(chatting, 'webchat')).toBe(true);
    expect(await take(chatting, 'voice')).toBe(true);
    expect(await take(chatting, 'webchat')).toBe(false);
  });

  it('blocks only the channels a rule lists, and nothing under an empty rule', async () => {
    const listed = await agentWith({ webchat: ['email'] }, { webchat: 1 });
    expect(await take(listed, 'email')).toBe(false);
    expect(await take(listed, 'sms')).toBe(true);
    const free = await agentWith({}, { voice: 1 });
    expect(await take(free, 'webchat')).toBe(true);
  });

  it('leaves the load as it was when it refuses, and never takes capacity for another tenant’s agent', async () => {
    const onACall = await agentWith(null, { voice: 1 });
    await take(onACall, 'webchat');
    const rows = await queryRows(
      dataSource,
      z.unknown(),
      `SELECT "channel", "reserved" FROM "routing"."agent_channel_load" WHERE "agent_id" = $1 AND "reserved" > 0`,
      [onACall],
    );
    expect(rows).toEqual([{ channel: 'voice', reserved: 1 }]);
    const idle = await agentWith(null, {});
    expect(await take(idle, 'webchat', randomUUID())).toBe(false);
    expect(await take(idle, 'webchat')).toBe(true);
  });
});
