import { DemoTenant } from '@garda/demo-tenant';
import { signAccessToken } from '@garda/service-kit';
import { ContactLedger, type WindowSummary } from './contact-ledger';
import { CustomerStream } from './customer-stream';
import { AgentPool } from './simulated-agents';

export interface LoadTarget {
  gatewayUrls: string[];
  channelsUrls: string[];
  routingUrl: string;
  jwtSecret: string;
}

export interface LoadShape {
  agents: number;
  capacity: number;
  handleTimeMs: { min: number; max: number };
}

/**
 * Drives a running platform the way a contact centre does: one tenant (the demo tenant), a pool of
 * agents answering on their sockets, web-chat customers arriving at a chosen rate. The module is
 * the reusable part of `bench:load` (and of `npm run chaos`): start a platform, `prepare`, then
 * `step` at the rates of interest and read the ledger.
 */
export class LoadDriver {
  readonly ledger = new ContactLedger();
  readonly errors = new Map<string, number>();
  readonly agents: AgentPool;
  readonly customers: CustomerStream;

  private constructor(
    readonly target: LoadTarget,
    readonly shape: LoadShape,
  ) {
    // A status code says why (429: a limit, 404: no such account); other errors are counted by kind.
    const onError = (what: string, error?: unknown) => {
      const key = typeof error === 'string' ? `${what} ${error}` : what;
      this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
    };
    this.agents = new AgentPool({
      gatewayUrls: target.gatewayUrls,
      routingUrl: target.routingUrl,
      tenantId: DemoTenant.id,
      jwtSecret: target.jwtSecret,
      agents: shape.agents,
      capacity: shape.capacity,
      skill: 'support',
      handleTimeMs: shape.handleTimeMs,
      ledger: this.ledger,
      onError,
    });
    this.customers = new CustomerStream({
      channelsUrls: target.channelsUrls,
      accountId: DemoTenant.webchatAccountId,
      topic: 'support',
      ledger: this.ledger,
      onError,
    });
  }

  /** Profiles for the agents, then every agent connected and available. */
  static async prepare(target: LoadTarget, shape: LoadShape): Promise<LoadDriver> {
    const driver = new LoadDriver(target, shape);
    const admin = DemoTenant.admin;
    const adminToken = signAccessToken({ sub: admin.id, tenantId: DemoTenant.id, role: 'admin', name: admin.name }, target.jwtSecret);
    await driver.agents.provision(adminToken);
    await driver.agents.connect();
    await driver.customers.waitForDoor(60_000);
    return driver;
  }

  /** Customers at `rate` contacts/s for `durationMs`; then waits up to `settleMs` for that window's contacts. */
  async step(rate: number, durationMs: number, settleMs = 5_000): Promise<WindowSummary & { rate: number; from: number; to: number }> {
    const from = Date.now();
    await this.customers.run(rate, durationMs);
    const to = Date.now();
    const deadline = Date.now() + settleMs;
    while (Date.now() < deadline && this.ledger.summarise(from, to).unassigned > 0) await sleep(100);
    return { ...this.ledger.summarise(from, to), rate, from, to };
  }

  /** Waits until every accepted contact is assigned, or `timeoutMs` passed; returns those still unassigned. */
  async drain(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.ledger.pending() > 0 && Date.now() < deadline) await sleep(200);
    return this.ledger.pending();
  }

  /** Waits until the agents have wrapped up everything they hold (free capacity for the next step). */
  async idle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.agents.inHand > 0 && Date.now() < deadline) await sleep(200);
  }

  close(): void {
    this.agents.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
