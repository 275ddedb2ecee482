import { readFileSync } from 'node:fs';
import { isRoutingError } from '@garda/routing-engine';
import { parseArgs, SimulateArgs } from './args';
import { erlangC, parseScenario, runSimulation, type Scenario, singleQueueScenario } from '@garda/staffing';

/** CLI: prints one JSON object with the simulated centre's figures (see libs/routing-engine/README.md). */
function main(): void {
  let args: SimulateArgs;
  let scenario: Scenario;
  try {
    args = parseArgs(process.argv.slice(2));
    scenario = args.scenario ? loadScenario(args.scenario) : singleQueueScenario({ ...args });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  let result;
  try {
    result = runSimulation(scenario, { hours: args.hours, seed: args.seed, slSeconds: args.slSeconds, strategy: args.strategy });
  } catch (error) {
    // A queue or agent the engine refuses (e.g. a skill level of 7) is a scenario error, not a crash.
    if (!isRoutingError(error)) throw error;
    process.stderr.write(`scenario rejected by the routing engine: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  // The textbook answer, for comparison, where it applies (one queue, nobody hangs up).
  const prediction =
    args.scenario === undefined && args.patienceSeconds === undefined
      ? erlangC(args.agents, args.arrivalsPerHour, args.ahtSeconds, args.slSeconds)
      : undefined;
  // The strategy every queue used: the one given, else each queue's own (the engine's default, longest-idle).
  const strategy = args.strategy ?? 'per queue';
  process.stdout.write(
    `${JSON.stringify({ scenario: args.scenario ?? 'single-queue', seed: args.seed, hours: args.hours, strategy, ...result, erlangC: prediction })}\n`,
  );
}

function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read scenario ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`scenario ${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseScenario(json, file);
}

main();
