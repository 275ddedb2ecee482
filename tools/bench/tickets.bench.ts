import { runTicketsBench } from './tickets-bench';

/**
 * Views and search at size (a benchmark, not a test): see tickets-bench.ts for what is seeded and
 * measured. Needs a PostgreSQL server: DATABASE_URL, or one on 127.0.0.1:5432.
 * Run: npm run bench:tickets [-- --tickets 1000000 --messages-per-ticket 5 --runs 50]
 */
const USAGE = 'usage: npm run bench:tickets -- [--tickets N] [--messages-per-ticket M] [--runs R]   (defaults 1000000, 5, 50)';

function parse(argv: readonly string[]) {
  const options: Record<string, number> = { tickets: 1_000_000, 'messages-per-ticket': 5, runs: 50 };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]!.replace(/^--/, '');
    const value = Number(argv[i + 1]);
    if (!argv[i]!.startsWith('--') || !(name in options)) throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`--${name} needs a whole number of at least 1, got "${argv[i + 1] ?? ''}"\n${USAGE}`);
    options[name] = value;
  }
  return { tickets: options.tickets!, messagesPerTicket: options['messages-per-ticket']!, runs: options.runs! };
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const started = Date.now();
  const results = await runTicketsBench({ ...options, serverUrl, progress: (line) => process.stderr.write(`[bench:tickets] ${line}\n`) });
  const width = Math.max(...results.map((r) => r.name.length));
  process.stdout.write(
    `tickets bench: ${options.tickets.toLocaleString('en')} tickets, ${(options.tickets * options.messagesPerTicket).toLocaleString('en')} messages, ${options.runs} runs each (load ${(await import('node:os')).loadavg()[0]!.toFixed(1)})\n`,
  );
  for (const r of results) {
    process.stdout.write(
      `${r.name.padEnd(width)}  p50 ${r.p50.toFixed(1).padStart(7)} ms  p95 ${r.p95.toFixed(1).padStart(7)} ms  ${r.rows} rows${r.p95 > 200 ? '  (over the 200 ms goal)' : ''}\n`,
    );
  }
  process.stdout.write(`total ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
