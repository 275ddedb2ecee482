// Webhooks under production's default outbound policy (no private network allowed), against real
// PostgreSQL and Kafka: an admin cannot register an internal URL, and an endpoint that points at
// one anyway (registered while its name resolved elsewhere) is never called.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bootstrapService, type RunningService, signAccessToken } from '@garda/service-kit';
import { createScratchDatabase, type ScratchDatabase, waitFor } from '@garda/testing';
import { notificationsService } from '../src/notifications.service-definition';

jest.setTimeout(90_000);

const JWT_SECRET = 'webhook-guard-int-spec-secret-0123';

describe('webhooks and the outbound guard (production defaults, real PostgreSQL + Kafka)', () => {
  let database: ScratchDatabase;
  let notifications: RunningService;
  let receiver: Server;
  let receiverUrl: string;
  let calls = 0;
  const tenantId = randomUUID();
  const admin = signAccessToken({ sub: randomUUID(), tenantId, role: 'admin', name: 'Ada' }, JWT_SECRET);

  beforeAll(async () => {
    receiver = createServer((_request, response) => {
      calls += 1;
      response.writeHead(200).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    database = await createScratchDatabase(process.env.DATABASE_URL, 'garda_webhook_guard');
    notifications = (await bootstrapService(notificationsService, {
      ...process.env,
      PORT: '0',
      DATABASE_URL: database.url,
      JWT_SECRET,
      WEBHOOK_SECRET_KEY: 'webhook-guard-int-spec-key-0123456789abcdef',
      LOG_LEVEL: 'warn',
      KAFKA_CLIENT_ID: `notifications-guard-${randomUUID().slice(0, 6)}`,
      WEBHOOK_RETRY_BASE_MS: '100',
    }))!;
  });

  afterAll(async () => {
    await notifications?.close();
    await database?.drop();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const create = (url: string) =>
    fetch(`${notifications.url}/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ url, events: ['*'] }),
    });

  it.each([
    'http://127.0.0.1:8080/hooks',
    'http://localhost/hooks',
    'http://[::1]/hooks',
    'http://[::ffff:169.254.169.254]/latest/meta-data/',
    'http://10.0.0.5/hooks',
    'http://100.100.100.200/',
  ])('refuses to register %s with a 400 naming the url, and stores nothing', async (url) => {
    const response = await create(url);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: 'url', message: expect.stringMatching(/not a public address/) });
    const rows: unknown = await notifications.runtime.dataSource.query(
      `SELECT 1 FROM "notifications"."webhook_endpoint" WHERE "url" = $1`,
      [url],
    );
    expect(rows).toEqual([]);
  });

  it('never calls an endpoint that points at loopback after all: the delivery fails at once, saying why', async () => {
    const endpointId = randomUUID();
    const deliveryId = randomUUID();
    const dataSource = notifications.runtime.dataSource;
    // As an endpoint registered while its name resolved to a public address would be stored.
    await dataSource.query(
      `INSERT INTO "notifications"."webhook_endpoint" ("id", "tenant_id", "url", "events", "secret") VALUES ($1, $2, $3, '{*}', 'whsec_0123456789abcdef')`,
      [endpointId, tenantId, receiverUrl],
    );
    await dataSource.query(
      `INSERT INTO "notifications"."webhook_delivery" ("id", "tenant_id", "endpoint_id", "event_id", "event_type", "payload", "occurred_at")
       VALUES ($1, $2, $3, $4, 'conversation.closed', '{}', now())`,
      [deliveryId, tenantId, endpointId, randomUUID()],
    );
    const delivery = await waitFor(async () => {
      const response = await fetch(`${notifications.url}/webhooks/${endpointId}/deliveries`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      const [row] = (await response.json()) as Array<{ status: string; attempts: number; lastError: string }>;
      return row?.status === 'failed' ? row : undefined;
    }, 'the delivery to fail');
    expect(delivery).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/^refused: the address is not a public address/) });
    expect(delivery.lastError).not.toContain('127.0.0.1');
    expect(calls).toBe(0);
  });
});
