import { mean, percent, serviceLevelPercent } from '../projection/metrics-math';

/** Sums of the rollup counters over some rows (one group, one bucket or a whole range). */
export interface ReportSums {
  contactsQueued: number;
  contactsAnswered: number;
  answeredWithinThreshold: number;
  answerWaitSeconds: number;
  contactsAbandoned: number;
  contactsHandled: number;
  handleSeconds: number;
  firstResponses: number;
  firstResponseSeconds: number;
  nextResponses: number;
  nextResponseSeconds: number;
  conversationsOpened: number;
  conversationsClosed: number;
  conversationsResolved: number;
  resolutionSeconds: number;
  resolvedFirstContact: number;
}

export const EMPTY_SUMS: ReportSums = {
  contactsQueued: 0,
  contactsAnswered: 0,
  answeredWithinThreshold: 0,
  answerWaitSeconds: 0,
  contactsAbandoned: 0,
  contactsHandled: 0,
  handleSeconds: 0,
  firstResponses: 0,
  firstResponseSeconds: 0,
  nextResponses: 0,
  nextResponseSeconds: 0,
  conversationsOpened: 0,
  conversationsClosed: 0,
  conversationsResolved: 0,
  resolutionSeconds: 0,
  resolvedFirstContact: 0,
};

/** The figures of one report row; definitions and their Zendesk / Amazon Connect equivalents in docs/metrics.md. */
export interface ReportMetrics {
  contactsQueued: number;
  contactsAnswered: number;
  contactsAbandoned: number;
  contactsHandled: number;
  conversationsOpened: number;
  conversationsResolved: number;
  firstResponseTimeSeconds: number | null;
  nextResponseTimeSeconds: number | null;
  resolutionTimeSeconds: number | null;
  averageHandleTimeSeconds: number | null;
  averageSpeedOfAnswerSeconds: number | null;
  serviceLevelPercent: number | null;
  abandonmentRatePercent: number | null;
  firstContactResolutionPercent: number | null;
  resolutionRatePercent: number | null;
  /** Open conversations at the end of the period (null where it has no meaning: per agent). */
  backlogOpen: number | null;
  /** Waiting for tickets' reopen, survey-answer and escalation events (docs/reports.md). */
  reopenRatePercent: null;
  csatSatisfiedPercent: null;
  csatAverage: null;
  npsScore: null;
}

/** The figures in the order CSV columns and the screen's tables show them. */
export const METRIC_COLUMNS: ReadonlyArray<keyof ReportMetrics> = [
  'contactsQueued',
  'contactsAnswered',
  'contactsAbandoned',
  'contactsHandled',
  'conversationsOpened',
  'conversationsResolved',
  'firstResponseTimeSeconds',
  'nextResponseTimeSeconds',
  'resolutionTimeSeconds',
  'averageHandleTimeSeconds',
  'averageSpeedOfAnswerSeconds',
  'serviceLevelPercent',
  'abandonmentRatePercent',
  'firstContactResolutionPercent',
  'resolutionRatePercent',
  'backlogOpen',
  'reopenRatePercent',
  'csatSatisfiedPercent',
  'csatAverage',
  'npsScore',
];

export function addSums(a: ReportSums, b: ReportSums): ReportSums {
  const total = { ...a };
  for (const key of Object.keys(EMPTY_SUMS) as Array<keyof ReportSums>) total[key] = a[key] + b[key];
  return total;
}

export function reportMetrics(sums: ReportSums, backlogOpen: number | null): ReportMetrics {
  return {
    contactsQueued: sums.contactsQueued,
    contactsAnswered: sums.contactsAnswered,
    contactsAbandoned: sums.contactsAbandoned,
    contactsHandled: sums.contactsHandled,
    conversationsOpened: sums.conversationsOpened,
    conversationsResolved: sums.conversationsResolved,
    firstResponseTimeSeconds: mean(sums.firstResponseSeconds, sums.firstResponses),
    nextResponseTimeSeconds: mean(sums.nextResponseSeconds, sums.nextResponses),
    resolutionTimeSeconds: mean(sums.resolutionSeconds, sums.conversationsResolved),
    averageHandleTimeSeconds: mean(sums.handleSeconds, sums.contactsHandled),
    averageSpeedOfAnswerSeconds: mean(sums.answerWaitSeconds, sums.contactsAnswered),
    serviceLevelPercent: serviceLevelPercent({
      answered: sums.contactsAnswered,
      answeredWithinThreshold: sums.answeredWithinThreshold,
      abandoned: sums.contactsAbandoned,
    }),
    abandonmentRatePercent: percent(sums.contactsAbandoned, sums.contactsQueued),
    firstContactResolutionPercent: percent(sums.resolvedFirstContact, sums.conversationsResolved),
    resolutionRatePercent: percent(sums.conversationsResolved, sums.conversationsOpened),
    backlogOpen,
    reopenRatePercent: null,
    csatSatisfiedPercent: null,
    csatAverage: null,
    npsScore: null,
  };
}
