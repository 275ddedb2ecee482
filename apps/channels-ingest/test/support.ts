import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapService, type RunningService } from '@garda/service-kit';
import { waitFor } from '@garda/testing';
import { channelsIngestService } from '../src/channels-ingest.service-definition';

export const generousWebchatLimits = {
  WEBCHAT_SESSIONS_PER_ADDRESS: '1000000',
  WEBCHAT_MESSAGES_PER_SESSION: '1000000',
  WEBCHAT_MESSAGES_PER_ADDRESS: '1000000',
  WEBCHAT_CONNECTIONS_PER_ADDRESS: '1000000',
  WEBCHAT_TYPING_PER_SESSION: '1000000',
};

export function integrationEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  for (const name of ['KAFKA_BROKERS', 'DATABASE_URL']) {
    if (!process.env[name]) throw new Error(`${name} is not set: run through jest's integration project (its global setup provides it)`);
  }
  return {
    ...process.env,
    PORT: '0',
    SEED_DEMO: 'true',
    JWT_SECRET: 'channels-ingest-int-spec-jwt-secret',
    CHANNELS_SECRET_KEY: randomBytes(32).toString('hex'),
    SMTP_ENABLED: 'false',
    MEDIA_LOCAL_DIR: mkdtempSync(join(tmpdir(), 'garda-media-')),
    LOG_LEVEL: 'warn',
    // Every test talks from 127.0.0.1 and the fuzz sends hundreds of messages in one session:
    // the web-chat limits are proven in webchat-limits.int-spec.ts, with their defaults.
    ...generousWebchatLimits,
    // The fake providers and SMTP relays of these tests listen on loopback, which production refuses.
    OUTBOUND_ALLOWED_NETWORKS: '127.0.0.0/8,::1',
    ...extra,
  };
}

export async function startChannelsIngest(env: NodeJS.ProcessEnv): Promise<RunningService> {
  const service = await bootstrapService(channelsIngestService, env);
  if (!service) throw new Error('channels-ingest did not start');
  await waitFor(
    async () => ((await fetch(`${service.url}/health/ready`)).status === 200 ? true : undefined),
    'channels-ingest to be ready',
    60_000,
  );
  return service;
}

// The shared helpers, re-exported for this folder's tests.
export { type Recorded, TopicRecorder, waitFor } from '@garda/testing';
