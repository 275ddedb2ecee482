import { agentsForServiceLevel, erlangC } from './erlang';
import { parseScenario, singleQueueScenario } from './scenario';
import { runSimulation } from './simulation';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('routing simulator', () => {
  it('matches the Erlang C prediction for a single queue of interchangeable agents (M/M/c)', () => {
    // 10 agents, 8 Erlangs of traffic: 160 calls an hour of 180 s each.
    const scenario = singleQueueScenario({ agents: 10, arrivalsPerHour: 160, ahtSeconds: 180, slSeconds: 20 });
    const simulated = runSimulation(scenario, { hours: 200, seed: 11, slSeconds: 20 });
    const predicted = erlangC(10, 160, 180, 20);
    expect(simulated.abandoned).toBe(0);
    expect(simulated.answered).toBe(simulated.offered);
    expect(simulated.probabilityOfWaiting).toBeCloseTo(predicted.probabilityOfWaiting, 1);
    expect(Math.abs(simulated.serviceLevel - predicted.serviceLevel)).toBeLessThan(0.04);
    expect(
      Math.abs(simulated.averageSpeedOfAnswer - predicted.averageSpeedOfAnswerSeconds) / predicted.averageSpeedOfAnswerSeconds,
    ).toBeLessThan(0.15);
    expect(Math.abs(simulated.averageOccupancy - predicted.occupancy)).toBeLessThan(0.03);
  });

  it('gives the same figures for the same seed', () => {
    const scenario = singleQueueScenario({ agents: 3, arrivalsPerHour: 50, ahtSeconds: 120, slSeconds: 20, patienceSeconds: 60 });
    const run = () => runSimulation(scenario, { hours: 5, seed: 3, slSeconds: 20 });
    expect(run()).toEqual(run());
  });

  it('loses callers who run out of patience when the centre is understaffed', () => {
    const scenario = singleQueueScenario({ agents: 2, arrivalsPerHour: 100, ahtSeconds: 180, slSeconds: 20, patienceSeconds: 30 });
    const result = runSimulation(scenario, { hours: 10, seed: 5, slSeconds: 20 });
    expect(result.abandoned).toBeGreaterThan(result.offered * 0.3);
    expect(result.answered + result.abandoned).toBe(result.offered);
  });

  it('runs the sample multi-skill scenario and answers every stream', () => {
    const file = join(__dirname, '..', 'scenarios', 'multi-skill-centre.json');
    const scenario = parseScenario(JSON.parse(readFileSync(file, 'utf8')), file);
    const result = runSimulation(scenario, { hours: 4, seed: 1, slSeconds: 20 });
    for (const queue of Object.values(result.queues)) expect(queue.answered).toBeGreaterThan(0);
    expect(result.answered + result.abandoned).toBe(result.offered);
  });

  it('finds the smallest team reaching 80 % within 20 s', () => {
    const agents = agentsForServiceLevel(160, 180, 20, 80);
    expect(erlangC(agents, 160, 180, 20).serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(erlangC(agents - 1, 160, 180, 20).serviceLevel).toBeLessThan(0.8);
  });
});
