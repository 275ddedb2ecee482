// Proves that kafkajs 2.2.4 (what every Garda service uses) works against the broker the
// integration setup provides (deploy/local/kafka.mjs, Kafka 3.9.x): the exact client features
// the services rely on. See docs/adr/0002-kafka-broker-version.md.
import { randomUUID } from 'node:crypto';
import { waitFor } from '@garda/testing';
import { Admin, Consumer, Kafka, logLevel, Producer } from 'kafkajs';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
// Group joins and coordinator lookups take a few seconds on a fresh broker.
jest.setTimeout(60_000);

describe('local Kafka broker with kafkajs', () => {
  const kafka = new Kafka({ clientId: 'garda-infra-int-spec', brokers, logLevel: logLevel.NOTHING });
  const runId = randomUUID().slice(0, 8);
  const topic = `garda.infra-check.${runId}`;
  const groupId = `garda-infra-check-${runId}`;
  let admin: Admin;
  let producer: Producer;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    expect(brokers.length).toBeGreaterThan(0);
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.disconnect()));
    await producer?.disconnect();
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin?.disconnect();
  });

  it('creates and lists a topic through the admin client', async () => {
    const created = await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });

    expect(created).toBe(true);
    expect(await admin.listTopics()).toContain(topic);
    expect(await admin.fetchTopicOffsets(topic)).toEqual([expect.objectContaining({ partition: 0, low: '0', high: '0' })]);
  });

  it('does not create topics implicitly (a typo in a topic name must fail)', async () => {
    const missing = `garda.infra-check.missing-${runId}`;
    const impatient = kafka.producer({ retry: { retries: 1, initialRetryTime: 100 } });
    await impatient.connect();
    try {
      await expect(impatient.send({ topic: missing, messages: [{ value: 'x' }] })).rejects.toThrow();
    } finally {
      await impatient.disconnect();
    }
    expect(await admin.listTopics()).not.toContain(missing);
  });

  it('accepts messages from an idempotent producer with acks=-1', async () => {
    const metadata = await producer.send({
      topic,
      acks: -1,
      messages: ['m0', 'm1', 'm2', 'm3', 'm4'].map((value) => ({ key: 'conversation-1', value })),
    });

    expect(metadata).toEqual([expect.objectContaining({ topicName: topic, partition: 0, errorCode: 0, baseOffset: '0' })]);
    expect(await admin.fetchTopicOffsets(topic)).toEqual([expect.objectContaining({ partition: 0, high: '5' })]);
  });

  it('lets a group consumer commit manually, and a second member resume after the commit', async () => {
    const first = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    consumers.push(first);
    const seenByFirst: string[] = [];
    await first.connect();
    await first.subscribe({ topics: [topic], fromBeginning: true });
    await first.run({
      autoCommit: false,
      eachMessage: async ({ topic: from, partition, message }) => {
        const value = message.value?.toString() ?? '';
        seenByFirst.push(value);
        // Only m0..m2 count as handled; m3 and m4 are seen but never committed.
        if (['m0', 'm1', 'm2'].includes(value)) {
          await first.commitOffsets([{ topic: from, partition, offset: (Number(message.offset) + 1).toString() }]);
        }
      },
    });
    await waitFor(() => seenByFirst.length === 5, 'the first consumer to read all 5 messages');
    expect(seenByFirst).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);

    const [group] = (await admin.describeGroups([groupId])).groups;
    expect(group).toEqual(expect.objectContaining({ groupId, state: 'Stable', protocolType: 'consumer' }));
    expect(group.members).toHaveLength(1);
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed).toEqual([{ topic, partitions: [expect.objectContaining({ partition: 0, offset: '3' })] }]);

    await first.disconnect();
    consumers.splice(consumers.indexOf(first), 1);

    const second = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    consumers.push(second);
    const seenBySecond: string[] = [];
    await second.connect();
    await second.subscribe({ topics: [topic], fromBeginning: true });
    await second.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        seenBySecond.push(message.value?.toString() ?? '');
      },
    });
    await producer.send({ topic, acks: -1, messages: [{ key: 'conversation-1', value: 'm5' }] });
    await waitFor(() => seenBySecond.length >= 3, 'the second consumer to read m3, m4 and m5');

    expect(seenBySecond).toEqual(['m3', 'm4', 'm5']);
  }, 60_000);
});
