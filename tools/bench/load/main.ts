/**
 * `npm run bench:load`: the whole platform under contact-centre load on this machine. See
 * docs/operations.md (capacity planning) for what the figures mean and the latest results.
 *   --agents N            simulated agents (default 500), each a socket.io client
 *   --capacity N          web-chat contacts each agent holds at once (default 4)
 *   --handle MIN-MAX      handle time in ms between assignment and wrap-up (default 2000-6000)
 *   --rates A,B,…         contacts/s steps, stopping at the first the platform cannot keep up with
 *                         (default 25,50,100,150,200,300,400,500)
 *   --step-seconds N      length of each step (default 20)
 *   --replicas a=2,b=2    replicas per service (default 1 each)
 *   --raw-messages N      messages for the raw kafkajs comparison (default 3000; 0 skips it)
 *   --json FILE           also write the full report there
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import type { WindowSummary } from './contact-ledger';
import { LoadDriver } from './load-driver';
import { startLoadPlatform } from './load-platform';
import { measureRawKafka, type RawKafkaResult } from './raw-kafka';

interface StepReport extends WindowSummary {
  rate: number;
  keptUp: boolean;
  loadAverage: number[];
  cpuSecondsPer1000: Record<string, number>;
}

async function main() {
  const agents = Number(argument('--agents') ?? 500);
  const capacity = Number(argument('--capacity') ?? 4);
  const [handleMin, handleMax] = (argument('--handle') ?? '2000-6000').split('-').map(Number);
  const rates = (argument('--rates') ?? '25,50,100,150,200,300,400,500').split(',').map(Number);
  const stepMs = Number(argument('--step-seconds') ?? 20) * 1000;
  const rawMessages = Number(argument('--raw-messages') ?? 3000);
  const replicas = Object.fromEntries(
    (argument('--replicas') ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => pair.split('='))
      .map(([name, count]) => [name, Number(count)]),
  );
  const log = (line: string) => process.stderr.write(`[bench:load] ${line}\n`);
  log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, load average ${loadAverage().join(' ')}`);
  const platform = await startLoadPlatform({ replicas, log });
  let driver: LoadDriver | undefined;
  try {
    const preparedAt = Date.now();
    driver = await LoadDriver.prepare(
      {
        gatewayUrls: platform.urls('gateway'),
        channelsUrls: platform.urls('channels-ingest'),
        routingUrl: platform.urls('routing')[0],
        jwtSecret: platform.jwtSecret,
      },
      { agents, capacity, handleTimeMs: { min: handleMin, max: handleMax } },
    );
    log(`${agents} agents available in ${((Date.now() - preparedAt) / 1000).toFixed(1)} s`);

    const raw = rawMessages > 0 ? await measureRawKafka(platform.kafkaBrokers, { messages: rawMessages }) : undefined;
    if (raw)
      log(
        `raw kafkajs: ${raw.singleSendsPerSecond.toFixed(0)} single sends/s, ${raw.batchedPerSecond.toFixed(0)} msg/s in batches of ${raw.batchSize}`,
      );

    // A short warm-up (JIT, connection pools, consumer fetch sessions) that is not reported.
    await driver.step(Math.min(10, rates[0]), 5_000);
    await driver.drain(30_000);

    const steps: StepReport[] = [];
    for (const rate of rates) {
      const report = await measuredStep(driver, platform.cpuSeconds, rate, stepMs);
      steps.push(report);
      log(describe(report));
      await driver.drain(60_000);
      await driver.idle(60_000);
      if (!report.keptUp) break;
    }
    const best = [...steps].reverse().find((step) => step.keptUp);
    const sustained = best ? Math.min(best.rate, best.assignedPerSecond) : 0;
    const half =
      sustained > 0 ? await measuredStep(driver, platform.cpuSeconds, Math.max(1, Math.round(sustained / 2)), stepMs) : undefined;
    if (half) log(describe(half));
    const lost = await driver.drain(120_000);
    const report = {
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 1e9) },
      options: { agents, capacity, handleMs: [handleMin, handleMax], stepSeconds: stepMs / 1000, replicas },
      sustainedContactsPerSecond: round(sustained),
      atSustained: best && summary(best),
      atHalf: half && summary(half),
      contactsLost: lost,
      contactsAssignedTwice: driver.ledger.assignedTwice(),
      contactsSent: driver.ledger.records().length,
      wrapUpFailures: driver.agents.wrapUpFailures,
      driverSkipped: driver.customers.skipped,
      errors: Object.fromEntries(driver.errors),
      cpuSecondsPer1000Contacts: best?.cpuSecondsPer1000,
      rawKafka: raw,
      steps: steps.map(summary),
    };
    const json = argument('--json');
    if (json) await writeFile(json, JSON.stringify(report, null, 2));
    process.stdout.write(`${JSON.stringify(report)}\n`);
    process.stdout.write(render(report, raw));
    if (lost > 0 || report.contactsAssignedTwice > 0) process.exitCode = 2;
  } finally {
    driver?.close();
    await platform.stop();
  }
}

async function measuredStep(driver: LoadDriver, cpu: () => Record<string, number>, rate: number, durationMs: number): Promise<StepReport> {
  const before = cpu();
  const window = await driver.step(rate, durationMs);
  const after = cpu();
  const per1000: Record<string, number> = {};
  for (const name of Object.keys(after)) per1000[name] = round(((after[name] - (before[name] ?? 0)) * 1000) / Math.max(1, window.assigned));
  // Kept up: (almost) every message accepted and assigned within the settle time, latency bounded.
  const keptUp =
    window.accepted >= 0.99 * window.sent &&
    window.unassigned <= 0.01 * window.accepted &&
    window.messageToAssignmentMs.p95 < 2_000 &&
    window.acceptedPerSecond >= 0.95 * rate;
  return { ...window, keptUp, loadAverage: loadAverage(), cpuSecondsPer1000: per1000 };
}

function summary(step: StepReport) {
  return {
    rate: step.rate,
    keptUp: step.keptUp,
    acceptedPerSecond: round(step.acceptedPerSecond),
    assignedPerSecond: round(step.assignedPerSecond),
    sent: step.sent,
    refused429: step.refused,
    failed: step.failed,
    unassignedAfterSettle: step.unassigned,
    messageToOfferMs: step.messageToOfferMs,
    messageToAssignmentMs: step.messageToAssignmentMs,
    loadAverage: step.loadAverage,
    cpuSecondsPer1000Contacts: step.cpuSecondsPer1000,
  };
}

const describe = (step: StepReport) =>
  `${step.rate}/s: accepted ${step.acceptedPerSecond.toFixed(1)}/s, assigned ${step.assignedPerSecond.toFixed(1)}/s, ` +
  `offer p50/p95/p99 ${step.messageToOfferMs.p50}/${step.messageToOfferMs.p95}/${step.messageToOfferMs.p99} ms, ` +
  `429 ${step.refused}, unassigned ${step.unassigned}, ${step.keptUp ? 'kept up' : 'FELL BEHIND'} (load ${step.loadAverage.join(' ')})`;

function render(
  report: {
    sustainedContactsPerSecond: number;
    atSustained?: ReturnType<typeof summary>;
    atHalf?: ReturnType<typeof summary>;
    contactsLost: number;
    contactsAssignedTwice: number;
    cpuSecondsPer1000Contacts?: Record<string, number>;
  },
  raw: RawKafkaResult | undefined,
): string {
  const latency = (step?: ReturnType<typeof summary>) =>
    step
      ? `p50 ${step.messageToOfferMs.p50} ms, p95 ${step.messageToOfferMs.p95} ms, p99 ${step.messageToOfferMs.p99} ms (load ${step.loadAverage.join(' ')})`
      : 'n/a';
  const lines = [
    `sustained: ${report.sustainedContactsPerSecond} contacts/s (customer message → assignment)`,
    `message → offer at ${report.atSustained?.rate ?? 0}/s: ${latency(report.atSustained)}`,
    `message → offer at ${report.atHalf?.rate ?? 0}/s: ${latency(report.atHalf)}`,
    `contacts lost: ${report.contactsLost}; assigned twice: ${report.contactsAssignedTwice}`,
    `CPU seconds per 1,000 contacts: ${Object.entries(report.cpuSecondsPer1000Contacts ?? {})
      .map(([name, seconds]) => `${name} ${seconds}`)
      .join(', ')}`,
    raw
      ? `raw kafkajs on the same broker (${raw.messageBytes} B, acks=-1, idempotent): ${raw.singleSendsPerSecond.toFixed(0)} msg/s one per send, ${raw.batchedPerSecond.toFixed(0)} msg/s in batches of ${raw.batchSize}`
      : 'raw kafkajs: skipped',
  ];
  return `${lines.join('\n')}\n`;
}

const loadAverage = () => os.loadavg().map((value) => Number(value.toFixed(2)));
const round = (value: number) => Math.round(value * 10) / 10;

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`bench:load failed: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
