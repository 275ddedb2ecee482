// Webhook signing secrets at rest, on real PostgreSQL and Kafka: stored sealed (never in plain
// text), plain ones from before sealed at the next start, and WEBHOOK_SECRET_KEY rotated the way
// docs/operations.md says — deliveries stay signed with the endpoint's own secret throughout.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bootstrapService, queryRows, runServiceTask, signAccessToken, type RunningService } from '@garda/service-kit';
import { createScratchDatabase, type ScratchDatabase, waitFor } from '@garda/testing';
import { notificationsService } from '../src/notifications.service-definition';
import { reencryptWebhookSecrets, webhookSecretBoxFor } from '../src/webhooks/webhook-secrets';
import { verifyWebhookSignature } from '../src/webhooks/webhook-signature';
import { z } from 'zod';

jest.setTimeout(180_000);

const JWT_SECRET = 'webhook-secrets-int-spec-secret-0123';
const OLD_KEY = randomBytes(32).toString('hex');
const NEW_KEY = randomBytes(32).toString('hex');

describe('webhook secrets at rest (real PostgreSQL + Kafka)', () => {
  let database: ScratchDatabase;
  let receiver: Server;
  let receiverUrl: string;
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const tenantId = randomUUID();
  const admin = signAccessToken({ sub: randomUUID(), tenantId, role: 'admin', name: 'Ada' }, JWT_SECRET);

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    database = await createScratchDatabase(process.env.DATABASE_URL, 'garda_webhook_secrets');
  });

  afterAll(async () => {
    await database?.drop();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const env = (keys: Record<string, string>): NodeJS.ProcessEnv => ({
    ...process.env,
    PORT: '0',
    DATABASE_URL: database.url,
    JWT_SECRET,
    LOG_LEVEL: 'warn',
    KAFKA_CLIENT_ID: `notifications-secrets-${randomUUID().slice(0, 6)}`,
    // The receiver listens on loopback, which production refuses.
    OUTBOUND_ALLOWED_NETWORKS: '127.0.0.0/8',
    ...keys,
  });
  const start = async (keys: Record<string, string>) => (await bootstrapService(notificationsService, env(keys)))!;
  const row = async (service: RunningService, id: string) => {
    const rows = await queryRows(
      service.runtime.dataSource,
      z.object({ secret: z.string().nullable(), secret_sealed: z.string().nullable(), secret_hint: z.string().nullable() }),
      `SELECT "secret", "secret_sealed", "secret_hint" FROM "notifications"."webhook_endpoint" WHERE "id" = $1`,
      [id],
    );
    return rows[0]!;
  };
  /** Queues one delivery for the endpoint and returns what the receiver got, once it arrived. */
  const deliver = async (service: RunningService, endpointId: string) => {
    const deliveryId = randomUUID();
    await service.runtime.dataSource.query(
      `INSERT INTO "notifications"."webhook_delivery" ("id", "tenant_id", "endpoint_id", "event_id", "event_type", "payload", "occurred_at")
       VALUES ($1, $2, $3, $4, 'conversation.closed', '{}', now())`,
      [deliveryId, tenantId, endpointId, randomUUID()],
    );
    return waitFor(() => received.find((request) => request.headers['x-garda-delivery'] === deliveryId), `delivery ${deliveryId}`);
  };
  const signedWith = (secret: string, request: { headers: IncomingHttpHeaders; body: string }) =>
    verifyWebhookSignature(secret, request.body, request.headers['x-garda-signature'] as string | undefined);

  let created: { id: string; secret: string };
  const legacyId = randomUUID();
  const legacySecret = 'whsec_legacy_plain_text_secret_1234';

  it('stores a new endpoint’s secret sealed, shows only its last four characters, and signs with it', async () => {
    const service = await start({ WEBHOOK_SECRET_KEY: OLD_KEY });
    try {
      const response = await fetch(`${service.url}/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({ url: receiverUrl, events: ['*'] }),
      });
      expect(response.status).toBe(201);
      created = (await response.json()) as { id: string; secret: string };
      const stored = await row(service, created.id);
      expect(stored.secret).toBeNull();
      expect(stored.secret_sealed).not.toContain(created.secret);
      expect(stored.secret_sealed?.split('.')[1]).toBe(
        webhookSecretBoxFor({ WEBHOOK_SECRET_KEY: OLD_KEY, WEBHOOK_SECRET_KEYS_PREVIOUS: [] }).currentKeyId,
      );
      const listed = await (await fetch(`${service.url}/webhooks`, { headers: { authorization: `Bearer ${admin}` } })).json();
      expect(JSON.stringify(listed)).not.toContain(created.secret);
      expect(listed).toMatchObject({ webhooks: [{ id: created.id, secretHint: `…${created.secret.slice(-4)}` }] });
      expect(signedWith(created.secret, await deliver(service, created.id))).toBe(true);

      // An endpoint stored before sealing existed (plain text), for the next start to seal.
      await service.runtime.dataSource.query(
        `INSERT INTO "notifications"."webhook_endpoint" ("id", "tenant_id", "url", "events", "secret") VALUES ($1, $2, $3, '{*}', $4)`,
        [legacyId, tenantId, receiverUrl, legacySecret],
      );
    } finally {
      await service.close();
    }
  });

  it('seals secrets stored in plain text when it starts, and still signs with them', async () => {
    const service = await start({ WEBHOOK_SECRET_KEY: OLD_KEY });
    try {
      const stored = await row(service, legacyId);
      expect(stored).toMatchObject({ secret: null, secret_hint: legacySecret.slice(-4) });
      expect(stored.secret_sealed).not.toContain(legacySecret);
      expect(signedWith(legacySecret, await deliver(service, legacyId))).toBe(true);
    } finally {
      await service.close();
    }
  });

  it('rotates WEBHOOK_SECRET_KEY: previous key accepted, the command re-seals, then the old key can go', async () => {
    const rotating = { WEBHOOK_SECRET_KEY: NEW_KEY, WEBHOOK_SECRET_KEYS_PREVIOUS: OLD_KEY };
    const during = await start(rotating);
    try {
      expect(signedWith(created.secret, await deliver(during, created.id))).toBe(true);
    } finally {
      await during.close();
    }

    let report: Awaited<ReturnType<typeof reencryptWebhookSecrets>> | undefined;
    await runServiceTask(
      notificationsService,
      async ({ config, dataSource, logger }) => {
        report = await reencryptWebhookSecrets(dataSource, webhookSecretBoxFor(config), logger);
      },
      env(rotating),
    );
    expect(report).toEqual({ total: 2, resealed: 2, alreadyCurrent: 0, unreadable: [] });

    const after = await start({ WEBHOOK_SECRET_KEY: NEW_KEY });
    try {
      expect((await row(after, created.id)).secret_sealed?.split('.')[1]).toBe(
        webhookSecretBoxFor({ WEBHOOK_SECRET_KEY: NEW_KEY, WEBHOOK_SECRET_KEYS_PREVIOUS: [] }).currentKeyId,
      );
      expect(signedWith(created.secret, await deliver(after, created.id))).toBe(true);
      expect(signedWith(legacySecret, await deliver(after, legacyId))).toBe(true);
    } finally {
      await after.close();
    }
  });
});
