// `npm run chaos`: the platform under steady web-chat load, then each fault in turn (kill -9 and
// restart every service, restart Kafka, restart PostgreSQL, stall a consumer past its session
// timeout), with what customers and agents noticed per fault. A benchmark-style run, not a test:
// a CI run of one fault of each kind is planned (docs/operations.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeFault, type Fault, runChaos } from './chaos-run';

const SERVICES = ['customers', 'tickets', 'routing', 'analytics', 'notifications', 'channels-ingest', 'gateway'];

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '2' },
    agents: { type: 'string', default: '12' },
    faults: { type: 'string' },
    'steady-seconds': { type: 'string', default: '15' },
    'observe-seconds': { type: 'string', default: '40' },
    'stall-seconds': { type: 'string', default: '25' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout
    .write(`Usage: npm run chaos -- [--rate 2] [--agents 12] [--faults kill:routing,restart-kafka,restart-postgres,stall:tickets]
       [--steady-seconds 15] [--observe-seconds 40] [--stall-seconds 25] [--out report.json]
Default faults: kill -9 each service, restart Kafka, restart PostgreSQL, stall tickets past its 15 s session timeout.
--rate: use half of bench:load's sustained rate on the machine.\n`);
  process.exit(0);
}

const stallMs = Number(values['stall-seconds']) * 1000;
const parseFault = (spec: string): Fault => {
  const [kind, service] = spec.split(':');
  if (kind === 'kill' && service && SERVICES.includes(service)) return { kind: 'kill', service };
  if (kind === 'stall' && service && SERVICES.includes(service)) return { kind: 'stall', service, forMs: stallMs };
  if (kind === 'restart-kafka' || kind === 'restart-postgres') return { kind };
  throw new Error(`unknown fault "${spec}" (kill:<service>, stall:<service>, restart-kafka, restart-postgres)`);
};
const faults: Fault[] = values.faults
  ? values.faults.split(',').map((spec) => parseFault(spec.trim()))
  : [
      ...SERVICES.map((service): Fault => ({ kind: 'kill', service })),
      { kind: 'restart-kafka' },
      { kind: 'restart-postgres' },
      { kind: 'stall', service: 'tickets', forMs: stallMs },
    ];

async function main(): Promise<number> {
  const log = (line: string) => process.stderr.write(`[chaos] ${line}\n`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const report = await runChaos({
    logsDir: path.resolve('tmp', 'chaos', `logs-${stamp}`),
    faults,
    rate: Number(values.rate),
    agents: Number(values.agents),
    capacity: 3,
    handleTimeMs: { min: 2000, max: 4000 },
    steadyMs: Number(values['steady-seconds']) * 1000,
    observeMs: Number(values['observe-seconds']) * 1000,
    drainMs: 120_000,
    log,
  });

  const out = path.resolve(values.out ?? path.join('tmp', 'chaos', `chaos-${report.startedAt.replace(/[:.]/g, '-')}.json`));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ ...report, machine: { cpus: os.cpus().length, load: os.loadavg(), node: process.version } }, null, 2)}\n`,
  );

  const columns = ['fault', 'assigned', 'lost', 'twice', 'sent twice', 'over cap', 'refused', 'recover s', 'fault s'];
  process.stdout.write(`\n${columns.join(' | ')}\n`);
  for (const fault of report.faults) {
    process.stdout.write(
      `${[
        fault.fault,
        fault.contactsAssigned,
        fault.contactsLost,
        fault.contactsAssignedTwice,
        fault.customerMessagesSentTwice,
        fault.agentsOverCapacity,
        `${fault.contactsRefused}/${fault.contactsSent}`,
        fault.timeToRecoverMs < 0 ? 'never' : (fault.timeToRecoverMs / 1000).toFixed(1),
        (fault.faultDurationMs / 1000).toFixed(1),
      ].join(' | ')}\n`,
    );
  }
  // A window without assigned contacts measured nothing: that is not a clean result either.
  const clean = report.faults.every(
    (fault) =>
      fault.contactsAssigned > 0 &&
      fault.contactsLost + fault.contactsAssignedTwice + fault.customerMessagesSentTwice + fault.agentsOverCapacity === 0,
  );
  process.stdout.write(`\n${clean ? 'All zero.' : 'NOT all zero: see the report.'} Report: ${out}\n`);
  process.stdout.write(`(${faults.map(describeFault).join('; ')})\n`);
  return clean ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`chaos: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
