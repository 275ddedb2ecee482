import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const scenarioFile = join(__dirname, '..', '..', 'libs', 'staffing', 'scenarios', 'multi-skill-centre.json');

/** Runs the CLI exactly as `npm run simulate -- ...` does. */
function simulate(...args: string[]) {
  const run = spawnSync(process.execPath, ['-r', './tools/swc-register.cjs', 'tools/simulate/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function figures(stdout: string): Record<string, unknown> & { occupancy: Record<string, number>; queues: Record<string, unknown> } {
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1); // one JSON object, nothing else on stdout
  return JSON.parse(lines[0]);
}

describe('npm run simulate (the CLI)', () => {
  jest.setTimeout(120_000);
  const small = ['--agents', '3', '--arrivals-per-hour', '40', '--aht-seconds', '180', '--sl-seconds', '20', '--hours', '2', '--seed', '7'];

  it('prints one JSON object with the centre’s figures', () => {
    const run = simulate(...small);
    expect(run.status).toBe(0);
    const result = figures(run.stdout);
    expect(result).toMatchObject({ scenario: 'single-queue', seed: 7, hours: 2, strategy: 'per queue', serviceLevelSeconds: 20 });
    for (const field of [
      'offered',
      'answered',
      'abandoned',
      'probabilityOfWaiting',
      'serviceLevel',
      'averageSpeedOfAnswer',
      'averageOccupancy',
    ]) {
      expect({ field, type: typeof result[field] }).toEqual({ field, type: 'number' });
    }
    expect(result.offered as number).toBeGreaterThan(40); // about 80 calls in two hours
    expect((result.answered as number) + (result.abandoned as number)).toBe(result.offered);
    for (const share of [result.probabilityOfWaiting, result.serviceLevel, result.averageOccupancy] as number[]) {
      expect(share).toBeGreaterThanOrEqual(0);
      expect(share).toBeLessThanOrEqual(1);
    }
    expect(Object.keys(result.occupancy).sort()).toEqual(['agent-001', 'agent-002', 'agent-003']);
    expect(result.erlangC).toMatchObject({ trafficErlangs: 2 });
  });

  it('routes with the --strategy given, which changes who takes the calls', () => {
    const longestIdle = figures(simulate(...small, '--strategy', 'longest-idle').stdout);
    const roundRobin = figures(simulate(...small, '--strategy', 'round-robin').stdout);
    expect(roundRobin.strategy).toBe('round-robin');
    // Same arrivals and handle times (same seed), other agents chosen.
    expect(roundRobin.offered).toBe(longestIdle.offered);
    expect(roundRobin.occupancy).not.toEqual(longestIdle.occupancy);
  });

  it('runs a --scenario file with its queues and agent groups', () => {
    const run = simulate('--scenario', scenarioFile, '--hours', '1', '--seed', '3', '--strategy', 'least-occupied');
    expect(run.status).toBe(0);
    const result = figures(run.stdout);
    expect(result).toMatchObject({ scenario: scenarioFile, strategy: 'least-occupied' });
    const scenario = JSON.parse(readFileSync(scenarioFile, 'utf8')) as { queues: Array<{ id: string }> };
    expect(Object.keys(result.queues).sort()).toEqual(scenario.queues.map((q) => q.id).sort());
    expect(result.erlangC).toBeUndefined(); // no textbook answer for a multi-skill centre
  });

  it('refuses a bad flag or value with a message and a non-zero exit, printing no figures', () => {
    const unknown = simulate(...small, '--agentz', '4');
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown option --agentz/);
    expect(unknown.stdout).toBe('');
    const strategy = simulate(...small, '--strategy', 'fastest');
    expect(strategy.status).not.toBe(0);
    expect(strategy.stderr).toMatch(/--strategy must be one of/);
    const missing = simulate('--scenario', join(__dirname, 'scenarios', 'no-such-file.json'));
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/cannot read scenario/);
  });
});
