import { agentsForServiceLevel, erlangC } from './erlang';

/** What happened (or is forecast) in one interval of a queue. */
export interface IntervalLoad {
  readonly intervalStart: string;
  /** Contacts arriving in the interval. */
  readonly arrivals: number;
  /** Mean handle time of the interval's contacts; null when none was handled (the day's mean is used). */
  readonly averageHandleTimeSeconds: number | null;
}

/** The service-level goal and the "what if" a supervisor may try on top of the observed load. */
export interface StaffingInputs {
  /** e.g. 80 (% answered within the threshold). */
  readonly targetPercent: number;
  /** e.g. 20 (seconds). */
  readonly thresholdSeconds: number;
  readonly intervalMinutes: number;
  /** +10 means 10 % more contacts than observed or forecast. */
  readonly volumeChangePercent?: number;
  /** Replaces the observed handle time. */
  readonly ahtSeconds?: number;
  /** Contacts one agent works at once (chat); each agent counts as that many Erlang C servers. */
  readonly concurrency?: number;
}

export interface IntervalStaffing {
  readonly intervalStart: string;
  readonly arrivals: number;
  readonly ahtSeconds: number | null;
  readonly trafficErlangs: number;
  /** Fewest agents reaching the target (0 when nothing arrives). */
  readonly agentsNeeded: number;
  /** With agentsNeeded agents: predicted service level (%), speed of answer (s) and occupancy (%). */
  readonly serviceLevelPercent: number | null;
  readonly averageSpeedOfAnswerSeconds: number | null;
  readonly occupancyPercent: number | null;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * Erlang C per interval (ADR 0065): arrivals per interval become an hourly rate, handle time is the
 * interval's (or the period's mean when the interval handled nothing). With chat concurrency k an
 * agent is k servers, so the agents needed are the servers needed divided by k, rounded up.
 */
export function staffingPlan(loads: readonly IntervalLoad[], inputs: StaffingInputs): IntervalStaffing[] {
  const volume = 1 + (inputs.volumeChangePercent ?? 0) / 100;
  const concurrency = Math.max(1, inputs.concurrency ?? 1);
  const observed = loads.filter((load) => load.averageHandleTimeSeconds !== null && load.arrivals > 0);
  const weight = observed.reduce((sum, load) => sum + load.arrivals, 0);
  const periodAht = weight > 0 ? observed.reduce((sum, load) => sum + load.arrivals * load.averageHandleTimeSeconds!, 0) / weight : null;
  return loads.map((load) => {
    const arrivals = load.arrivals * volume;
    const aht = inputs.ahtSeconds ?? load.averageHandleTimeSeconds ?? periodAht;
    if (arrivals <= 0 || aht === null || aht <= 0) {
      return {
        intervalStart: load.intervalStart,
        arrivals: round1(arrivals),
        ahtSeconds: aht === null ? null : round1(aht),
        trafficErlangs: 0,
        agentsNeeded: 0,
        serviceLevelPercent: null,
        averageSpeedOfAnswerSeconds: null,
        occupancyPercent: null,
      };
    }
    const perHour = arrivals * (60 / inputs.intervalMinutes);
    const servers = agentsForServiceLevel(perHour, aht, inputs.thresholdSeconds, inputs.targetPercent);
    const agents = Math.ceil(servers / concurrency);
    const prediction = erlangC(agents * concurrency, perHour, aht, inputs.thresholdSeconds);
    return {
      intervalStart: load.intervalStart,
      arrivals: round1(arrivals),
      ahtSeconds: round1(aht),
      trafficErlangs: Math.round(prediction.trafficErlangs * 100) / 100,
      agentsNeeded: agents,
      serviceLevelPercent: round1(prediction.serviceLevel * 100),
      averageSpeedOfAnswerSeconds: round1(prediction.averageSpeedOfAnswerSeconds),
      occupancyPercent: round1(prediction.occupancy * 100),
    };
  });
}

/**
 * A day's forecast from the same weekday of past weeks: each interval's arrivals are the mean over
 * the weeks given, its handle time the arrivals-weighted mean. `weeks[i][j]` is interval j of week i.
 */
export function sameWeekdayForecast(weeks: ReadonlyArray<readonly IntervalLoad[]>, intervalStarts: readonly string[]): IntervalLoad[] {
  return intervalStarts.map((intervalStart, index) => {
    const samples = weeks.map((week) => week[index]).filter((sample): sample is IntervalLoad => sample !== undefined);
    if (samples.length === 0) return { intervalStart, arrivals: 0, averageHandleTimeSeconds: null };
    const arrivals = samples.reduce((sum, sample) => sum + sample.arrivals, 0) / samples.length;
    const timed = samples.filter((sample) => sample.averageHandleTimeSeconds !== null && sample.arrivals > 0);
    const weight = timed.reduce((sum, sample) => sum + sample.arrivals, 0);
    const aht = weight > 0 ? timed.reduce((sum, sample) => sum + sample.arrivals * sample.averageHandleTimeSeconds!, 0) / weight : null;
    return { intervalStart, arrivals, averageHandleTimeSeconds: aht };
  });
}
