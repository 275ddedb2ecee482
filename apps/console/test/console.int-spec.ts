// The console in a real browser (Debian's Chromium through playwright-core) against the real
// platform, driven the way people use it and waiting for what they would see: two agents and a
// supervisor at their screens, a customer writing through the web-chat widget and by e-mail.
// One story, in steps that build on each other; screenshots go to test-artifacts/console/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DemoTenant } from '@garda/demo-tenant';
import { createTransport } from 'nodemailer';
import { type Browser, chromium, type Page } from 'playwright-core';
import {
  BrowserErrors,
  expectText,
  expectTextToChangeFrom,
  jakartaClock,
  jakartaMidnight,
  logIn,
  openPage,
  PASSWORD,
} from './support/browser';
import { ConsolePlatform } from './support/console-platform';

jest.setTimeout(120_000);

const ARTIFACTS = path.resolve(__dirname, '../../../test-artifacts/console');
// The README's screenshots are refreshed on request only (GARDA_UPDATE_SCREENSHOTS=true), so a
// test run never leaves the working tree changed.
const DOC_IMAGES = path.resolve(__dirname, '../../../docs/images');
const docScreenshot = async (page: Page, name: string) => {
  if (process.env.GARDA_UPDATE_SCREENSHOTS === 'true') await page.screenshot({ path: path.join(DOC_IMAGES, name) });
};
const [alice, bob, carol] = DemoTenant.agents;
const SUPPORT_MAILBOX = 'support@demo.garda.local';
const ADA_EMAIL = `ada.${Date.now()}@example.com`;

