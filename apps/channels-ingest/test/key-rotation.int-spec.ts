// Rotating CHANNELS_SECRET_KEY on real PostgreSQL and Kafka, the way docs/operations.md tells an
// operator to: (1) start with the new key and the old one as previous, (2) run the re-encryption
// command, (3) drop the old key. Provider secrets and visitors' sessions keep working throughout.
import { randomBytes, randomUUID } from 'node:crypto';
import { DemoTenant } from '@garda/demo-tenant';
import { type RunningService, runServiceTask } from '@garda/service-kit';
import { createScratchDatabase, type ScratchDatabase } from '@garda/testing';
import { ChannelAccountsService } from '../src/accounts/channel-accounts.service';
import { SecretBox, secretBoxFor } from '../src/accounts/secret-box';
import { reencryptChannelSecrets } from '../src/accounts/secrets-rotation';
import { channelsIngestService } from '../src/channels-ingest.service-definition';
import { telegramTextUpdate } from './provider-fixtures';
import { integrationEnv, startChannelsIngest } from './support';

jest.setTimeout(180_000);

const OLD_KEY = randomBytes(32).toString('hex');
const NEW_KEY = randomBytes(32).toString('hex');

describe('rotating CHANNELS_SECRET_KEY (real PostgreSQL + Kafka)', () => {
  let database: ScratchDatabase;
  const accountId = `tg-rot-${randomUUID().slice(0, 8)}`;
  const webhookSecret = 'rotation-webhook-secret';
  let visitorToken: string;

  beforeAll(async () => {
    database = await createScratchDatabase();
  });
  afterAll(() => database?.drop());

  const env = (keys: Record<string, string>) => integrationEnv({ DATABASE_URL: database.url, ...keys });
  const storedSecrets = async (service: RunningService) => {
    const rows: unknown = await service.runtime.dataSource.query(
      `SELECT "secrets_encrypted" FROM "channels_ingest"."channel_account" WHERE "id" = $1`,
      [accountId],
    );
    return (rows as Array<{ secrets_encrypted: string }>)[0]!.secrets_encrypted;
  };
  const telegramAccepts = async (service: RunningService) =>
    (
      await fetch(`${service.url}/webhooks/telegram/${accountId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': webhookSecret },
        body: JSON.stringify(telegramTextUpdate(Math.floor(Math.random() * 1e9), 'hello')),
      })
    ).status;
  const visitorSessionValid = async (service: RunningService) =>
    (
      await fetch(`${service.url}/webchat/${DemoTenant.webchatAccountId}/messages`, {
        headers: { authorization: `Bearer ${visitorToken}` },
      })
    ).status;

  it('before: secrets are sealed under the old key', async () => {
    const service = await startChannelsIngest(env({ CHANNELS_SECRET_KEY: OLD_KEY }));
    try {
      await service.app.get(ChannelAccountsService).upsert({
        id: accountId,
        tenantId: DemoTenant.id,
        channel: 'telegram',
        displayName: 'Bot',
        config: {},
        secrets: { botToken: '123:rotation-bot-token', webhookSecret },
      });
      const started = await fetch(`${service.url}/webchat/${DemoTenant.webchatAccountId}/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      visitorToken = ((await started.json()) as { token: string }).token;
      expect(await telegramAccepts(service)).toBe(200);
      expect((await storedSecrets(service)).split('.')[1]).toBe(new SecretBox(OLD_KEY).currentKeyId);
    } finally {
      await service.close();
    }
  });

  it('step 1: with the new key and the old one as previous, old secrets and sessions still work', async () => {
    const service = await startChannelsIngest(env({ CHANNELS_SECRET_KEY: NEW_KEY, CHANNELS_SECRET_KEYS_PREVIOUS: OLD_KEY }));
    try {
      expect(await telegramAccepts(service)).toBe(200);
      expect(await visitorSessionValid(service)).toBe(200);
    } finally {
      await service.close();
    }
  });

  it('step 2: the re-encryption command seals every account under the new key, and a second run finds nothing to do', async () => {
    const keys = env({ CHANNELS_SECRET_KEY: NEW_KEY, CHANNELS_SECRET_KEYS_PREVIOUS: OLD_KEY });
    const reports: Array<Awaited<ReturnType<typeof reencryptChannelSecrets>>> = [];
    const run = () =>
      runServiceTask(
        channelsIngestService,
        async ({ config, dataSource, logger }) => {
          reports.push(await reencryptChannelSecrets(dataSource, secretBoxFor(config), logger));
        },
        keys,
      );
    await run();
    await run();
    expect(reports[0]).toMatchObject({ unreadable: [] });
    expect(reports[0]!.resealed).toBeGreaterThanOrEqual(1);
    expect(reports[1]).toMatchObject({ resealed: 0, unreadable: [] });
  });

  it('step 3: with the old key gone, secrets open under the new one', async () => {
    const service = await startChannelsIngest(env({ CHANNELS_SECRET_KEY: NEW_KEY }));
    try {
      expect(await telegramAccepts(service)).toBe(200);
      const sealed = await storedSecrets(service);
      expect(sealed.split('.').slice(0, 2)).toEqual(['v2', new SecretBox(NEW_KEY).currentKeyId]);
      expect(sealed).not.toContain('rotation-bot-token');
    } finally {
      await service.close();
    }
  });
});
