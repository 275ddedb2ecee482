import { createKafkaClient, ensureTopics } from '@garda/messaging';
import pino from 'pino';

export async function createTopicsFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const brokers = (env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set');
  const kafka = createKafkaClient({ brokers, clientId: 'garda-topics', logger: pino({ level: 'warn' }) });
  const { created } = await ensureTopics(kafka);
  return created;
}
