import type { Browser, Locator, Page } from 'playwright-core';

export const PASSWORD = 'garda-demo';

/**
 * A person at their screen: one browser context each (own session and local storage), 1280×800,
 * with an English browser in New York's time zone — not the tenant's (Asia/Jakarta), so a time
 * shown in the tenant's zone cannot be the browser's by accident.
 */
export const BROWSER_TIME_ZONE = 'America/New_York';
export async function openPage(browser: Browser, name: string, errors: BrowserErrors): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: BROWSER_TIME_ZONE });
  const page = await context.newPage();
  // Generous: CI machines run six services, a broker and a browser on two cores.
  page.setDefaultTimeout(45_000);
  page.on('pageerror', (error) => errors.record(name, `page error: ${error.stack ?? error.message}`));
  page.on(
    'console',
    (message) => message.type() === 'error' && errors.record(name, `console: ${message.text()} (${message.location().url})`),
  );
  return page;
}

/** Logs in from the login page; `language`: the person picks it in the switcher first (their own choice, kept). */
export async function logIn(page: Page, consoleUrl: string, email: string, language?: 'id' | 'en'): Promise<void> {
  await page.goto(consoleUrl);
  if (language) await page.getByTestId('language-switcher').selectOption(language);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor();
}

/** Waits until the element shows text matching the pattern, as a person would look at it. */
export async function expectText(locator: Locator, pattern: RegExp): Promise<void> {
  await locator.filter({ hasText: pattern }).first().waitFor();
}

/** Waits until the element's text is no longer `previous` (a clock that moves), and returns the new text. */
export async function expectTextToChangeFrom(locator: Locator, previous: string): Promise<string> {
  await locator.filter({ hasNotText: previous }).first().waitFor();
  return ((await locator.textContent()) ?? '').trim();
}

/**
 * What the browser logged as errors. The only ones allowed are the refused connections while the
 * gateway is deliberately down (the socket's reconnect attempts and requests made in that window);
 * anything else — a 502 from the customer panel, a 403, an exception — is the app's fault.
 */
export class BrowserErrors {
  private readonly errors: Array<{ who: string; text: string; expected: boolean }> = [];
  private gatewayDown = false;

  record(who: string, text: string): void {
    const refused = /ERR_CONNECTION_REFUSED/.test(text) && /(WebSocket connection to|Failed to load resource)/.test(text);
    const provoked = this.provoked.some((refusal) => refusal.test(text));
    this.errors.push({ who, text, expected: (this.gatewayDown && refused) || provoked });
  }

  /** A refusal the step provokes on purpose (e.g. a 415 for a disguised file): expected while `work` runs. */
  private readonly provoked: RegExp[] = [];

  async whileProvoking<T>(refusal: RegExp, work: () => Promise<T>): Promise<T> {
    this.provoked.push(refusal);
    try {
      return await work();
    } finally {
      this.provoked.splice(this.provoked.indexOf(refusal), 1);
    }
  }

  async whileGatewayIsDown<T>(work: () => Promise<T>): Promise<T> {
    this.gatewayDown = true;
    try {
      return await work();
    } finally {
      this.gatewayDown = false;
    }
  }

  unexpected(): string[] {
    return this.errors.filter((error) => !error.expected).map((error) => `${error.who} ${error.text}`);
  }

  all(): string[] {
    return this.errors.map((error) => `${error.who}${error.expected ? ' (expected)' : ''} ${error.text}`);
  }
}

/**
 * "10.02": how the console shows an instant in Asia/Jakarta in Bahasa Indonesia. Worked out by
 * hand (WIB is UTC+7 all year), not with Intl, so the check does not share the code it checks.
 */
export function jakartaClock(iso: string): string {
  const at = new Date(Date.parse(iso) + 7 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(at.getUTCHours())}.${pad(at.getUTCMinutes())}`;
}

/** 00:00 today in Asia/Jakarta, as an instant (17:00 UTC the day before). */
export function jakartaMidnight(now = Date.now()): string {
  const local = new Date(now + 7 * 3600_000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - 7 * 3600_000).toISOString();
}
