import { ROUTING_STRATEGIES, RoutingStrategy } from '@garda/routing-engine';

export interface SimulateArgs {
  agents: number;
  arrivalsPerHour: number;
  ahtSeconds: number;
  slSeconds: number;
  hours: number;
  seed: number;
  strategy?: RoutingStrategy;
  scenario?: string;
  patienceSeconds?: number;
}

const USAGE = `usage: npm run simulate -- --agents N --arrivals-per-hour L --aht-seconds H --sl-seconds T --hours D --seed S
                          [--strategy longest-idle|least-occupied|most-proficient|round-robin]
                          [--patience-seconds P] [--scenario FILE]
With --scenario, agents, queues and arrival streams come from the file; --agents, --arrivals-per-hour
and --aht-seconds are then not needed.`;

export function parseArgs(argv: readonly string[]): SimulateArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') throw new Error(USAGE);
    if (!flag.startsWith('--') || i + 1 >= argv.length) throw new Error(`unexpected argument "${flag}"\n${USAGE}`);
    values.set(flag.slice(2), argv[++i]);
  }
  const known = ['agents', 'arrivals-per-hour', 'aht-seconds', 'sl-seconds', 'hours', 'seed', 'strategy', 'scenario', 'patience-seconds'];
  for (const key of values.keys()) if (!known.includes(key)) throw new Error(`unknown option --${key}\n${USAGE}`);
  const scenario = values.get('scenario');
  const number = (key: string, required: boolean, fallback?: number): number => {
    const raw = values.get(key);
    if (raw === undefined) {
      if (required && fallback === undefined) throw new Error(`--${key} is required\n${USAGE}`);
      return fallback ?? NaN;
    }
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${key} must be a non-negative number, got "${raw}"`);
    return value;
  };
  const strategy = values.get('strategy');
  if (strategy !== undefined && !ROUTING_STRATEGIES.includes(strategy as RoutingStrategy)) {
    throw new Error(`--strategy must be one of ${ROUTING_STRATEGIES.join(', ')}`);
  }
  const simple = scenario === undefined;
  const args: SimulateArgs = {
    agents: number('agents', simple),
    arrivalsPerHour: number('arrivals-per-hour', simple),
    ahtSeconds: number('aht-seconds', simple),
    slSeconds: number('sl-seconds', false, 20),
    hours: number('hours', false, 8),
    seed: number('seed', false, 1),
    strategy: strategy as RoutingStrategy | undefined,
    scenario,
    patienceSeconds: values.has('patience-seconds') ? number('patience-seconds', false) : undefined,
  };
  if (simple && (!Number.isInteger(args.agents) || args.agents < 1)) throw new Error('--agents must be a whole number >= 1');
  if (simple && !(args.ahtSeconds > 0 && args.arrivalsPerHour > 0))
    throw new Error('--aht-seconds and --arrivals-per-hour must be positive');
  if (!(args.hours > 0)) throw new Error('--hours must be positive');
  return args;
}
