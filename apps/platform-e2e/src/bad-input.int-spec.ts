import { Topics } from '@garda/contracts';
import { type Admin, Kafka, KafkaJSProtocolError, logLevel } from 'kafkajs';
import { WebChatCustomer } from './support/actors';
import { Platform } from './support/platform';

/** A customer (or an attacker) sends garbage: a clear 4xx, nothing published, the service stays up. */
describe('bad web-chat input', () => {
  const platform = new Platform();
  let admin: Admin;
  let customer: WebChatCustomer;

  beforeAll(async () => {
    await platform.start(['channels-ingest']);
    admin = new Kafka({ brokers: platform.env.KAFKA_BROKERS.split(','), clientId: 'bad-input-test', logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    customer = new WebChatCustomer(platform.url('channels-ingest'));
    await customer.open({ name: 'Mallory' });
  }, 180_000);

  afterAll(async () => {
    customer?.close();
    await admin?.disconnect();
    await platform.stop();
  });

  // The platform's broker is brand new: right after the topics are created a partition can still
  // answer "not the leader" for a moment, which kafkajs's admin does not retry by itself.
  const inboundHighWatermark = async (): Promise<number> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return (await admin.fetchTopicOffsets(Topics.InboundMessage)).reduce((sum, partition) => sum + Number(partition.high), 0);
      } catch (error) {
        if (!(error instanceof KafkaJSProtocolError && error.retriable) || attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  };

  it.each([
    ['text missing', { clientMessageId: crypto.randomUUID() }],
    ['client message id not a uuid', { clientMessageId: 'abc', text: 'hi' }],
    ['text too long', { clientMessageId: crypto.randomUUID(), text: 'x'.repeat(5000) }],
    ['wrong types', { clientMessageId: 42, text: ['hi'] }],
  ])('answers 400 with the reason when %s, and publishes nothing', async (_case, body) => {
    const before = await inboundHighWatermark();
    const response = await customer.post(body);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toMatch(/clientMessageId|text/);
    expect(await inboundHighWatermark()).toBe(before);
  });

  it('answers 400 to a body that is not JSON at all, and stays healthy', async () => {
    const before = await inboundHighWatermark();
    const response = await customer.post(undefined, '{"clientMessageId": "');
    expect(response.status).toBe(400);
    expect(await inboundHighWatermark()).toBe(before);
    expect((await fetch(`${platform.url('channels-ingest')}/health/live`)).status).toBe(200);
  });

  it('answers 413 to an oversized body', async () => {
    const response = await customer.post(undefined, JSON.stringify({ clientMessageId: crypto.randomUUID(), text: 'x'.repeat(2_000_000) }));
    expect(response.status).toBe(413);
  });
});