describe('console in a real browser', () => {
  const platform = new ConsolePlatform();
  const errors = new BrowserErrors();
  let browser: Browser;
  let supervisor: Page;
  let alicePage: Page;
  let bobPage: Page;
  let customer: Page;

  const row = (agentId: string) => supervisor.locator(`[data-testid="wallboard-agent"][data-agent-id="${agentId}"]`);
  /** Ada's conversation on a channel in an agent's list (Ben, another customer, writes later). */
  const item = (page: Page, channel: string, customerName = 'Ada Customer') =>
    page.getByTestId('conversation-item').filter({ has: page.locator(`[data-channel="${channel}"]`), hasText: customerName });
  const inbound = (page: Page, text: string) => page.locator('[data-testid="message"][data-direction="inbound"]', { hasText: text });
  const customerSays = async (text: string) => {
    await customer.getByTestId('garda-chat-input').fill(text);
    await customer.getByTestId('garda-chat-send').click();
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await platform.start();
    await configureTenant();
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
    [supervisor, alicePage, bobPage, customer] = await Promise.all(
      ['supervisor', 'alice', 'bob', 'customer'].map((name) => openPage(browser, name, errors)),
    );
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await platform.stop();
  });

  /**
   * A step of the story; when it fails, what each person saw, the browser's errors, analytics'
   * view of contacts and agents (the wallboard's source) and the services' last log lines.
   */
  const step = (work: () => Promise<void>) => async () => {
    try {
      await work();
    } catch (error) {
      await Promise.all(
        Object.entries({ supervisor, alice: alicePage, bob: bobPage, customer }).map(([name, page]) =>
          page?.screenshot({ path: path.join(ARTIFACTS, `failure-${name}.png`) }).catch(() => undefined),
        ),
      );
      const analytics = await Promise.all([
        platform.query(
          'SELECT contact_id, channel, queue_name, status, agent_id, arrived_at, answered_at, closed_at FROM analytics.contact ORDER BY arrived_at',
        ),
        platform.query('SELECT agent_id, name, state, state_reason, state_since FROM analytics.agent ORDER BY name'),
      ]).catch((failure: Error) => failure.message);
      process.stderr.write(`${errors.all().join('\n')}\nanalytics: ${JSON.stringify(analytics)}\n${platform.outputs()}`);
      throw error;
    }
  };

  /** What an admin set up beforehand: 30 s of after-contact work on "support", and a support mailbox. */
  async function configureTenant() {
    const login = await fetch(`${platform.url('gateway')}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DemoTenant.admin.email, password: PASSWORD }),
    });
    const admin = {
      authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`,
      'content-type': 'application/json',
    };
    const support = DemoTenant.queues[0];
    const queue = await fetch(`${platform.url('routing')}/queues/${support.name}`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({
        requiredSkills: support.requiredSkills,
        isDefault: true,
        offerTimeoutSeconds: 30,
        serviceLevel: { percent: 80, seconds: 20 },
        afterContactWorkSeconds: 30,
      }),
    });
    expect(queue.status).toBe(200);
    const mailbox = await fetch(`${platform.url('channels-ingest')}/channel-accounts/demo-mail`, {
      method: 'PUT',
      headers: admin,
      // Nothing listens on port 9: this test never replies by e-mail.
      body: JSON.stringify({
        channel: 'email',
        displayName: 'Demo Co support',
        config: { addresses: [SUPPORT_MAILBOX], fromAddress: SUPPORT_MAILBOX, smtp: { host: '127.0.0.1', port: 9 } },
      }),
    });
    expect(mailbox.status).toBe(200);
  }

  it('refuses a wrong password with a message and no session', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(platform.url('console'));
    await page.getByTestId('login-email').fill(alice.email);
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expectText(page.getByTestId('login-error'), /wrong/i);
    await page.close();
  });

  it(
    "opens a deep link after logging in, in the tenant's language (Bahasa Indonesia), and tells an agent the wallboard is not theirs",
    step(async () => {
      const page = await openPage(browser, 'carol', errors);
      await page.goto(`${platform.url('console')}/wallboard`);
      // Not logged in: the login page, in the browser's language (English), remembering where to go.
      await page.waitForURL(/\/login\?next=%2Fwallboard$/);
      await expectText(page.getByTestId('login-submit'), /^Log in$/);
      await page.getByTestId('login-email').fill(carol.email);
      await page.getByTestId('login-password').fill(PASSWORD);
      await page.getByTestId('login-submit').click();
      // Logged in: the tenant's default language, Bahasa Indonesia; back on /wallboard, which agents may not open.
      await page.waitForURL(/\/wallboard$/);
      await expectText(page.getByTestId('forbidden'), /Tidak tersedia untuk peran Anda/);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('id');
      expect(await page.getByTestId('nav-wallboard').count()).toBe(0);
      await expectText(page.getByTestId('logout'), /^Keluar$/);
      await page.getByTestId('nav-desk').click();
      await page.waitForURL(/\/desk$/);
      await expectText(page.getByTestId('desk-idle'), /Ubah status Anda menjadi Tersedia/);
      await expectText(page.getByTestId('status-current'), /^Offline$/);
      // A wrong address is said so, in the same language.
      await page.goto(`${platform.url('console')}/no-such-screen`);
      await expectText(page.getByTestId('not-found'), /Halaman tidak ditemukan/);
      await page.context().close();
    }),
  );

  it(
    'logs in a supervisor and two agents; the gateway lets the console send its cookies cross-origin',
    step(async () => {
      // Sam, Alice and Bob prefer English: each picks it on the login page (their choice beats the tenant's Indonesian).
      await logIn(supervisor, platform.url('console'), DemoTenant.supervisor.email, 'en');
      await supervisor.waitForURL(/\/wallboard$/);
      await expectText(supervisor.getByTestId('wallboard-total-waiting'), /^0$/);
      // Bob first: he has then been available longest and gets the first contact.
      await logIn(bobPage, platform.url('console'), bob.email, 'en');
      await bobPage.waitForURL(/\/desk$/);
      await bobPage.getByTestId('status-select').selectOption('available');
      await bobPage.locator('[data-testid="status-current"][data-state="available"]').waitFor();
      await row(bob.id).locator('[data-testid="wallboard-agent-state"][data-state="available"]').waitFor();
      await logIn(alicePage, platform.url('console'), alice.email, 'en');
      await alicePage.getByTestId('status-select').selectOption('available');
      await row(alice.id).locator('[data-testid="wallboard-agent-state"][data-state="available"]').waitFor();

      // socket.io's HTTP requests carry the Ingress's affinity cookie only if the gateway allows credentials for this origin.
      const polling = await alicePage.evaluate(async (gateway) => {
        const response = await fetch(`${gateway}/socket.io/?EIO=4&transport=polling`, { credentials: 'include' });
        return { ok: response.ok, body: (await response.text()).slice(0, 1) };
      }, platform.url('gateway'));
      expect(polling).toEqual({ ok: true, body: '0' });
    }),
  );

  it(
    'a rejected offer goes to the next agent; the one who rejected goes away for lunch, with time in state',
    step(async () => {
      await customer.goto(`${platform.url('channels-ingest')}/webchat/demo`);
      await customer.getByTestId('garda-chat-name').fill('Ada Customer');
      await customer.getByTestId('garda-chat-email').fill(ADA_EMAIL);
      await customer.getByTestId('garda-chat-start').click();
      await customerSays('Hello, my parcel has not arrived');

      const bobsOffer = bobPage.getByTestId('offer-card');
      await expectText(bobsOffer, /Hello, my parcel has not arrived/);
      await expectText(bobPage.getByTestId('offer-countdown'), /^\d+s$/);
      await expectText(supervisor.getByTestId('wallboard-total-waiting'), /^1$/);
      await bobPage.screenshot({ path: path.join(ARTIFACTS, 'desk-offer.png') });
      await bobPage.getByTestId('offer-reject').click();
      await bobsOffer.waitFor({ state: 'detached' });
      await expectText(alicePage.getByTestId('offer-card'), /Hello, my parcel has not arrived/);

      await bobPage.getByTestId('status-select').selectOption('away:lunch');
      await expectText(bobPage.locator('[data-testid="status-current"][data-state="away"]'), /Away · Lunch/);
      const clock = bobPage.getByTestId('status-time');
      await expectText(clock, /^\d+:\d\d$/);
      expect(await expectTextToChangeFrom(clock, ((await clock.textContent()) ?? '').trim())).toMatch(/^\d+:\d\d$/);
      await expectText(row(bob.id).locator('[data-testid="wallboard-agent-state"][data-state="away"]'), /Lunch/);
    }),
  );

  it(
    'accepts with the keyboard and shows the customer panel, a canned reply with placeholders filled and the channel limit',
    step(async () => {
      await alicePage.keyboard.press('Alt+A');
      await alicePage.getByTestId('offer-card').waitFor({ state: 'detached' });
      await inbound(alicePage, 'Hello, my parcel has not arrived').waitFor();
      await expectText(supervisor.getByTestId('wallboard-total-waiting'), /^0$/);
      await expectText(supervisor.getByTestId('wallboard-total-answered'), /^1$/);
      // Load against capacity, from routing's profile: one web chat of Alice's three.
      await expectText(row(alice.id).locator('[data-testid="wallboard-agent-load"][data-channel="webchat"]'), /^1\/3$/);

      const panel = alicePage.getByTestId('customer-panel');
      await expectText(panel.getByTestId('customer-name'), /^Ada Customer$/);
      await expectText(panel.getByTestId('customer-email'), new RegExp(ADA_EMAIL.replace(/\./g, '\\.')));
      await expectText(panel.locator('[data-testid="past-ticket"][data-current="true"]'), /Hello, my parcel has not arrived/);

      await alicePage.getByTestId('canned-select').selectOption('greeting');
      expect(await alicePage.getByTestId('reply-input').inputValue()).toBe('Hi Ada, this is Alice Agent. How can I help you today?');
      await expectText(alicePage.getByTestId('reply-counter'), /^54\/5000$/);
      await alicePage.getByTestId('reply-input').press('Control+Enter');
      await customer
        .locator('[data-testid="garda-chat-message"][data-direction="outbound"]', { hasText: 'Hi Ada, this is Alice Agent.' })
        .waitFor();

      // Web chat takes 5000 characters: one more and the desk says so and will not send.
      await alicePage.getByTestId('reply-input').fill('x'.repeat(5001));
      await expectText(alicePage.getByTestId('reply-counter'), /5001\/5000 · too long for this channel/);
      expect(await alicePage.getByTestId('reply-send').isDisabled()).toBe(true);
      await alicePage.getByTestId('reply-input').fill('');

      // An internal note stays on the desk and never reaches the customer.
      await alicePage.getByTestId('composer-note-tab').click();
      await alicePage.getByTestId('reply-input').fill('Customer seems upset, offer a voucher');
      await alicePage.getByTestId('reply-send').click();
      await alicePage.locator('[data-testid="message"][data-internal="true"]', { hasText: 'offer a voucher' }).waitFor();
      await alicePage.getByTestId('composer-reply-tab').click();
    }),
  );

  it(
    "works two conversations at once: the customer's e-mail joins her timeline, an unread badge, Alt+N for next",
    step(async () => {
      await createTransport({ host: '127.0.0.1', port: platform.smtpPort, secure: false, ignoreTLS: true }).sendMail({
        from: `Ada Customer <${ADA_EMAIL}>`,
        to: SUPPORT_MAILBOX,
        subject: 'Parcel photo',
        text: 'Here is a photo of the damaged parcel box.',
        attachments: [{ filename: 'parcel.png', content: Buffer.from(PARCEL_PNG, 'base64'), contentType: 'image/png' }],
      });
      const offer = alicePage.getByTestId('offer-card');
      await expectText(offer, /damaged parcel box/);
      await offer.getByTestId('offer-accept').click();
      await item(alicePage, 'email').waitFor();
      expect(await alicePage.getByTestId('conversation-item').count()).toBe(2);

      // Both conversations in one history, each message marked with its channel, a divider per conversation.
      await alicePage.locator('[data-testid="timeline-divider"][data-channel="email"]').waitFor();
      await alicePage.locator('[data-testid="message"][data-channel="email"]', { hasText: 'damaged parcel box' }).waitFor();
      await alicePage.locator('[data-testid="message"][data-channel="webchat"]', { hasText: 'Hello, my parcel has not arrived' }).waitFor();
      await alicePage.locator('[data-testid="past-ticket"][data-current="false"]', { hasText: 'Parcel photo' }).waitFor();
      expect(await alicePage.getByTestId('past-ticket').count()).toBe(2);

      await alicePage.keyboard.press('Alt+N');
      await alicePage
        .locator('[data-testid="conversation-pane"]')
        .filter({ has: alicePage.locator('.pane-header [data-channel="email"]') })
        .waitFor();
      // The customer's photo shows as a preview, loaded through a short-lived link to channels-ingest.
      const preview = alicePage.locator('[data-testid="message"][data-channel="email"] [data-testid="attachment-image"] img');
      await preview.waitFor();
      await alicePage.waitForFunction(
        (image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0,
        await preview.elementHandle(),
      );
      expect(await preview.getAttribute('src')).toContain('/media/');
      await customerSays('Are you still there?');
      await expectText(item(alicePage, 'webchat').getByTestId('unread-badge'), /^1$/);
      await alicePage.keyboard.press('Alt+N');
      await inbound(alicePage, 'Are you still there?').waitFor();
      await item(alicePage, 'webchat').getByTestId('unread-badge').waitFor({ state: 'detached' });
      await alicePage.screenshot({ path: path.join(ARTIFACTS, 'desk-conversation.png') });
      await docScreenshot(alicePage, 'agent-desk.png');
    }),
  );

  it(
    "exchanges files over web chat: the customer's photo previews on the desk, the agent's PDF reaches the widget, a disguised script is refused",
    step(async () => {
      // The customer picks a photo in the widget: she sees it at once, the agent as a preview.
      await customer.getByTestId('garda-chat-file-input').setInputFiles({
        name: 'broken-box.png',
        mimeType: 'image/png',
        buffer: Buffer.from(PARCEL_PNG, 'base64'),
      });
      await customer.locator('[data-testid="garda-chat-message"][data-direction="inbound"] [data-testid="garda-chat-image"]').waitFor();
      const preview = alicePage.locator('[data-testid="message"][data-channel="webchat"] [data-testid="attachment-image"] img');
      await preview.waitFor();
      await alicePage.waitForFunction(
        (image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0,
        await preview.elementHandle(),
      );
      expect(await preview.getAttribute('alt')).toBe('broken-box.png');

      // A shell script named like an image is refused by its bytes, and nothing is attached.
      await errors.whileProvoking(/status of 415 \(Unsupported Media Type\) \(http:\/\/[^)]+\/media\)/, async () => {
        await alicePage.getByTestId('reply-attach-input').setInputFiles({
          name: 'label.png',
          mimeType: 'image/png',
          buffer: Buffer.from('#!/bin/sh\nrm -rf /\n'),
        });
        await expectText(alicePage.getByTestId('reply-attach-problem'), /label\.png is a type of file that cannot be sent/);
      });
      expect(await alicePage.getByTestId('reply-attachment').count()).toBe(0);

      // The agent attaches a return label and sends it with a line of text.
      await alicePage
        .getByTestId('reply-attach-input')
        .setInputFiles({ name: 'return-label.pdf', mimeType: 'application/pdf', buffer: RETURN_LABEL_PDF });
      await expectText(alicePage.getByTestId('reply-attachment'), /return-label\.pdf/);
      await alicePage.getByTestId('reply-input').fill('Here is your return label.');
      await alicePage.getByTestId('reply-input').press('Control+Enter');
      const file = customer
        .locator('[data-testid="garda-chat-message"][data-direction="outbound"]', { hasText: 'Here is your return label.' })
        .getByTestId('garda-chat-file');
      await expectText(file, /return-label\.pdf/);
      // The widget's link opens that very file, for this visitor's session.
      const download = await customer.evaluate(
        async (href) => {
          const response = await fetch(href);
          return { status: response.status, type: response.headers.get('content-type'), head: (await response.text()).slice(0, 8) };
        },
        (await file.getAttribute('href')) ?? '',
      );
      expect(download).toEqual({ status: 200, type: 'application/pdf', head: '%PDF-1.4' });
      expect(await alicePage.getByTestId('reply-attachment').count()).toBe(0);
    }),
  );

  it(
    'switches the desk to Bahasa Indonesia: Indonesian labels, canned text and times in Asia/Jakarta, kept after a reload of /desk',
    step(async () => {
      await alicePage.getByTestId('language-switcher').selectOption('id');
      await expectText(alicePage.getByTestId('status-current'), /^Tersedia$/);
      await expectText(alicePage.locator('.desk-left .section-title'), /^Percakapan 2$/);
      await expectText(alicePage.getByTestId('composer-reply-tab'), /^Balas$/);
      await expectText(alicePage.getByTestId('composer-note-tab'), /^Catatan internal$/);
      await expectText(alicePage.getByTestId('reply-send'), /^Kirim/);
      await expectText(alicePage.getByTestId('transfer-open'), /^Alihkan/);
      await expectText(alicePage.getByTestId('wrapup-open'), /^Selesaikan/);
      await expectText(alicePage.getByTestId('nav-desk'), /^Meja agen$/);
      await expectText(alicePage.getByTestId('connection-status'), /^Terhubung$/);
      await expectText(alicePage.getByTestId('customer-panel'), /Pelanggan[\s\S]*Tiket/);
      await expectText(alicePage.locator('[data-testid="timeline-divider"][data-current="true"]'), /percakapan ini/);
      expect(await alicePage.evaluate(() => document.documentElement.lang)).toBe('id');

      // Every time on the desk is Jakarta's (the browser is in New York), in Indonesian notation.
      const times = await alicePage
        .locator('[data-testid="message-time"], [data-testid="conversation-time"]')
        .evaluateAll((nodes) => nodes.map((node) => ({ at: node.getAttribute('data-at') ?? '', shown: node.textContent?.trim() ?? '' })));
      expect(times.length).toBeGreaterThanOrEqual(5);
      for (const { at, shown } of times) expect(shown).toBe(jakartaClock(at));

      // Canned responses speak the agent's language, placeholders filled.
      await alicePage.getByTestId('canned-select').selectOption('greeting');
      expect(await alicePage.getByTestId('reply-input').inputValue()).toBe(
        'Halo Ada, saya Alice Agent. Ada yang bisa saya bantu hari ini?',
      );
      await alicePage.getByTestId('reply-input').fill('');
      await alicePage.screenshot({ path: path.join(ARTIFACTS, 'desk-indonesian.png') });
      await docScreenshot(alicePage, 'agent-desk-id.png');

      // The choice and the screen survive a reload: the URL is the screen.
      await alicePage.reload();
      await alicePage.locator('[data-testid="connection-status"][data-state="connected"]').waitFor();
      expect(new URL(alicePage.url()).pathname).toBe('/desk');
      await expectText(alicePage.getByTestId('status-current'), /^Tersedia$/);
      await inbound(alicePage, 'Are you still there?').waitFor();

      await alicePage.getByTestId('language-switcher').selectOption('en');
      await expectText(alicePage.getByTestId('status-current'), /^Available$/);
    }),
  );

  it(
    'a supervisor brings Bob back; Alice transfers the e-mail to him; the supervisor reassigns it back to her',
    step(async () => {
      await row(bob.id).getByTestId('wallboard-agent-set-state').selectOption('available');
      await bobPage.locator('[data-testid="status-current"][data-state="available"]').waitFor();
      await row(bob.id).locator('[data-testid="wallboard-agent-state"][data-state="available"]').waitFor();

      await item(alicePage, 'email').click();
      await alicePage.getByTestId('transfer-open').click();
      await alicePage.getByTestId('transfer-target').selectOption(`agent:${bob.id}`);
      await alicePage.getByTestId('transfer-submit').click();
      await item(alicePage, 'email').waitFor({ state: 'detached' });
      const bobsOffer = bobPage.getByTestId('offer-card');
      await expectText(bobsOffer, /damaged parcel box/);
      await bobsOffer.getByTestId('offer-accept').click();
      await inbound(bobPage, 'damaged parcel box').waitFor();

      const bobsConversation = row(bob.id).getByTestId('wallboard-open-conversation');
      await bobsConversation.waitFor();
      await row(bob.id).getByTestId('wallboard-reassign').selectOption(`agent:${alice.id}`);
      await item(bobPage, 'email').waitFor({ state: 'detached' });
      await bobsConversation.waitFor({ state: 'detached' });
      const alicesOffer = alicePage.getByTestId('offer-card');
      await expectText(alicesOffer, /damaged parcel box/);
      await alicesOffer.getByTestId('offer-accept').click();
      await item(alicePage, 'email').waitFor();
      const email = await item(alicePage, 'email').getAttribute('data-conversation-id');
      await row(alice.id).locator(`[data-testid="wallboard-open-conversation"][data-conversation-id="${email}"]`).waitFor();
    }),
  );

  it(
    'opens a conversation read-only from the wallboard, with the customer history across channels',
    step(async () => {
      const webchat = await item(alicePage, 'webchat').getAttribute('data-conversation-id');
      await row(alice.id).locator(`[data-testid="wallboard-open-conversation"][data-conversation-id="${webchat}"]`).click();
      const drawer = supervisor.getByTestId('readonly-conversation');
      await expectText(drawer.getByTestId('readonly-customer'), /Ada Customer/);
      await drawer.locator('[data-testid="message"]', { hasText: 'Are you still there?' }).waitFor();
      await drawer.locator('[data-testid="timeline-divider"][data-channel="email"]').waitFor();
      expect(await drawer.getByTestId('reply-input').count()).toBe(0);
      await supervisor.getByTestId('chart-arrivals').waitFor();
      await supervisor.screenshot({ path: path.join(ARTIFACTS, 'wallboard-conversation.png') });
      await supervisor.keyboard.press('Escape');
      await drawer.waitFor({ state: 'detached' });
      await supervisor.screenshot({ path: path.join(ARTIFACTS, 'wallboard.png') });
      await docScreenshot(supervisor, 'wallboard.png');

      // "Today" starts at midnight in Jakarta, and the charts' clock is Jakarta's.
      expect(await supervisor.getByTestId('wallboard-day-start').getAttribute('data-at')).toBe(jakartaMidnight());
      const tick = supervisor.getByTestId('chart-arrivals').getByTestId('chart-tick').first();
      expect((await tick.textContent())?.trim()).toBe(jakartaClock((await tick.getAttribute('data-at')) ?? '').replace('.', ':'));

      // A reload keeps the supervisor on the wallboard; in Bahasa Indonesia for the README, then back.
      await supervisor.reload();
      await supervisor.getByTestId('wallboard').waitFor();
      expect(new URL(supervisor.url()).pathname).toBe('/wallboard');
      await supervisor.getByTestId('language-switcher').selectOption('id');
      await expectText(supervisor.locator('.wallboard-main .section-title').first(), /^Antrean$/);
      await expectText(row(alice.id).getByTestId('wallboard-agent-state'), /^Menangani kontak$/);
      await docScreenshot(supervisor, 'wallboard-id.png');
      await supervisor.getByTestId('language-switcher').selectOption('en');
      await expectText(row(alice.id).getByTestId('wallboard-agent-state'), /^On contact$/);
    }),
  );

  it(
    'keeps the draft through a gateway restart, and shows an offer made while the desk was disconnected',
    step(async () => {
      await bobPage.getByTestId('status-select').selectOption('offline');
      await bobPage.locator('[data-testid="status-current"][data-state="offline"]').waitFor();
      await item(alicePage, 'webchat').click();
      await alicePage.getByTestId('reply-input').fill('A draft that must survive');

      await errors.whileGatewayIsDown(async () => {
        await platform.restart('gateway', async () => {
          await alicePage.locator('[data-testid="connection-status"][data-state="reconnecting"]').waitFor();
          // A new customer writes while the desk is cut off; routing offers the contact to Alice all the same.
          const session = await fetch(`${platform.url('channels-ingest')}/webchat/demo-web/sessions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ name: 'Ben Customer', email: `ben.${Date.now()}@example.com`, topic: 'support' }),
          });
          const { token } = (await session.json()) as { token: string };
          const sent = await fetch(`${platform.url('channels-ingest')}/webchat/demo-web/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ clientMessageId: crypto.randomUUID(), text: 'Hi, I need help with an invoice' }),
          });
          expect(sent.status).toBe(202);
        });
        await alicePage.locator('[data-testid="connection-status"][data-state="connected"]').waitFor({ timeout: 90_000 });
        await supervisor.locator('[data-testid="connection-status"][data-state="connected"]').waitFor({ timeout: 90_000 });
      });
      await expectText(alicePage.getByTestId('offer-card'), /need help with an invoice/);
      expect(await alicePage.getByTestId('reply-input').inputValue()).toBe('A draft that must survive');
      await alicePage.getByTestId('offer-accept').click();
      await item(alicePage, 'webchat', 'Ben Customer').waitFor();
      expect(await alicePage.getByTestId('conversation-item').count()).toBe(3);
      await customerSays('Thanks, I will wait');
      await inbound(alicePage, 'Thanks, I will wait').waitFor();
    }),
  );

  it(
    "wraps up with a disposition: routing's after-contact work counts down on the desk, survives a reload and shows on the wallboard",
    step(async () => {
      await item(alicePage, 'webchat').click();
      await alicePage.getByTestId('reply-input').fill('');
      await alicePage.keyboard.press('Alt+W');
      await alicePage.getByTestId('wrapup-disposition').selectOption('resolved');
      await alicePage.getByTestId('wrapup-submit').click();
      await item(alicePage, 'webchat').waitFor({ state: 'detached' });

      const countdown = alicePage.getByTestId('acw-countdown');
      await expectText(countdown, /^0:[0-3]\d left$/);
      expect(await expectTextToChangeFrom(countdown, ((await countdown.textContent()) ?? '').trim())).toMatch(/^0:[0-2]\d left$/);
      await row(alice.id).locator('[data-testid="wallboard-agent-state"][data-state="after-contact-work"]').waitFor();
      await alicePage.screenshot({ path: path.join(ARTIFACTS, 'desk-acw.png') });

      await alicePage.reload();
      await alicePage.locator('[data-testid="connection-status"][data-state="connected"]').waitFor();
      await expectText(alicePage.getByTestId('acw-countdown'), /^0:[0-2]\d left$/);
      await alicePage.getByTestId('acw-ready').click();
      await alicePage.locator('[data-testid="status-current"][data-state="available"]').waitFor();
      await row(alice.id).locator('[data-testid="wallboard-agent-state"][data-state="available"]').waitFor();
    }),
  );

  it('logged no browser errors but refused connections while the gateway was down', () => {
    const unexpected = errors.unexpected();
    if (unexpected.length) process.stderr.write(`${errors.all().join('\n')}\n${platform.outputs()}`);
    expect(unexpected).toEqual([]);
  });
});

/** A 1×1 PNG the customer attaches to her e-mail. */
const PARCEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
/** A one-page PDF, as small as a valid one gets. */
const RETURN_LABEL_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
