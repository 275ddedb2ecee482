import { RoutingDecision, RoutingEngine, RoutingStrategy } from '@garda/routing-engine';
import { Random } from './prng';
import { ArrivalStream, Scenario } from './scenario';

export interface SimulationOptions {
  readonly hours: number;
  readonly seed: number;
  readonly slSeconds: number;
  /** Overrides every queue's strategy. */
  readonly strategy?: RoutingStrategy;
}

export interface QueueOutcome {
  offered: number;
  answered: number;
  abandoned: number;
  answeredWithinSl: number;
  totalWaitMs: number;
}

export interface SimulationResult {
  readonly offered: number;
  readonly answered: number;
  readonly abandoned: number;
  /** Share of contacts not answered the moment they arrived. */
  readonly probabilityOfWaiting: number;
  /** Answered within slSeconds / (answered + abandoned). */
  readonly serviceLevel: number;
  readonly serviceLevelSeconds: number;
  /** Seconds, over answered contacts. */
  readonly averageSpeedOfAnswer: number;
  readonly averageOccupancy: number;
  /** Agent id -> share of the simulated hours the agent held at least one contact. */
  readonly occupancy: Record<string, number>;
  readonly queues: Record<string, QueueOutcome>;
  readonly routingDecisions: number;
}

type SimEvent =
  | { at: number; seq: number; kind: 'arrival'; stream: number }
  | { at: number; seq: number; kind: 'completion'; contactId: string }
  | { at: number; seq: number; kind: 'patience-ends'; contactId: string };

interface LiveContact {
  readonly stream: ArrivalStream;
  readonly arrivedAt: number;
  readonly queueId: string;
  answered: boolean;
}

/**
 * Runs the real routing engine on a virtual clock: Poisson arrivals per stream, exponential
 * handle times and patience, agents who accept every offer at once. Arrivals stop after
 * `hours`; the run continues until every contact has been answered or has left.
 */
