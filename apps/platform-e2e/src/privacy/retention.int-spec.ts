import { randomUUID } from 'node:crypto';
import { DemoTenant } from '@garda/demo-tenant';
import { Client } from 'pg';
import { AgentClient, login, waitUntil, WebChatCustomer } from '../support/actors';
import { Platform } from '../support/platform';

jest.setTimeout(300_000);

const alice = DemoTenant.agents[0];
const tenantId = DemoTenant.id;

/**
 * Retention per tenant on the running platform: an admin sets the tenant's policy on the gateway,
 * tickets and channels-ingest receive it over Kafka, and their jobs (every second here) delete what
 * is older than the policy allows, while what is recent stays. Rows are real (a web-chat contact an
 * agent handled) and aged by moving their timestamps back, as time would.
 */
describe("a tenant's retention policy removes old data and keeps recent data", () => {
  const platform = new Platform({ RETENTION_SWEEP_INTERVAL_SECONDS: '1' });
  let db: Client;
  let agent: AgentClient;
  let adminToken: string;
  let agentToken: string;
  const chats: WebChatCustomer[] = [];

  const gateway = async (method: 'GET' | 'POST' | 'PUT', path: string, token: string, body?: unknown) => {
    const response = await fetch(`${platform.url('gateway')}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const count = async (sql: string, parameters: unknown[] = []) => Number((await db.query<{ n: string }>(sql, parameters)).rows[0].n);

  /** A web-chat contact the agent accepted; returns its conversation id. */
  const contact = async (name: string, text: string) => {
    const chat = new WebChatCustomer(platform.url('channels-ingest'));
    await chat.open({ name, email: `${name.toLowerCase()}.${randomUUID().slice(0, 6)}@example.id`, topic: 'support' });
    chats.push(chat);
    await chat.say(text);
    const offer = await agent.waitFor('offer:new', (o) => o.preview === text, 60_000);
    await agent.send('offer:accept', { contactId: offer.payload.contactId as string });
    await agent.waitFor('contact:assigned', (a) => a.conversationId === offer.payload.conversationId);
    return { conversationId: offer.payload.conversationId as string, sessionId: chat.sessionId, chat };
  };

  beforeAll(async () => {
    await platform.start();
    db = new Client({ connectionString: platform.env.DATABASE_URL });
    await db.connect();
    adminToken = (await login(platform.url('gateway'), DemoTenant.admin.email)).token;
    agentToken = (await login(platform.url('gateway'), alice.email)).token;
    agent = new AgentClient(platform.url('gateway'), agentToken);
    await agent.connected();
    await agent.goAvailable();
  }, 300_000);

  afterAll(async () => {
    agent?.close();
    chats.forEach((chat) => chat.close());
    await db?.end();
    await platform.stop();
  });

  it('lets admins set the policy (supervisors read it), and refuses days out of range naming the field', async () => {
    const before = await gateway('GET', '/privacy/retention', adminToken);
    expect(before.body).toMatchObject({ rawPayloadDays: 90, transcriptDays: null, closedTicketDays: null, auditDays: 400, revision: 0 });
    expect((await gateway('PUT', '/privacy/retention', agentToken, { ...before.body })).status).toBe(403);
    const invalid = await gateway('PUT', '/privacy/retention', adminToken, {
      rawPayloadDays: 0,
      transcriptDays: null,
      closedTicketDays: null,
      auditDays: null,
    });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body)).toContain('rawPayloadDays');
    const policy = { rawPayloadDays: 30, transcriptDays: 365, closedTicketDays: 180, auditDays: 400 };
    const saved = await gateway('PUT', '/privacy/retention', adminToken, policy);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ ...policy, revision: 1 });
    const sam = (await login(platform.url('gateway'), DemoTenant.supervisor.email)).token;
    expect((await gateway('GET', '/privacy/retention', sam)).body).toMatchObject(policy);
    // The services that prune have it.
    for (const schema of ['tickets', 'channels_ingest']) {
      await waitUntil(
        async () =>
          (await count(
            `SELECT count(*) AS n FROM "${schema}"."retention_policy" WHERE "tenant_id" = $1 AND "revision" = 1 AND "raw_payload_days" = 30`,
            [tenantId],
          )) === 1
            ? true
            : undefined,
        30_000,
        `the policy in ${schema}`,
      );
    }
  });

  it('deletes closed tickets, messages, transcripts, raw payloads and inbox records older than the policy, and keeps the recent ones', async () => {
    const closed = await contact('Budi', 'My invoice is wrong');
    expect((await gateway('POST', `/conversations/${closed.conversationId}/close`, agentToken, {})).status).toBe(201);
    const open = await contact('Citra', 'Where is my parcel?');
    await open.chat.say('It was due last week');
    await waitUntil(
      async () =>
        (await count(`SELECT count(*) AS n FROM "tickets"."message" WHERE "conversation_id" = $1`, [open.conversationId])) === 2
          ? true
          : undefined,
      30_000,
      'both messages of the open conversation',
    );
    await waitUntil(
      async () =>
        (await count(`SELECT count(*) AS n FROM "channels_ingest"."webchat_transcript" WHERE "session_id" = $1`, [open.sessionId])) === 2
          ? true
          : undefined,
      30_000,
      'both transcript lines',
    );
    const otherTenant = randomUUID(); // no policy: the defaults (raw payloads 90 days)
    const raw = { old: randomUUID(), recent: randomUUID(), otherOld: randomUUID(), otherKept: randomUUID() };
    for (const [id, tenant, days] of [
      [raw.old, tenantId, 40],
      [raw.recent, tenantId, 1],
      [raw.otherOld, otherTenant, 100],
      [raw.otherKept, otherTenant, 40],
    ] as const) {
      await db.query(
        `INSERT INTO "channels_ingest"."inbound_raw" ("id", "tenant_id", "account_id", "content_type", "payload", "received_at")
         VALUES ($1, $2, 'demo-wa', 'application/json', '\\x7b7d', now() - make_interval(days => $3))`,
        [id, tenant, days],
      );
    }
    const inbox = { old: `old-${randomUUID()}`, recent: `recent-${randomUUID()}` };
    await db.query(
      `INSERT INTO "customers"."inbox" ("consumer_group", "message_id", "topic", "processed_at")
       VALUES ('garda-customers', $1, 'channels.inbound-message.v1', now() - interval '30 days'), ('garda-customers', $2, 'channels.inbound-message.v1', now())`,
      [inbox.old, inbox.recent],
    );

    // Time passes: the closed ticket was solved 200 days ago; the open conversation's first message is 400 days old.
    await db.query(`UPDATE "tickets"."conversation" SET "closed_at" = now() - interval '200 days' WHERE "id" = $1`, [
      closed.conversationId,
    ]);
    const [firstMessage] = (
      await db.query<{ id: string }>(`SELECT "id" FROM "tickets"."message" WHERE "conversation_id" = $1 ORDER BY "created_at" LIMIT 1`, [
        open.conversationId,
      ])
    ).rows;
    await db.query(`UPDATE "tickets"."message" SET "created_at" = now() - interval '400 days' WHERE "id" = $1`, [firstMessage.id]);
    await db.query(
      `UPDATE "channels_ingest"."webchat_transcript" SET "created_at" = now() - interval '400 days'
       WHERE "id" = (SELECT min("id") FROM "channels_ingest"."webchat_transcript" WHERE "session_id" = $1)`,
      [open.sessionId],
    );

    await waitUntil(
      async () => {
        const left =
          (await count(`SELECT count(*) AS n FROM "tickets"."conversation" WHERE "id" = $1`, [closed.conversationId])) +
          (await count(`SELECT count(*) AS n FROM "tickets"."message" WHERE "id" = $1`, [firstMessage.id])) +
          (await count(`SELECT count(*) AS n FROM "channels_ingest"."inbound_raw" WHERE "id" = ANY($1::uuid[])`, [
            [raw.old, raw.otherOld],
          ])) +
          (await count(
            `SELECT count(*) AS n FROM "channels_ingest"."webchat_transcript" WHERE "session_id" = $1 AND "created_at" < now() - interval '1 day'`,
            [open.sessionId],
          )) +
          (await count(`SELECT count(*) AS n FROM "customers"."inbox" WHERE "message_id" = $1`, [inbox.old]));
        return left === 0 ? true : undefined;
      },
      60_000,
      'the old rows to be pruned',
    );

    // The closed ticket went whole; the open conversation, its ticket and its recent message stayed.
    expect(await count(`SELECT count(*) AS n FROM "tickets"."message" WHERE "conversation_id" = $1`, [closed.conversationId])).toBe(0);
    expect(
      await count(
        `SELECT count(*) AS n FROM "tickets"."ticket" t JOIN "tickets"."conversation" c ON c."ticket_id" = t."id" WHERE c."id" = $1`,
        [open.conversationId],
      ),
    ).toBe(1);
    const kept = await gateway('GET', `/conversations/${open.conversationId}`, agentToken);
    expect((kept.body.messages as Array<{ text: string }>).map((message) => message.text)).toEqual(['It was due last week']);
    expect(await count(`SELECT count(*) AS n FROM "channels_ingest"."webchat_transcript" WHERE "session_id" = $1`, [open.sessionId])).toBe(
      1,
    );
    expect(
      await count(`SELECT count(*) AS n FROM "channels_ingest"."inbound_raw" WHERE "id" = ANY($1::uuid[])`, [[raw.recent, raw.otherKept]]),
    ).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM "customers"."inbox" WHERE "message_id" = $1`, [inbox.recent])).toBe(1);
  });
});
