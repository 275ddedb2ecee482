// The dead-letter tool against the real broker of the integration run: what a consumer dead-lettered
// can be listed, read in full and replayed to its source topic as it was first published.
import { randomUUID } from 'node:crypto';
import { deadLetterTopic, Headers, Topics } from '@garda/contracts';
import { createKafkaClient, encodeEvent, ensureTopics } from '@garda/messaging';
import { createLogger } from '@garda/service-kit';
import type { Kafka } from 'kafkajs';
import { countDeadLetters, deadLetterTopicOf, readDeadLetters, REPLAYED_FROM_HEADER, replayDeadLetters } from './dead-letters';

jest.setTimeout(120_000);

describe('dead letters: list, show, replay (real Kafka)', () => {
  let kafka: Kafka;
  const topic = Topics.AgentTyping;
  const tenantId = randomUUID();

  beforeAll(async () => {
    kafka = createKafkaClient({
      brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
      clientId: 'dlt-int-spec',
      logger: createLogger('dlt-int-spec', 'error'),
    });
    await ensureTopics(kafka);
  });

  /** What EventConsumer.deadLetter writes: the original record plus the reason and source topic. */
  const deadLetter = async (value: string, reason: string) => {
    const messageId = randomUUID();
    const record = encodeEvent(
      topic,
      { tenantId, agentId: randomUUID(), agentName: 'Ana', conversationId: randomUUID(), at: new Date().toISOString() },
      { tenantId, key: tenantId, messageId },
    );
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: deadLetterTopic(topic),
      acks: -1,
      messages: [
        {
          key: record.key,
          value: value || record.value,
          headers: { ...record.headers, [Headers.DeadLetterReason]: reason, [Headers.DeadLetterSourceTopic]: topic },
        },
      ],
    });
    await producer.disconnect();
    return { messageId, value: value || record.value };
  };

  it('lists and shows a dead letter with its reason, message id and tenant', async () => {
    const { messageId } = await deadLetter('', 'handler failed 5 times: connection terminated');
    const counts = await countDeadLetters(kafka);
    expect(counts.find((count) => count.topic === deadLetterTopic(topic))?.messages).toBeGreaterThanOrEqual(1);
    const letters = await readDeadLetters(kafka, deadLetterTopicOf(topic));
    const letter = letters.find((candidate) => candidate.messageId === messageId);
    expect(letter).toMatchObject({ sourceTopic: topic, tenantId, reason: 'handler failed 5 times: connection terminated' });
  });

  it('replays a dead letter to its source topic with its original message id, without the dead-letter headers', async () => {
    const { messageId, value } = await deadLetter('', 'handler failed 5 times: database unavailable');
    const letter = (await readDeadLetters(kafka, deadLetterTopicOf(topic))).find((candidate) => candidate.messageId === messageId)!;

    const consumer = kafka.consumer({ groupId: `dlt-int-spec-${randomUUID()}`, maxWaitTimeInMs: 100 });
    const seen: Array<{ headers: Record<string, string>; value: string }> = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, header]) => [name, String(header)]));
        if (headers[Headers.MessageId] === messageId) seen.push({ headers, value: message.value?.toString() ?? '' });
      },
    });
    try {
      const result = await replayDeadLetters(kafka, [letter]);
      expect(result.replayed).toHaveLength(1);
      const deadline = Date.now() + 30_000;
      while (seen.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(seen).toHaveLength(1);
      expect(seen[0].value).toBe(value);
      expect(seen[0].headers[Headers.TenantId]).toBe(tenantId);
      expect(seen[0].headers[REPLAYED_FROM_HEADER]).toBe(`${deadLetterTopic(topic)}/${letter.partition}/${letter.offset}`);
      expect(seen[0].headers[Headers.DeadLetterReason]).toBeUndefined();
    } finally {
      await consumer.disconnect();
    }
  });

  it('does not replay a letter whose value still breaks the contract, and says why', async () => {
    const { messageId } = await deadLetter('{"tenantId": 42}', 'schema: tenantId: expected string');
    const letter = (await readDeadLetters(kafka, deadLetterTopicOf(topic))).find((candidate) => candidate.messageId === messageId)!;
    const result = await replayDeadLetters(kafka, [letter]);
    expect(result.replayed).toHaveLength(0);
    expect(result.invalid[0].reason).toMatch(/^schema: /);
  });

  it('refuses a name that is not a Garda topic', () => {
    expect(() => deadLetterTopicOf('payments.charged.v1')).toThrow('"payments.charged.v1" is not a Garda topic or dead-letter topic');
  });
});
