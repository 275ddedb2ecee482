import { erlangC } from './erlang';
import { singleQueueScenario } from './scenario';
import { runSimulation } from './simulation';
import { sameWeekdayForecast, staffingPlan } from './staffing-plan';

const inputs = { targetPercent: 80, thresholdSeconds: 20, intervalMinutes: 15 };

describe(staffingPlan.name, () => {
  it('staffs each 15-minute interval with the fewest agents that reach the target, none when nothing arrives', () => {
    // 40 contacts in 15 minutes = 160 an hour, 180 s each: 8 Erlangs.
    const [busy, quiet] = staffingPlan(
      [
        { intervalStart: '2026-11-02T01:00:00.000Z', arrivals: 40, averageHandleTimeSeconds: 180 },
        { intervalStart: '2026-11-02T01:15:00.000Z', arrivals: 0, averageHandleTimeSeconds: null },
      ],
      inputs,
    );
    expect(busy).toMatchObject({ trafficErlangs: 8, agentsNeeded: 11 });
    expect(busy.serviceLevelPercent).toBeGreaterThanOrEqual(80);
    expect(erlangC(10, 160, 180, 20).serviceLevel).toBeLessThan(0.8);
    expect(quiet).toMatchObject({ agentsNeeded: 0, serviceLevelPercent: null });
  });

  it('agrees with the routing simulator: the advised team reaches the target in a simulated run', () => {
    const [advice] = staffingPlan([{ intervalStart: 'x', arrivals: 40, averageHandleTimeSeconds: 180 }], inputs);
    const scenario = singleQueueScenario({ agents: advice.agentsNeeded, arrivalsPerHour: 160, ahtSeconds: 180, slSeconds: 20 });
    const simulated = runSimulation(scenario, { hours: 200, seed: 7, slSeconds: 20 });
    expect(Math.abs(simulated.serviceLevel * 100 - advice.serviceLevelPercent!)).toBeLessThan(4);
    expect(simulated.serviceLevel).toBeGreaterThan(0.76);
  });

  it('answers "what if": more volume needs more agents, chat concurrency fewer', () => {
    const load = [{ intervalStart: 'x', arrivals: 40, averageHandleTimeSeconds: 180 }];
    const [base] = staffingPlan(load, inputs);
    const [more] = staffingPlan(load, { ...inputs, volumeChangePercent: 50 });
    const [longer] = staffingPlan(load, { ...inputs, ahtSeconds: 360 });
    const [chat] = staffingPlan(load, { ...inputs, concurrency: 3 });
    expect(more.arrivals).toBe(60);
    expect(more.agentsNeeded).toBeGreaterThan(base.agentsNeeded);
    expect(longer.agentsNeeded).toBeGreaterThan(base.agentsNeeded);
    expect(chat.agentsNeeded).toBe(Math.ceil(base.agentsNeeded / 3));
  });

  it("uses the period's mean handle time for an interval that handled nothing", () => {
    const [, second] = staffingPlan(
      [
        { intervalStart: 'a', arrivals: 10, averageHandleTimeSeconds: 300 },
        { intervalStart: 'b', arrivals: 10, averageHandleTimeSeconds: null },
      ],
      inputs,
    );
    expect(second.ahtSeconds).toBe(300);
  });
});

describe(sameWeekdayForecast.name, () => {
  it('averages the same interval over past weeks, weighting handle time by arrivals', () => {
    const forecast = sameWeekdayForecast(
      [
        [{ intervalStart: 'w1', arrivals: 10, averageHandleTimeSeconds: 100 }],
        [{ intervalStart: 'w2', arrivals: 30, averageHandleTimeSeconds: 200 }],
      ],
      ['next'],
    );
    expect(forecast).toEqual([{ intervalStart: 'next', arrivals: 20, averageHandleTimeSeconds: 175 }]);
  });
});
