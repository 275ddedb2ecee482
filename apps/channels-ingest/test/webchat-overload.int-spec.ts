// The web-chat door under more concurrent messages than a replica accepts at once (real PostgreSQL
// and Kafka): the excess is refused at once with 429 and Retry-After instead of waiting in the
// connection pool, and every message the door accepted is published exactly once.
import { randomUUID } from 'node:crypto';
import { Topics } from '@garda/contracts';
import { DemoTenant } from '@garda/demo-tenant';
import type { RunningService } from '@garda/service-kit';
import { createScratchDatabase, type ScratchDatabase } from '@garda/testing';
import { integrationEnv, startChannelsIngest, TopicRecorder } from './support';

jest.setTimeout(120_000);

describe('web-chat door under overload (real PostgreSQL + Kafka)', () => {
  let database: ScratchDatabase;
  let service: RunningService;
  const recorder = new TopicRecorder();

  beforeAll(async () => {
    database = await createScratchDatabase();
    // One message at a time and no queue: a burst is mostly refused, which shows the refusal's form.
    service = await startChannelsIngest(
      integrationEnv({ DATABASE_URL: database.url, WEBCHAT_ACCEPTS_IN_FLIGHT: '1', WEBCHAT_ACCEPT_QUEUE: '0' }),
    );
    await recorder.start([Topics.InboundMessage]);
  });

  afterAll(async () => {
    await recorder.stop();
    await service?.close();
    await database?.drop();
  });

  it('answers a burst with 202 or 429 + Retry-After, never a timeout, and publishes each accepted message once', async () => {
    const base = `${service.url}/webchat/${DemoTenant.webchatAccountId}`;
    const opened = await fetch(`${base}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"Burst"}',
    });
    const { token } = (await opened.json()) as { token: string };
    const texts = Array.from({ length: 12 }, (_, index) => `burst ${index} ${randomUUID()}`);
    const answers = await Promise.all(
      texts.map(async (text) => {
        const response = await fetch(`${base}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ clientMessageId: randomUUID(), text }),
        });
        return { text, status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
      }),
    );
    expect(answers.filter((answer) => answer.status !== 202 && answer.status !== 429)).toEqual([]);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) {
      expect(answer.retryAfter).toBe('1');
      expect(answer.body.message).toMatch(/very busy/);
    }
    const accepted = answers.filter((answer) => answer.status === 202).map((answer) => answer.text);
    expect(accepted.length).toBeGreaterThan(0);
    for (const text of accepted) await recorder.waitFor(Topics.InboundMessage, (message) => message.text === text);
    await recorder.caughtUp(Topics.InboundMessage);
    const published = recorder.on(Topics.InboundMessage, (message) => texts.includes(message.text as string));
    expect(published.map((record) => record.value.text).sort()).toEqual([...accepted].sort());
  });
});
