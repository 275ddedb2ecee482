import { allTopicSpecs } from '@garda/contracts';
import { type Admin, type Kafka, KafkaJSProtocolError } from 'kafkajs';

const READABLE_TIMEOUT_MS = 30_000;

/**
 * Creates every topic libs/contracts declares, with its partition count. Existing topics are left
 * alone, so this is safe to run on every start and as a Kubernetes Job. Returns once every
 * partition answers, so a service that reports ready right after this can really use its topics.
 */
export async function ensureTopics(kafka: Kafka): Promise<{ created: string[] }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const specs = allTopicSpecs();
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.numPartitions,
          replicationFactor: -1,
          configEntries: Object.entries(spec.config ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
      await waitUntilReadable(
        admin,
        missing.map((spec) => spec.topic),
      );
    }
    return { created: missing.map((spec) => spec.topic) };
  } finally {
    await admin.disconnect();
  }
}

/**
 * A partition's leader is in the metadata a moment before the broker serves it: until then it
 * answers "not the leader" to every fetch and offset request. Waiting here keeps that moment out
 * of every consumer's first join (and out of the logs).
 */
async function waitUntilReadable(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + READABLE_TIMEOUT_MS;
  const pending = new Set(topics);
  for (;;) {
    for (const topic of [...pending]) {
      try {
        await admin.fetchTopicOffsets(topic);
        pending.delete(topic);
      } catch (error) {
        if (!(error instanceof KafkaJSProtocolError && error.retriable)) throw error;
      }
    }
    if (pending.size === 0) return;
    if (Date.now() > deadline) throw new Error(`topics not readable after ${READABLE_TIMEOUT_MS} ms: ${[...pending].join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
