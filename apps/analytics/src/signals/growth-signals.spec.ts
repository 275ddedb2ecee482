import { EMPTY_SUMS, reportMetrics } from '../reports/report-metrics';
import { DEFAULT_GROWTH_THRESHOLDS, growthSignals } from './growth-signals';

const period = (sums: Partial<typeof EMPTY_SUMS>, backlog: number, agents: number, days: number) => ({
  metrics: reportMetrics({ ...EMPTY_SUMS, ...sums }, backlog),
  agents,
  days,
});

describe(growthSignals.name, () => {
  const baseline = period(
    {
      firstResponses: 100,
      firstResponseSeconds: 6000,
      conversationsResolved: 100,
      resolvedFirstContact: 80,
      contactsAnswered: 100,
      answerWaitSeconds: 1000,
      contactsHandled: 400,
    },
    20,
    10,
    28,
  );

  it('raises nothing when the recent week looks like its baseline', () => {
    const recent = period(
      {
        firstResponses: 25,
        firstResponseSeconds: 1500,
        conversationsResolved: 25,
        resolvedFirstContact: 20,
        contactsAnswered: 25,
        answerWaitSeconds: 250,
        contactsHandled: 100,
      },
      20,
      10,
      7,
    );
    expect(growthSignals(recent, baseline, DEFAULT_GROWTH_THRESHOLDS).filter((s) => s.raised)).toEqual([]);
  });

  it('raises the backlog spike, slower first replies, falling FCR, growing waits and more work per agent', () => {
    const recent = period(
      {
        firstResponses: 25,
        firstResponseSeconds: 3000,
        conversationsResolved: 25,
        resolvedFirstContact: 15,
        contactsAnswered: 25,
        answerWaitSeconds: 500,
        contactsHandled: 200,
      },
      40,
      10,
      7,
    );
    const signals = growthSignals(recent, baseline, DEFAULT_GROWTH_THRESHOLDS);
    expect(signals.filter((s) => s.raised).map((s) => s.kind)).toEqual([
      'backlog-spike',
      'first-response-worsening',
      'first-contact-resolution-falling',
      'waits-growing',
      'workload-per-agent-rising',
    ]);
    expect(signals[0]).toMatchObject({ current: 40, baseline: 20, change: 100 });
    expect(signals[2]).toMatchObject({ current: 60, baseline: 80, change: -20 });
  });

  it('says nothing (not "fine", not "alarm") when there is no baseline yet', () => {
    const empty = period({}, 0, 0, 28);
    const recent = period({ firstResponses: 1, firstResponseSeconds: 60 }, 3, 1, 7);
    expect(growthSignals(recent, empty, DEFAULT_GROWTH_THRESHOLDS).every((s) => !s.raised)).toBe(true);
  });
});