export function runSimulation(scenario: Scenario, options: SimulationOptions): SimulationResult {
  const random = new Random(options.seed);
  const horizon = options.hours * 3600 * 1000;
  const engine = new RoutingEngine({
    afterContactWorkSeconds: scenario.afterContactWorkSeconds ?? 0,
    offerTimeoutSeconds: scenario.offerTimeoutSeconds ?? 20,
  });
  for (const queue of scenario.queues) engine.upsertQueue(options.strategy ? { ...queue, strategy: options.strategy } : queue, 0);
  const agentIds: string[] = [];
  for (const group of scenario.agentGroups) {
    for (let i = 1; i <= group.count; i++) {
      const id = `${group.name}-${String(i).padStart(3, '0')}`;
      engine.upsertAgent({ id, skills: group.skills, capacity: group.capacity, queues: group.queues, crossChannel: group.crossChannel }, 0);
      engine.setAgentState(id, 'available', 0);
      agentIds.push(id);
    }
  }

  const events = new EventHeap();
  let seq = 0;
  const scheduleArrival = (stream: number, after: number) => {
    const at = after + random.exponential(3_600_000 / scenario.streams[stream].arrivalsPerHour);
    if (at < horizon) events.push({ at, seq: ++seq, kind: 'arrival', stream });
  };
  scenario.streams.forEach((_, i) => scheduleArrival(i, 0));

  const live = new Map<string, LiveContact>();
  // Occupancy = share of the time an agent holds at least one contact.
  const busyMs = new Map<string, number>(agentIds.map((id) => [id, 0]));
  const holding = new Map<string, { count: number; since: number }>(agentIds.map((id) => [id, { count: 0, since: 0 }]));
  const assignedTo = new Map<string, string>();
  const queues: Record<string, QueueOutcome> = Object.fromEntries(
    scenario.queues.map((q) => [q.id, { offered: 0, answered: 0, abandoned: 0, answeredWithinSl: 0, totalWaitMs: 0 }]),
  );
  let offered = 0;
  let waitedAtAll = 0;
  let decisionsSeen = 0;
  let contactSeq = 0;

  const handle = (initial: RoutingDecision[]) => {
    const work = [...initial];
    for (let d = work.shift(); d !== undefined; d = work.shift()) {
      decisionsSeen++;
      if (d.type === 'offer-made') {
        work.push(...engine.acceptOffer(d.contactId, d.agentId, d.at));
      } else if (d.type === 'contact-assigned') {
        const contact = live.get(d.contactId)!;
        contact.answered = true;
        const waited = d.at - contact.arrivedAt;
        const outcome = queues[contact.queueId];
        outcome.answered++;
        outcome.totalWaitMs += Math.round(waited);
        if (waited > 0) waitedAtAll++;
        if (waited <= options.slSeconds * 1000) outcome.answeredWithinSl++;
        assignedTo.set(d.contactId, d.agentId);
        const held = holding.get(d.agentId)!;
        if (held.count++ === 0) held.since = d.at;
        events.push({
          at: d.at + random.exponential(contact.stream.ahtSeconds * 1000),
          seq: ++seq,
          kind: 'completion',
          contactId: d.contactId,
        });
      } else if (d.type === 'contact-abandoned' || d.type === 'max-wait-exceeded') {
        const contact = live.get(d.contactId)!;
        queues[contact.queueId].abandoned++;
        waitedAtAll++;
        live.delete(d.contactId);
      }
    }
  };

  for (;;) {
    const nextEvent = events.peek();
    const nextTimer = engine.nextTimerAt();
    if (nextEvent === undefined && nextTimer === undefined) break;
    if (nextTimer !== undefined && (nextEvent === undefined || nextTimer <= nextEvent.at)) {
      handle(engine.tick(nextTimer));
      continue;
    }
    const event = events.pop()!;
    if (event.kind === 'arrival') {
      const stream = scenario.streams[event.stream];
      const id = `c${++contactSeq}`;
      live.set(id, { stream, arrivedAt: event.at, queueId: stream.queueId, answered: false });
      offered++;
      queues[stream.queueId].offered++;
      if (stream.patienceSeconds !== undefined) {
        events.push({ at: event.at + random.exponential(stream.patienceSeconds * 1000), seq: ++seq, kind: 'patience-ends', contactId: id });
      }
      scheduleArrival(event.stream, event.at);
      handle(
        engine.addContact(
          { id, queueId: stream.queueId, channel: stream.channel, requires: stream.requires, priority: stream.priority },
          event.at,
        ),
      );
    } else if (event.kind === 'completion') {
      const agentId = assignedTo.get(event.contactId)!;
      assignedTo.delete(event.contactId);
      const held = holding.get(agentId)!;
      if (--held.count === 0) busyMs.set(agentId, busyMs.get(agentId)! + Math.min(event.at, horizon) - Math.min(held.since, horizon));
      live.delete(event.contactId);
      handle(engine.completeContact(event.contactId, event.at));
    } else {
      const contact = live.get(event.contactId);
      if (contact !== undefined && !contact.answered) handle(engine.abandonContact(event.contactId, event.at));
    }
  }

  const totals = Object.values(queues).reduce(
    (sum, q) => ({
      answered: sum.answered + q.answered,
      abandoned: sum.abandoned + q.abandoned,
      within: sum.within + q.answeredWithinSl,
      wait: sum.wait + q.totalWaitMs,
    }),
    { answered: 0, abandoned: 0, within: 0, wait: 0 },
  );
  const occupancy = Object.fromEntries([...busyMs].map(([id, ms]) => [id, round(ms / horizon)]));
  const occupancies = Object.values(occupancy);
  return {
    offered,
    answered: totals.answered,
    abandoned: totals.abandoned,
    probabilityOfWaiting: round(offered === 0 ? 0 : waitedAtAll / offered),
    serviceLevel: round(totals.answered + totals.abandoned === 0 ? 1 : totals.within / (totals.answered + totals.abandoned)),
    serviceLevelSeconds: options.slSeconds,
    averageSpeedOfAnswer: round(totals.answered === 0 ? 0 : totals.wait / totals.answered / 1000),
    averageOccupancy: round(occupancies.length === 0 ? 0 : occupancies.reduce((a, b) => a + b, 0) / occupancies.length),
    occupancy,
    queues,
    routingDecisions: decisionsSeen,
  };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** Min-heap of simulation events by time, then scheduling order. */
class EventHeap {
  private readonly items: SimEvent[] = [];

  peek(): SimEvent | undefined {
    return this.items[0];
  }

  push(event: SimEvent): void {
    const items = this.items;
    let i = items.length;
    items.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(event, items[parent])) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = event;
  }

  pop(): SimEvent | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const best = right < items.length && before(items[right], items[left]) ? right : left;
      if (!before(items[best], last)) break;
      items[i] = items[best];
      i = best;
    }
    items[i] = last;
    return top;
  }
}

function before(a: SimEvent, b: SimEvent): boolean {
  return a.at !== b.at ? a.at < b.at : a.seq < b.seq;
}
