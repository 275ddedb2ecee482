import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapService, type RunningService } from '@garda/service-kit';
import { type Consumer, Kafka, type KafkaMessage, logLevel } from 'kafkajs';
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

export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface Recorded {
  topic: string;
  key: string;
  headers: Record<string, string>;
  value: Record<string, unknown>;
}

/** Reads topics from the beginning with its own group, so a test sees everything published. */
export class TopicRecorder {
  readonly records: Recorded[] = [];
  /** The last offset read per `topic/partition`, to know when everything published has been read. */
  private readonly positions = new Map<string, bigint>();
  private readonly kafka = new Kafka({
    clientId: 'channels-ingest-int-spec',
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
    logLevel: logLevel.NOTHING,
  });
  private consumer: Consumer | undefined;

  async start(topics: string[]): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: `channels-ingest-int-spec-${randomBytes(6).toString('hex')}`, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        this.records.push({
          topic,
          key: message.key?.toString() ?? '',
          headers: headersOf(message),
          value: JSON.parse(message.value?.toString() ?? 'null'),
        });
        this.positions.set(`${topic}/${partition}`, BigInt(message.offset));
      },
    });
  }

  on(topic: string, predicate: (value: Record<string, unknown>) => boolean = () => true): Recorded[] {
    return this.records.filter((record) => record.topic === topic && predicate(record.value));
  }

  async waitFor(topic: string, predicate: (value: Record<string, unknown>) => boolean, what = topic): Promise<Recorded> {
    return waitFor(() => this.on(topic, predicate)[0], what);
  }

  /** Waits until every message on the topic, up to its current end, has been read. */
  async caughtUp(topic: string): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(topic);
      await waitFor(
        () =>
          ends.every(
            ({ partition, high, low }) => high === low || (this.positions.get(`${topic}/${partition}`) ?? -1n) >= BigInt(high) - 1n,
          )
            ? true
            : undefined,
        `the end of ${topic}`,
      );
    } finally {
      await admin.disconnect();
    }
  }

  producer() {
    return this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

function headersOf(message: KafkaMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(Array.isArray(value) ? value[0] : value)]),
  );
}
