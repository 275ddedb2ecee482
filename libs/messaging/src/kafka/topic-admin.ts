import { allTopicSpecs } from '@garda/contracts';
import type { Kafka } from 'kafkajs';

/**
 * Creates every topic libs/contracts declares, with its partition count. Existing topics are left
 * alone, so this is safe to run on every start and as a Kubernetes Job.
 */
export async function ensureTopics(kafka: Kafka): Promise<{ created: string[] }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = allTopicSpecs().filter((spec) => !existing.has(spec.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({ topic: spec.topic, numPartitions: spec.numPartitions, replicationFactor: -1 })),
      });
    }
    return { created: missing.map((spec) => spec.topic) };
  } finally {
    await admin.disconnect();
  }
}
