/**
 * Erlang C: the textbook M/M/c answer (Poisson arrivals, exponential handle times, c agents,
 * nobody abandons). The simulator's figures should approach these on the simple scenario.
 */
export interface ErlangCPrediction {
  readonly trafficErlangs: number;
  readonly probabilityOfWaiting: number;
  readonly serviceLevel: number;
  readonly averageSpeedOfAnswerSeconds: number;
  readonly occupancy: number;
}

export function erlangC(agents: number, arrivalsPerHour: number, ahtSeconds: number, slSeconds: number): ErlangCPrediction {
  const traffic = (arrivalsPerHour / 3600) * ahtSeconds;
  if (traffic >= agents) {
    return { trafficErlangs: traffic, probabilityOfWaiting: 1, serviceLevel: 0, averageSpeedOfAnswerSeconds: Infinity, occupancy: 1 };
  }
  // Erlang B by recursion (stable for large c), then C from B.
  let blocking = 1;
  for (let k = 1; k <= agents; k++) blocking = (traffic * blocking) / (k + traffic * blocking);
  const waiting = (agents * blocking) / (agents - traffic * (1 - blocking));
  return {
    trafficErlangs: traffic,
    probabilityOfWaiting: waiting,
    serviceLevel: 1 - waiting * Math.exp((-(agents - traffic) * slSeconds) / ahtSeconds),
    averageSpeedOfAnswerSeconds: (waiting * ahtSeconds) / (agents - traffic),
    occupancy: traffic / agents,
  };
}

/** The fewest agents that reach the service-level target: "how many agents do I need?". */
export function agentsForServiceLevel(arrivalsPerHour: number, ahtSeconds: number, slSeconds: number, targetPercent: number): number {
  const traffic = (arrivalsPerHour / 3600) * ahtSeconds;
  let agents = Math.max(1, Math.floor(traffic) + 1);
  while (erlangC(agents, arrivalsPerHour, ahtSeconds, slSeconds).serviceLevel * 100 < targetPercent) agents++;
  return agents;
}
