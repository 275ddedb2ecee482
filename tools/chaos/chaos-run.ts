import { DemoTenant } from '@garda/demo-tenant';
import { signAccessToken } from '@garda/service-kit';
import { Pool } from 'pg';
import { ContactLedger, latencies } from '../bench/load/contact-ledger';
import { AgentPool } from '../bench/load/simulated-agents';
import { ChaosPlatform } from './chaos-platform';
import { ChattingCustomers } from './chatting-customers';

/** A fault of one of the four kinds the run provokes. */
export type Fault =
  | { kind: 'kill'; service: string }
  | { kind: 'restart-kafka' }
  | { kind: 'restart-postgres' }
  | { kind: 'stall'; service: string; forMs: number };

export interface ChaosOptions {
  faults: Fault[];
  /** New web-chat contacts per second, steady through the whole run. */
  rate: number;
  agents: number;
  capacity: number;
  handleTimeMs: { min: number; max: number };
  /** Steady load before each fault (and before the first, the baseline). */
  steadyMs: number;
  /** After a fault is over, how long to keep watching before the next one. */
  observeMs: number;
  /** At the end: how long to wait for every accepted contact to be assigned. */
  drainMs: number;
  /** Where each service's last output is written at the end (for reading what went wrong). */
  logsDir?: string;
  log: (line: string) => void;
}

export interface FaultReport {
  fault: string;
  /** From the fault's start until the service, broker or database was back (killed and restarted, resumed). */
  faultDurationMs: number;
  /** From the fault's start until the last contact it delayed was assigned (0: none was delayed). */
  timeToRecoverMs: number;
  contactsSent: number;
  contactsAssigned: number;
  /** Customers whose message the platform did not accept (e.g. channels-ingest down): they saw an error. */
  contactsRefused: number;
  /** Accepted contacts never assigned to an agent by the end of the run. */
  contactsLost: number;
  contactsAssignedTwice: number;
  /** Replies the customers received more than once. */
  customerMessagesSentTwice: number;
  /** Samples of routing's load table with an agent holding more than their capacity on a channel. */
  agentsOverCapacity: number;
}

export interface ChaosReport {
  startedAt: string;
  options: Omit<ChaosOptions, 'log'>;
  baseline: { contacts: number; messageToAssignmentMs: ReturnType<typeof latencies> };
  /** A contact assigned later than this after its message counts as delayed by the fault. */
  delayedThresholdMs: number;
  faults: FaultReport[];
  repliesPushed: number;
  errors: Record<string, number>;
}

export const describeFault = (fault: Fault): string =>
  fault.kind === 'kill'
    ? `kill -9 ${fault.service}`
    : fault.kind === 'stall'
      ? `stall ${fault.service} ${Math.round(fault.forMs / 1000)} s (SIGSTOP/SIGCONT)`
      : fault.kind === 'restart-kafka'
        ? 'restart Kafka'
        : 'restart PostgreSQL';

