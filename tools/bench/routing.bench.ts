import { runRoutingBench } from './routing-bench';

/**
 * Routing throughput on one core (a benchmark, not a test): see routing-bench.ts for the centre
 * and what is measured.
 * Run: npm run bench:routing [-- --operations 300000 --seed 1]
 */
const USAGE = 'usage: npm run bench:routing -- [--operations N] [--seed S]   (N engine calls measured, default 300000; S default 1)';

function parse(argv: readonly string[]): { operations: number; seed: number } {
  const options = { operations: 300_000, seed: 1 };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    const raw = argv[i + 1];
    if (!argv[i].startsWith('--') || !(name in options)) throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
    const value = Number(raw);
    if (raw === undefined || !Number.isInteger(value) || value < (name === 'operations' ? 1 : 0)) {
      throw new Error(
        `--${name} needs a whole number${name === 'operations' ? ' of at least 1' : ''}, got ${raw === undefined ? 'nothing' : `"${raw}"`}\n${USAGE}`,
      );
    }
    options[name as keyof typeof options] = value;
  }
  return options;
}

let options: { operations: number; seed: number };
try {
  options = parse(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
process.stdout.write(`${runRoutingBench(options).join('\n')}\n`);
