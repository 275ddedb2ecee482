import { randomUUID } from 'node:crypto';
import { allTopicSpecs, Headers, parseTopicPayload, type TopicName } from '@garda/contracts';
import type { IHeaders, Kafka } from 'kafkajs';

/** Header a replayed message carries: where in the dead-letter topic it came from. */
export const REPLAYED_FROM_HEADER = 'garda-replayed-from';

export interface DeadLetter {
  /** `<source topic>.dlt` */
  topic: string;
  sourceTopic: string;
  partition: number;
  offset: string;
  /** When it was dead-lettered (the record's timestamp). */
  at: Date;
  key: string;
  headers: Record<string, string>;
  value: string;
  reason: string;
  messageId: string | undefined;
  tenantId: string | undefined;
}

/** `tickets.outbound-message.v1` or `tickets.outbound-message.v1.dlt` → the dead-letter topic; refuses any other name. */
export function deadLetterTopicOf(name: string): string {
  const dlt = name.endsWith('.dlt') ? name : `${name}.dlt`;
  if (!deadLetterTopics().includes(dlt)) throw new Error(`"${name}" is not a Garda topic or dead-letter topic`);
  return dlt;
}

export const deadLetterTopics = (): string[] => allTopicSpecs().flatMap(({ topic }) => (topic.endsWith('.dlt') ? [topic] : []));

/** Messages waiting in each dead-letter topic (high minus low watermark), from the broker's offsets alone. */
export async function countDeadLetters(kafka: Kafka): Promise<Array<{ topic: string; messages: number }>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const counts = [];
    for (const topic of deadLetterTopics().filter((name) => existing.has(name))) {
      const offsets = await admin.fetchTopicOffsets(topic);
      const messages = offsets.reduce((sum, { high, low }) => sum + Number(BigInt(high) - BigInt(low)), 0);
      counts.push({ topic, messages });
    }
    return counts;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads a dead-letter topic from its start to its current end. A throwaway consumer group reads
 * it and is deleted afterwards: reading commits nothing anyone else relies on.
 */
export async function readDeadLetters(kafka: Kafka, topic: string): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `garda-dlt-reader-${randomUUID()}`;
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const pending = new Map(ends.filter(({ high, low }) => high !== low).map(({ partition, high }) => [partition, BigInt(high) - 1n]));
    if (pending.size === 0) return [];
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    const letters: DeadLetter[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              const last = pending.get(partition);
              if (last === undefined) return;
              letters.push(toDeadLetter(topic, partition, message.offset, message.timestamp, message.key, message.headers, message.value));
              if (BigInt(message.offset) >= last) pending.delete(partition);
              if (pending.size === 0) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return letters.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

export interface ReplayResult {
  replayed: DeadLetter[];
  /** Letters whose value still breaks the topic's contract: replaying them would only dead-letter them again. */
  invalid: Array<{ letter: DeadLetter; reason: string }>;
}

/**
 * Publishes dead letters back to their source topic with their original key, value and headers
 * (the message id among them), without the dead-letter headers, plus where they came from. The
 * consumers' inbox applies a message id once, so replaying a letter twice changes nothing more.
 */
export async function replayDeadLetters(kafka: Kafka, letters: DeadLetter[], options: { dryRun?: boolean } = {}): Promise<ReplayResult> {
  const result: ReplayResult = { replayed: [], invalid: [] };
  const valid: DeadLetter[] = [];
  for (const letter of letters) {
    const check = validate(letter);
    if (check === true) valid.push(letter);
    else result.invalid.push({ letter, reason: check });
  }
  if (options.dryRun || valid.length === 0) return { ...result, replayed: valid };
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (const letter of valid) {
      const headers: IHeaders = { ...letter.headers, [REPLAYED_FROM_HEADER]: `${letter.topic}/${letter.partition}/${letter.offset}` };
      delete headers[Headers.DeadLetterReason];
      delete headers[Headers.DeadLetterSourceTopic];
      await producer.send({ topic: letter.sourceTopic, acks: -1, messages: [{ key: letter.key, value: letter.value, headers }] });
      result.replayed.push(letter);
    }
  } finally {
    await producer.disconnect();
  }
  return result;
}

function validate(letter: DeadLetter): true | string {
  let json: unknown;
  try {
    json = JSON.parse(letter.value);
  } catch {
    return 'value is not valid JSON';
  }
  const parsed = parseTopicPayload(letter.sourceTopic as TopicName, json);
  return parsed.ok ? true : `schema: ${parsed.reason}`;
}

function toDeadLetter(
  topic: string,
  partition: number,
  offset: string,
  timestamp: string,
  key: Buffer | null,
  raw: IHeaders | undefined,
  value: Buffer | null,
): DeadLetter {
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(raw ?? {})) {
    const first = Array.isArray(header) ? header[0] : header;
    if (first !== undefined) headers[name] = first.toString();
  }
  return {
    topic,
    sourceTopic: headers[Headers.DeadLetterSourceTopic] ?? topic.replace(/\.dlt$/, ''),
    partition,
    offset,
    at: new Date(Number(timestamp)),
    key: key?.toString() ?? '',
    headers,
    value: value?.toString('utf8') ?? '',
    reason: headers[Headers.DeadLetterReason] ?? '(no reason recorded)',
    messageId: headers[Headers.MessageId],
    tenantId: headers[Headers.TenantId],
  };
}