/**
 * The platform under steady web-chat load (customers who stay in the chat, agents who accept,
 * answer and wrap up), then each fault in turn, and for each what a customer or agent would
 * notice. Every figure but the times must be 0.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const { log } = options;
  const platform = new ChaosPlatform(log);
  const ledger = new ContactLedger();
  const errors = new Map<string, number>();
  const onError = (what: string) => errors.set(what, (errors.get(what) ?? 0) + 1);
  let agents: AgentPool | undefined;
  let customers: ChattingCustomers | undefined;
  let sampler: Pool | undefined;
  try {
    log('starting the platform (embedded PostgreSQL, private Kafka, every service)…');
    await platform.start();
    agents = new AgentPool({
      gatewayUrls: [platform.url('gateway')],
      routingUrl: platform.url('routing'),
      tenantId: DemoTenant.id,
      jwtSecret: platform.jwtSecret,
      agents: options.agents,
      capacity: options.capacity,
      skill: 'support',
      handleTimeMs: options.handleTimeMs,
      ledger,
      onError,
      comeBackAfterDisconnect: true,
    });
    const admin = DemoTenant.admin;
    await agents.provision(
      signAccessToken({ sub: admin.id, tenantId: DemoTenant.id, role: 'admin', name: admin.name }, platform.jwtSecret),
    );
    await agents.connect();
    customers = new ChattingCustomers({
      channelsUrl: platform.url('channels-ingest'),
      accountId: DemoTenant.webchatAccountId,
      topic: 'support',
      ledger,
      listenAfterReplyMs: 60_000,
      onError,
    });
    log(`${options.agents} agents available; load ${options.rate} contacts/s`);

    sampler = new Pool({ connectionString: platform.databaseUrl, max: 1 });
    sampler.on('error', () => undefined);
    const overCapacity: Array<{ at: number; agents: number }> = [];
    let stopped = false;
    const samples = (async () => {
      while (!stopped) {
        try {
          const { rows } = await sampler!.query<{ n: number }>(
            `SELECT count(DISTINCT "agent_id")::int AS n FROM "routing"."agent_channel_load" WHERE "reserved" > "capacity"`,
          );
          overCapacity.push({ at: Date.now(), agents: rows[0].n });
        } catch {
          // PostgreSQL restarting: no sample.
        }
        await sleep(1000);
      }
    })();
    const load = customers.run(options.rate, () => stopped);

    const baselineFrom = Date.now();
    await sleep(options.steadyMs);
    const baselineTo = Date.now();
    const windows: Array<{ fault: Fault; from: number; at: number; back: number; to: number }> = [];
    for (const fault of options.faults) {
      if (windows.length > 0) await sleep(options.steadyMs);
      const at = Date.now();
      log(`fault: ${describeFault(fault)}`);
      await inject(platform, fault);
      const back = Date.now();
      log(`  back after ${((back - at) / 1000).toFixed(1)} s; watching ${options.observeMs / 1000} s`);
      await sleep(options.observeMs);
      windows.push({ fault, from: at - options.steadyMs, at, back, to: Date.now() });
    }
    stopped = true;
    await load;
    await samples;
    log('load stopped; waiting for every accepted contact to be assigned…');
    const deadline = Date.now() + options.drainMs;
    while (ledger.pending() > 0 && Date.now() < deadline) await sleep(250);
    // Late repeats of replies (a redelivery after a rebalance) arrive within seconds.
    await sleep(5000);

    const baseline = ledger.summarise(baselineFrom, baselineTo).messageToAssignmentMs;
    // The baseline's median, not its tail: the first contacts after start wait for cold caches.
    const delayedThresholdMs = Math.max(2000, 4 * (Number.isNaN(baseline.p50) ? 0 : baseline.p50));
    const records = ledger.records();
    const faults = windows.map(({ fault, from, at, back, to }): FaultReport => {
      const window = ledger.summarise(from, to);
      const sentAround = records.filter(
        (record) => record.sentAt >= from && record.sentAt < to && (record.status ?? 0) >= 200 && (record.status ?? 0) < 300,
      );
      const delayed = sentAround.filter(
        (record) => record.assignedAt === undefined || record.assignedAt - record.sentAt > delayedThresholdMs,
      );
      const recoveredAt = delayed.reduce((latest, record) => Math.max(latest, record.assignedAt ?? Infinity), at);
      return {
        fault: describeFault(fault),
        faultDurationMs: back - at,
        timeToRecoverMs: Number.isFinite(recoveredAt) ? recoveredAt - at : -1,
        contactsSent: window.sent,
        contactsAssigned: window.assigned,
        contactsRefused: window.sent - window.accepted,
        contactsLost: window.unassigned,
        contactsAssignedTwice: window.assignedTwice,
        customerMessagesSentTwice: customers!.sentTwiceBetween(from, to),
        agentsOverCapacity: overCapacity.filter((sample) => sample.at >= from && sample.at < to && sample.agents > 0).length,
      };
    });
    const { log: _log, logsDir: _logs, ...reported } = options;
    return {
      startedAt: new Date(baselineFrom).toISOString(),
      options: reported,
      baseline: { contacts: ledger.summarise(baselineFrom, baselineTo).sent, messageToAssignmentMs: baseline },
      delayedThresholdMs,
      faults,
      repliesPushed: customers.pushes.size,
      errors: Object.fromEntries(errors),
    };
  } finally {
    agents?.close();
    customers?.close();
    await sampler?.end().catch(() => undefined);
    await platform.stop(options.logsDir);
  }
}

async function inject(platform: ChaosPlatform, fault: Fault): Promise<void> {
  switch (fault.kind) {
    case 'kill':
      // Killed and started again at once, as Kubernetes restarts a crashed container.
      await platform.killService(fault.service);
      await platform.startService(fault.service);
      return;
    case 'restart-kafka':
      await platform.restartKafka();
      return;
    case 'restart-postgres':
      await platform.restartPostgres();
      return;
    case 'stall':
      platform.signal(fault.service, 'SIGSTOP');
      await sleep(fault.forMs);
      platform.signal(fault.service, 'SIGCONT');
      return;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
