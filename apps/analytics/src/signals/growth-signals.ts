import type { ReportMetrics } from '../reports/report-metrics';

/** The signs that a team must grow (issue 12 item 4), each against its trailing baseline. */
export type GrowthSignalKind =
  'backlog-spike' | 'first-response-worsening' | 'first-contact-resolution-falling' | 'waits-growing' | 'workload-per-agent-rising';

/** How much worse than the baseline a figure must get before it is a signal; tenants may tighten or relax them. */
export interface GrowthThresholds {
  backlogRisePercent: number;
  firstResponseRisePercent: number;
  firstContactResolutionDropPoints: number;
  speedOfAnswerRisePercent: number;
  contactsPerAgentRisePercent: number;
}

export const DEFAULT_GROWTH_THRESHOLDS: GrowthThresholds = {
  backlogRisePercent: 50,
  firstResponseRisePercent: 25,
  firstContactResolutionDropPoints: 10,
  speedOfAnswerRisePercent: 50,
  contactsPerAgentRisePercent: 30,
};

export interface GrowthSignal {
  kind: GrowthSignalKind;
  raised: boolean;
  current: number | null;
  baseline: number | null;
  /** % change (points for first-contact resolution), null when either side is unknown. */
  change: number | null;
  threshold: number;
}

export interface PeriodFigures {
  metrics: ReportMetrics;
  /** Distinct agents who handled contacts in the period. */
  agents: number;
  days: number;
}

const risePercent = (current: number | null, baseline: number | null) =>
  current === null || baseline === null || baseline <= 0 ? null : Math.round(((current - baseline) / baseline) * 1000) / 10;

/**
 * Compares the recent period with the trailing baseline, per day so periods of different lengths
 * compare: the backlog at the end of each, the mean FRT, FCR and ASA, and contacts handled per
 * agent per day. A signal is raised when the figure got worse by at least its threshold.
 */
export function growthSignals(recent: PeriodFigures, baseline: PeriodFigures, thresholds: GrowthThresholds): GrowthSignal[] {
  const perAgentPerDay = (period: PeriodFigures) =>
    period.agents > 0 ? Math.round((period.metrics.contactsHandled / period.agents / period.days) * 10) / 10 : null;
  const rising = (kind: GrowthSignalKind, current: number | null, before: number | null, threshold: number): GrowthSignal => {
    const change = risePercent(current, before);
    return { kind, raised: change !== null && change >= threshold, current, baseline: before, change, threshold };
  };
  const fcrNow = recent.metrics.firstContactResolutionPercent;
  const fcrBefore = baseline.metrics.firstContactResolutionPercent;
  const fcrChange = fcrNow === null || fcrBefore === null ? null : Math.round((fcrNow - fcrBefore) * 10) / 10;
  return [
    rising('backlog-spike', recent.metrics.backlogOpen, baseline.metrics.backlogOpen, thresholds.backlogRisePercent),
    rising(
      'first-response-worsening',
      recent.metrics.firstResponseTimeSeconds,
      baseline.metrics.firstResponseTimeSeconds,
      thresholds.firstResponseRisePercent,
    ),
    {
      kind: 'first-contact-resolution-falling',
      raised: fcrChange !== null && -fcrChange >= thresholds.firstContactResolutionDropPoints,
      current: fcrNow,
      baseline: fcrBefore,
      change: fcrChange,
      threshold: thresholds.firstContactResolutionDropPoints,
    },
    rising(
      'waits-growing',
      recent.metrics.averageSpeedOfAnswerSeconds,
      baseline.metrics.averageSpeedOfAnswerSeconds,
      thresholds.speedOfAnswerRisePercent,
    ),
    rising('workload-per-agent-rising', perAgentPerDay(recent), perAgentPerDay(baseline), thresholds.contactsPerAgentRisePercent),
  ];
}
