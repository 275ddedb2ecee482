// The tenant admin's side of channels: connecting a provider account over HTTP, with secrets that
// go in but never come out, are stored encrypted, and route webhooks to the right account.
import { randomUUID } from 'node:crypto';
import { queryRows, signAccessToken, type RunningService } from '@garda/service-kit';
import { ChannelAccountsService } from '../src/accounts/channel-accounts.service';
import { SecretBox } from '../src/accounts/secret-box';
import { integrationEnv, startChannelsIngest } from './support';
import { z } from 'zod';

jest.setTimeout(120_000);

const JWT_SECRET = 'channels-accounts-int-spec-jwt-secret';

describe('channel accounts API (real PostgreSQL)', () => {
  let service: RunningService;
  const tenantId = randomUUID();
  const token = (role: 'admin' | 'supervisor' | 'agent', tenant = tenantId) =>
    signAccessToken({ sub: randomUUID(), tenantId: tenant, role, name: 'Ada' }, JWT_SECRET);
  const put = (id: string, body: unknown, bearer = token('admin')) =>
    fetch(`${service.url}/channel-accounts/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify(body),
    });
  const telegram = {
    channel: 'telegram',
    displayName: 'Support bot',
    config: {},
    secrets: { botToken: '123:plain-bot-token', webhookSecret: 'hook-secret' },
  };

  beforeAll(async () => {
    service = await startChannelsIngest(integrationEnv({ JWT_SECRET }));
  });
  afterAll(async () => {
    await service?.close();
  });

  it('lets an admin connect a provider; secrets are stored encrypted and only their names are shown', async () => {
    const id = `tg-${tenantId.slice(0, 8)}`;
    const response = await put(id, telegram);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id, channel: 'telegram', tenantId, secretNames: ['botToken', 'webhookSecret'] });
    const [row] = await queryRows(
      service.runtime.dataSource,
      z.object({ secrets_encrypted: z.string() }),
      `SELECT "secrets_encrypted" FROM "channels_ingest"."channel_account" WHERE "id" = $1`,
      [id],
    );
    expect(row.secrets_encrypted).not.toContain('plain-bot-token');

    const listed = await fetch(`${service.url}/channel-accounts`, { headers: { authorization: `Bearer ${token('supervisor')}` } });
    const text = await listed.text();
    expect(listed.status).toBe(200);
    expect(text).toContain(id);
    expect(text).not.toContain('plain-bot-token');

    // The stored secret is the one the webhook checks.
    const update = {
      update_id: 1,
      message: {
        message_id: 1,
        date: 1700000000,
        chat: { id: 5, type: 'private' },
        from: { id: 5, is_bot: false, first_name: 'A' },
        text: 'hi',
      },
    };
    const webhook = (secret: string) =>
      fetch(`${service.url}/webhooks/telegram/${id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify(update),
      });
    expect((await webhook('hook-secret')).status).toBe(200);
    expect((await webhook('other')).status).toBe(401);
  });

  it('routes webhooks by the provider ids in the account (a WhatsApp phone number id)', async () => {
    const phoneNumberId = `9${Date.now()}`;
    const response = await put(`wa-${tenantId.slice(0, 8)}`, {
      channel: 'whatsapp',
      displayName: 'WhatsApp',
      config: { phoneNumberId },
      secrets: { appSecret: 's', verifyToken: 'v', accessToken: 'a' },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { addresses: string[] }).addresses).toEqual([phoneNumberId]);
  });

  it('keeps working when one account’s secrets were sealed under another key (key rotation, damage)', async () => {
    const brokenPhone = `8${Date.now()}`;
    await service.app.get(ChannelAccountsService).upsert({
      id: `wa-good-${tenantId.slice(0, 8)}`,
      tenantId,
      channel: 'whatsapp',
      displayName: 'good',
      config: { phoneNumberId: `7${Date.now()}` },
      secrets: { appSecret: 's', verifyToken: 'good-token', accessToken: 'a' },
      addresses: [`7${Date.now()}`],
    });
    const stale = new SecretBox('a-different-master-key-from-before-rotation').seal({
      appSecret: 'old',
      verifyToken: 'old',
      accessToken: 'old',
    });
    await service.runtime.dataSource.query(
      `INSERT INTO "channels_ingest"."channel_account" ("id", "tenant_id", "channel", "display_name", "config", "secrets_encrypted") VALUES ($1, $2, 'whatsapp', 'stale', $3, $4)`,
      [`wa-stale-${tenantId.slice(0, 8)}`, tenantId, JSON.stringify({ phoneNumberId: brokenPhone }), stale],
    );
    await service.runtime.dataSource.query(
      `INSERT INTO "channels_ingest"."channel_address" ("channel", "address", "account_id") VALUES ('whatsapp', $1, $2)`,
      [brokenPhone, `wa-stale-${tenantId.slice(0, 8)}`],
    );

    const handshake = await fetch(`${service.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=good-token&hub.challenge=42`);
    expect([handshake.status, await handshake.text()]).toEqual([200, '42']);
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata: { phone_number_id: brokenPhone } } }] }],
    });
    const post = await fetch(`${service.url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=' + '0'.repeat(64) },
      body,
    });
    expect(post.status).toBe(401);
  });

  it('refuses (409) an address another tenant or account already routes, and changes nothing', async () => {
    const phoneNumberId = `6${Date.now()}`;
    const whatsapp = (displayName: string) => ({
      channel: 'whatsapp',
      displayName,
      config: { phoneNumberId },
      secrets: { appSecret: 's', verifyToken: 'v', accessToken: 'a' },
    });
    const ours = `wa-own-${tenantId.slice(0, 8)}`;
    expect((await put(ours, whatsapp('Ours'))).status).toBe(200);

    const otherTenant = randomUUID();
    const theirs = `wa-theirs-${otherTenant.slice(0, 8)}`;
    const conflict = await put(theirs, whatsapp('Theirs'), token('admin', otherTenant));
    expect(conflict.status).toBe(409);
    const reason = (await conflict.json()) as { message: string };
    expect(reason.message).toContain(`"${phoneNumberId}" is already connected to another channel account`);
    expect(reason.message).not.toContain(ours);
    const theirList = (await (
      await fetch(`${service.url}/channel-accounts`, { headers: { authorization: `Bearer ${token('supervisor', otherTenant)}` } })
    ).json()) as unknown[];
    expect(theirList).toEqual([]);

    // Another account of the same tenant cannot take it either; the owner keeps it and can save again.
    expect((await put(`wa-second-${tenantId.slice(0, 8)}`, whatsapp('Second'))).status).toBe(409);
    const [route] = await queryRows(
      service.runtime.dataSource,
      z.object({ account_id: z.string() }),
      `SELECT "account_id" FROM "channels_ingest"."channel_address" WHERE "channel" = 'whatsapp' AND "address" = $1`,
      [phoneNumberId],
    );
    expect(route.account_id).toBe(ours);
    const again = await put(ours, { ...whatsapp('Ours, renamed'), addresses: [phoneNumberId, ` ${phoneNumberId} `] });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ displayName: 'Ours, renamed', addresses: [phoneNumberId] });
  });

  it('refuses what would break an account, another tenant’s id, and non-admins', async () => {
    const invalid = await put(`bad-${tenantId.slice(0, 8)}`, {
      channel: 'sms',
      displayName: 'SMS',
      config: { accountSid: 'nope', phoneNumber: '555' },
      secrets: {},
    });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(await invalid.json())).toContain('config.accountSid');
    expect((await put(`tg-${tenantId.slice(0, 8)}`, telegram, token('admin', randomUUID()))).status).toBe(403);
    expect((await put(`x-${tenantId.slice(0, 8)}`, telegram, token('agent'))).status).toBe(403);
    expect((await put(`x-${tenantId.slice(0, 8)}`, telegram, 'not-a-token')).status).toBe(401);
  });
});
