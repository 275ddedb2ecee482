/**
 * `npm run bench:reports`: a tenant with a year of history (10,000,000 messages by default) and
 * the p95 of every report over HTTP on this machine (goal: ≤ 1 s each). Real PostgreSQL and Kafka
 * (deploy/local/infra.mjs), the real analytics service; the history is seeded into its rollups
 * (tools/bench/reports/seed-history.ts says why and how).
 *   --days N       history length (default 365)
 *   --messages N   messages over it (default 10000000)
 *   --samples N    timed requests per report (default 20)
 * Prints one JSON object and one line per report.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runReportsBench } from './reports/run-bench';

const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<Record<string, unknown>>;

async function main() {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'garda-bench-reports-'));
  const { startInfra } = (await importEsm(pathToFileURL(path.join(__dirname, '../../deploy/local/infra.mjs')).href)) as {
    startInfra: (options: object) => Promise<{ kafkaBrokers: string; databaseUrl: string; stop(): Promise<void> }>;
  };
  const infra = await startInfra({ stateDir, databaseName: 'garda_bench_reports' });
  try {
    const result = await runReportsBench({
      databaseUrl: infra.databaseUrl,
      kafkaBrokers: infra.kafkaBrokers,
      days: Number(argument('--days') ?? 365),
      messages: Number(argument('--messages') ?? 10_000_000),
      samples: Number(argument('--samples') ?? 20),
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    for (const report of result.reports) process.stdout.write(`${report.report}: p50 ${report.p50Ms} ms, p95 ${report.p95Ms} ms\n`);
  } finally {
    await infra.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
