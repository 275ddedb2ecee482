import { runRoutingBench } from './routing-bench';

// A smoke test of the benchmark's core, not a measurement: a few calls on the full-size centre,
// checking that the report has its lines and that the counts add up. No timing is asserted.
describe('routing benchmark', () => {
  it('reports decisions/s, offers/s, calls and the p99 for the calls it was asked to make', () => {
    const lines = runRoutingBench({ operations: 500, seed: 3 });
    expect(lines[0]).toMatch(/^routing bench: 1000 agents, 50 queues, 20 skills, 5000 waiting contacts at start \(\d+ at end\)$/);
    expect(lines[1]).toMatch(/^\d+ decisions\/s, \d+ offers\/s \(offers and assignments\)$/);
    const calls = lines[2].match(
      /^\d+ engine calls\/s \((\d+) calls, (\d+) decisions of which (\d+) offers and assignments, [\d.]+ s CPU\)$/,
    );
    expect(calls).not.toBeNull();
    const [, made, decisions, offers] = calls!.map(Number);
    expect(made).toBe(500);
    expect(offers).toBeGreaterThan(0);
    expect(offers).toBeLessThanOrEqual(decisions);
    expect(lines[3]).toMatch(/^wall clock: \d+ decisions\/s inside engine calls/);
    expect(lines[4]).toMatch(/^p99 decision time: [\d.]+ µs \(p50 [\d.]+ µs, max [\d.]+ µs\) per engine call, wall clock$/);
  });

  it('makes the same decisions for the same seed', () => {
    const counts = (lines: string[]) => lines[2].replace(/^\d+ engine calls\/s /, '').replace(/, [\d.]+ s CPU\)$/, '');
    expect(counts(runRoutingBench({ operations: 300, seed: 5 }))).toBe(counts(runRoutingBench({ operations: 300, seed: 5 })));
  });
});
