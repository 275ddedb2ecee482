// The embeddable widget in a real browser (Debian's Chromium through playwright-core), against the
// real service, Kafka and PostgreSQL: pre-chat form → message on Kafka → agent reply on screen with
// the agent's name → page reload resumes the same session with its history.
import { randomUUID } from 'node:crypto';
import { InboundMessageV1, type OutboundMessageV1, Topics } from '@garda/contracts';
import { DemoTenant } from '@garda/demo-tenant';
import { encodeEvent } from '@garda/messaging';
import type { RunningService } from '@garda/service-kit';
import type { Producer } from 'kafkajs';
import { type Browser, chromium } from 'playwright-core';
import { integrationEnv, startChannelsIngest, TopicRecorder } from './support';

jest.setTimeout(120_000);

describe('web-chat widget in a real browser', () => {
  let service: RunningService;
  let browser: Browser;
  const recorder = new TopicRecorder();
  let producer: Producer;

  beforeAll(async () => {
    service = await startChannelsIngest(integrationEnv());
    await recorder.start([Topics.InboundMessage]);
    producer = recorder.producer();
    await producer.connect();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await producer?.disconnect();
    await recorder.stop();
    await service?.close();
  });

  it('chats from the pre-chat form to an agent reply, and resumes after a reload', async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${service.url}/webchat/demo`);

    const email = `zoe.${randomUUID().slice(0, 8)}@example.com`;
    await page.getByTestId('garda-chat-name').fill('Zoe Visitor');
    await page.getByTestId('garda-chat-email').fill(email);
    await page.getByTestId('garda-chat-topic').selectOption('sales');
    await page.getByTestId('garda-chat-start').click();

    await page.getByTestId('garda-chat-input').fill('Do you ship to Norway?');
    await page.getByTestId('garda-chat-send').click();
    await page.locator('[data-testid="garda-chat-message"][data-direction="inbound"]', { hasText: 'Do you ship to Norway?' }).waitFor();

    const record = await recorder.waitFor(Topics.InboundMessage, (value) => (value.sender as { email?: string }).email === email);
    const inbound = InboundMessageV1.parse(record.value);
    expect(inbound).toMatchObject({
      accountId: 'demo-web',
      text: 'Do you ship to Norway?',
      topic: 'sales',
      sender: { displayName: 'Zoe Visitor' },
    });

    const reply: OutboundMessageV1 = {
      tenantId: DemoTenant.id,
      messageId: randomUUID(),
      conversationId: randomUUID(),
      channel: 'webchat',
      accountId: 'demo-web',
      threadKey: inbound.threadKey,
      recipient: { identityType: 'webchat_visitor', value: inbound.threadKey },
      text: 'Yes, in 3 to 5 days.',
      attachments: [],
      authorName: 'Carol Agent',
      threadProviderIds: [],
      createdAt: new Date().toISOString(),
    };
    const encoded = encodeEvent(Topics.OutboundMessage, reply, {
      tenantId: DemoTenant.id,
      key: reply.threadKey,
      messageId: reply.messageId,
    });
    await producer.send({
      topic: encoded.topic,
      acks: -1,
      messages: [{ key: encoded.key, value: encoded.value, headers: encoded.headers }],
    });

    const agentLine = page.locator('[data-testid="garda-chat-message"][data-direction="outbound"]', { hasText: 'Yes, in 3 to 5 days.' });
    await agentLine.waitFor();
    expect(await agentLine.getByTestId('garda-chat-author').textContent()).toBe('Carol Agent');

    await page.reload();
    const lines = page.getByTestId('garda-chat-message');
    await lines.nth(1).waitFor();
    expect(await lines.evaluateAll((nodes) => nodes.map((node) => [node.getAttribute('data-direction'), node.textContent]))).toEqual([
      ['inbound', 'Do you ship to Norway?'],
      ['outbound', 'Carol AgentYes, in 3 to 5 days.'],
    ]);
    expect(await page.getByTestId('garda-chat-name').count()).toBe(0);
    await page.locator('.garda-chat__header', { hasText: 'Demo Co web chat' }).waitFor();

    // Still the same session: a message after the reload continues the same thread.
    await page.getByTestId('garda-chat-input').fill('Great');
    await page.getByTestId('garda-chat-send').click();
    const again = await recorder.waitFor(Topics.InboundMessage, (value) => value.text === 'Great' && value.threadKey === inbound.threadKey);
    expect(again.key).toBe(inbound.threadKey);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("speaks the visitor's language: the browser's on the demo page, the page's <html lang>, or the tag's data-lang", async () => {
    const context = await browser.newContext({ locale: 'id-ID' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const widgetTexts = async () => ({
      language: await page.getByTestId('garda-chat').getAttribute('data-lang'),
      start: (await page.getByTestId('garda-chat-start').textContent())?.trim(),
      name: await page.getByTestId('garda-chat-name').getAttribute('placeholder'),
      email: await page.getByTestId('garda-chat-email').getAttribute('placeholder'),
    });

    // An Indonesian browser: the demo page is in Indonesian, and so is the widget.
    await page.goto(`${service.url}/webchat/demo`);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('id');
    await page.getByTestId('garda-chat-start').waitFor();
    expect(await widgetTexts()).toEqual({ language: 'id', start: 'Mulai chat', name: 'Nama Anda', email: 'Email (opsional)' });

    // The page says English: the widget follows the page, not the browser.
    await page.goto(`${service.url}/webchat/demo?lang=en`);
    await page.getByTestId('garda-chat-start').waitFor();
    expect(await widgetTexts()).toEqual({ language: 'en', start: 'Start chat', name: 'Your name', email: 'E-mail (optional)' });

    // The site owner's data-lang on the tag wins over the page's language.
    await page.evaluate(() => {
      document.querySelector('[data-testid="garda-chat"]')?.remove();
      const tag = document.createElement('script');
      tag.src = '/webchat/widget.js';
      tag.setAttribute('data-account', 'demo-web');
      tag.setAttribute('data-lang', 'id');
      document.body.appendChild(tag);
    });
    await page.locator('[data-testid="garda-chat"][data-lang="id"]').getByTestId('garda-chat-start').waitFor();
    expect((await page.getByTestId('garda-chat-start').textContent())?.trim()).toBe('Mulai chat');

    // A refusal is said in the visitor's language too.
    await page.getByTestId('garda-chat-email').fill('not-an-address@');
    await page.getByTestId('garda-chat-start').click();
    await page.locator('.garda-chat__error', { hasText: 'Mohon periksa kembali alamat email Anda.' }).waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
