// The console in a real browser (Debian's Chromium through playwright-core) against the real
// platform: an agent goes available, a customer writes through the web-chat widget, the offer
// appears, the agent accepts and replies, the customer sees the reply, and the supervisor's
// wallboard shows the queue rise and fall. Screenshots go to test-artifacts/console/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DemoTenant } from '@garda/contracts';
import { type Browser, chromium, type Page } from 'playwright-core';
import { ConsolePlatform } from './support/console-platform';

jest.setTimeout(300_000);

const ARTIFACTS = path.resolve(__dirname, '../../../test-artifacts/console');
const alice = DemoTenant.agents[0];
const PASSWORD = 'garda-demo';

async function logIn(page: Page, consoleUrl: string, email: string) {
  await page.goto(consoleUrl);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor();
}

describe('console in a real browser', () => {
  const platform = new ConsolePlatform();
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await platform.start();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await platform.stop();
  });

  it('refuses a wrong password with a message and no session', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(platform.url('console'));
    await page.getByTestId('login-email').fill(alice.email);
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expectText(page.getByTestId('login-error'), /wrong/i);
    await page.close();
  });

  it('takes a web-chat contact from offer to reply, and the wallboard follows it', async () => {
    const viewport = { viewport: { width: 1280, height: 800 } };
    const supervisor = await (await browser.newContext(viewport)).newPage();
    const agent = await (await browser.newContext(viewport)).newPage();
    const customer = await (await browser.newContext(viewport)).newPage();
    const pageErrors: string[] = [];
    for (const [name, page] of Object.entries({ supervisor, agent, customer })) {
      // Generous: CI machines run six services, a broker and a browser on two cores.
      page.setDefaultTimeout(60_000);
      page.on('pageerror', (error) => pageErrors.push(`${name}: ${error.stack ?? error.message}`));
      page.on('console', (message) => message.type() === 'error' && pageErrors.push(`${name} console: ${message.text()}`));
    }
    try {
      await contactFlow(supervisor, agent, customer);
      // The browser itself logs failed requests and the refused reconnects while the gateway restarts; anything else is the app's fault.
      const expected = /console: (Failed to load resource|WebSocket connection to .* failed: .*ERR_CONNECTION_REFUSED)/;
      expect(pageErrors.filter((error) => !expected.test(error))).toEqual([]);
    } catch (error) {
      // What each person saw when it went wrong, and what the services said.
      await Promise.all(
        Object.entries({ supervisor, agent, customer }).map(([name, page]) => page.screenshot({ path: path.join(ARTIFACTS, `failure-${name}.png`) }).catch(() => undefined)),
      );
      const contacts = await platform.query('SELECT * FROM gateway.wallboard_contact').catch((failure: Error) => failure.message);
      process.stderr.write(`${pageErrors.join('\n')}\nwallboard contacts: ${JSON.stringify(contacts)}\n${platform.outputs()}`);
      throw error;
    }
  });

  async function contactFlow(supervisor: Page, agent: Page, customer: Page) {

    await logIn(supervisor, platform.url('console'), DemoTenant.supervisor.email);
    await supervisor.getByTestId('wallboard').waitFor();
    await expectText(supervisor.getByTestId('wallboard-total-waiting'), /^0$/);

    await logIn(agent, platform.url('console'), alice.email);
    await agent.getByTestId('status-select').selectOption('available');
    await agent.locator('[data-testid="status-current"][data-state="available"]').waitFor();
    // The supervisor sees Alice go available.
    await supervisor.locator(`[data-testid="wallboard-agent"][data-agent-id="${alice.id}"] [data-state="available"]`).waitFor();

    await customer.goto(`${platform.url('channels-ingest')}/webchat/demo`);
    await customer.getByTestId('garda-chat-name').fill('Ada Customer');
    await customer.getByTestId('garda-chat-email').fill(`ada.${Date.now()}@example.com`);
    await customer.getByTestId('garda-chat-start').click();
    await customer.getByTestId('garda-chat-input').fill('Hello, my parcel has not arrived');
    await customer.getByTestId('garda-chat-send').click();

    const offer = agent.getByTestId('offer-card');
    await offer.waitFor();
    await expectText(offer, /Hello, my parcel has not arrived/);
    await expectText(agent.getByTestId('offer-countdown'), /^\d+s$/);
    await expectText(supervisor.getByTestId('wallboard-total-waiting'), /^1$/);
    await agent.screenshot({ path: path.join(ARTIFACTS, 'desk-offer.png') });

    await agent.getByTestId('offer-accept').click();
    await offer.waitFor({ state: 'detached' });
    await agent.getByTestId('conversation-item').first().waitFor();
    await agent.locator('[data-testid="message"][data-direction="inbound"]', { hasText: 'Hello, my parcel has not arrived' }).waitFor();
    // The wallboard: nobody waiting any more, one answered.
    await expectText(supervisor.getByTestId('wallboard-total-waiting'), /^0$/);
    await expectText(supervisor.getByTestId('wallboard-total-answered'), /^1$/);

    await agent.getByTestId('reply-input').fill('Sorry to hear that, Ada. Let me check.');
    await agent.getByTestId('reply-send').click();
    await customer.locator('[data-testid="garda-chat-message"][data-direction="outbound"]', { hasText: 'Sorry to hear that, Ada. Let me check.' }).waitFor();

    // An internal note stays on the desk and never reaches the customer.
    await agent.getByTestId('composer-note-tab').click();
    await agent.getByTestId('reply-input').fill('Customer seems upset, offer a voucher');
    await agent.getByTestId('reply-send').click();
    await agent.locator('[data-testid="message"][data-internal="true"]', { hasText: 'offer a voucher' }).waitFor();

    // The customer's next message arrives in the open conversation.
    await customer.getByTestId('garda-chat-input').fill('Order number is 4711');
    await customer.getByTestId('garda-chat-send').click();
    await agent.locator('[data-testid="message"][data-direction="inbound"]', { hasText: 'Order number is 4711' }).waitFor();
    expect(await customer.locator('[data-testid="garda-chat-message"]', { hasText: 'voucher' }).count()).toBe(0);

    await agent.screenshot({ path: path.join(ARTIFACTS, 'desk-conversation.png') });

    // The gateway goes away and comes back: the desk reconnects with its conversation and draft.
    await agent.getByTestId('composer-reply-tab').click();
    await agent.getByTestId('reply-input').fill('A draft that must survive');
    await platform.restart('gateway', async () => {
      await agent.locator('[data-testid="connection-status"][data-state="reconnecting"]').waitFor();
    });
    await agent.locator('[data-testid="connection-status"][data-state="connected"]').waitFor({ timeout: 90_000 });
    await agent.locator('[data-testid="message"][data-direction="inbound"]', { hasText: 'Order number is 4711' }).waitFor();
    expect(await agent.getByTestId('reply-input').inputValue()).toBe('A draft that must survive');
    await customer.getByTestId('garda-chat-input').fill('Are you still there?');
    await customer.getByTestId('garda-chat-send').click();
    await agent.locator('[data-testid="message"][data-direction="inbound"]', { hasText: 'Are you still there?' }).waitFor();
    await supervisor.locator('[data-testid="connection-status"][data-state="connected"]').waitFor({ timeout: 90_000 });
    await supervisor.locator(`[data-testid="wallboard-agent"][data-agent-id="${alice.id}"] [data-testid="wallboard-open-conversation"]`).waitFor();
    // Charts and staffing per queue come from the analytics service through the gateway.
    await supervisor.getByTestId('chart-arrivals').waitFor();
    await supervisor.getByTestId('wallboard-queue-staff').first().waitFor();
    await supervisor.screenshot({ path: path.join(ARTIFACTS, 'wallboard.png') });

    // Wrap-up closes the conversation and takes it off the desk.
    await agent.getByTestId('wrapup-open').click();
    await agent.getByTestId('wrapup-disposition').selectOption('Resolved');
    await agent.getByTestId('wrapup-submit').click();
    await agent.getByTestId('conversation-item').waitFor({ state: 'detached' });
  }
});

/** Waits until the element's text matches, as a person would look at it. */
async function expectText(locator: ReturnType<Page['getByTestId']>, pattern: RegExp, timeoutMs = 45_000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = ((await locator.textContent({ timeout: timeoutMs }).catch(() => '')) ?? '').trim();
    if (pattern.test(last)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected text matching ${pattern}, last seen "${last}"`);
}
