import { Topics } from '@garda/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { WebChatCustomer } from './support/actors';
import { Platform } from './support/platform';

/** A customer (or an attacker) sends garbage: a clear 4xx, nothing published, the service stays up. */
describe('bad web-chat input', () => {
  const platform = new Platform();
  const kafka = new Kafka({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'bad-input-test', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  let customer: WebChatCustomer;

  beforeAll(async () => {
    await platform.start(['channels-ingest']);
    await admin.connect();
    customer = new WebChatCustomer(platform.url('channels-ingest'));
    await customer.open({ name: 'Mallory' });
  }, 180_000);

  afterAll(async () => {
    customer?.close();
    await admin.disconnect();
    await platform.stop();
  });

  const inboundHighWatermark = async () =>
    (await admin.fetchTopicOffsets(Topics.InboundMessage)).reduce((sum, partition) => sum + Number(partition.high), 0);

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
