import { RoutingDecision, RoutingEngine, RoutingStrategy } from '@garda/routing-engine';
import { Random } from '@garda/staffing';

/**
 * Routing throughput on one core: 1,000 agents, 50 queues, 20 skills and a standing backlog of
 * 5,000 waiting contacts. Every engine call in the measured phase is timed; the figures are
 * decisions (and offers) returned per second of CPU time, and the p99 of a single call.
 * The CLI is routing.bench.ts; this is its core, also run small by routing-bench.spec.ts.
 */
const AGENTS = 1000;
const QUEUES = 50;
const SKILLS = 20;
const WAITING = 5000;
const STRATEGIES: RoutingStrategy[] = ['longest-idle', 'least-occupied', 'most-proficient', 'round-robin'];

const skill = (i: number) => `skill-${String(i).padStart(2, '0')}`;

export interface RoutingBenchOptions {
  /** Engine calls in the measured phase. */
  readonly operations: number;
  readonly seed: number;
}

/** Builds the centre, runs the measured phase and returns the report's lines. */
export function runRoutingBench({ operations, seed }: RoutingBenchOptions): string[] {
  const random = new Random(seed);
  const int = (n: number) => Math.floor(random.next() * n);
  const engine = new RoutingEngine({ offerTimeoutSeconds: 20 });
  let now = 0;
  for (let q = 0; q < QUEUES; q++) {
    const main = skill(q % SKILLS);
    const language = skill((q * 7 + 3) % SKILLS);
    engine.upsertQueue(
      {
        id: `queue-${q}`,
        priority: q % 3,
        strategy: STRATEGIES[q % STRATEGIES.length],
        maxWaitSeconds: 3600,
        requirements: [
          { requires: { allOf: [{ skill: main, minLevel: 4 }, { skill: language }] }, forSeconds: 20 },
          { requires: { skill: main, minLevel: 2 }, forSeconds: 40 },
          { requires: { anyAgent: true } },
        ],
      },
      now,
    );
  }
  for (let a = 0; a < AGENTS; a++) {
    const skills: Record<string, number> = {};
    for (let k = 0; k < 5; k++) skills[skill(int(SKILLS))] = 1 + int(5);
    const queues = new Set<string>();
    while (queues.size < 5) queues.add(`queue-${int(QUEUES)}`);
    const id = `agent-${String(a).padStart(4, '0')}`;
    engine.upsertAgent({ id, skills, capacity: { voice: 1, chat: 2, email: 3 }, queues: [...queues] }, now);
    engine.setAgentState(id, 'available', now);
  }

  const assigned: string[] = [];
  let contactSeq = 0;
  const channelFor = () => (random.next() < 0.6 ? 'voice' : random.next() < 0.7 ? 'chat' : 'email');
  const newContact = () => ({ id: `contact-${++contactSeq}`, queueId: `queue-${int(QUEUES)}`, channel: channelFor() });

  /** Agents accept what they are offered (the simulated desk), which the loop below also times. */
  function offersIn(decisions: RoutingDecision[]): { contactId: string; agentId: string }[] {
    const out: { contactId: string; agentId: string }[] = [];
    for (const d of decisions) if (d.type === 'offer-made') out.push({ contactId: d.contactId, agentId: d.agentId });
    return out;
  }

  // Fill every agent, then build the backlog.
  const pendingOffers: { contactId: string; agentId: string }[] = [];
  let waiting = 0;
  while (waiting < WAITING) {
    const decisions = engine.addContact(newContact(), now);
    const made = offersIn(decisions);
    if (made.length === 0) waiting++;
    for (const offer of made) {
      engine.acceptOffer(offer.contactId, offer.agentId, now);
      assigned.push(offer.contactId);
    }
  }

  const cpuAtStart = process.cpuUsage();
  const wallAtStart = process.hrtime.bigint();
  const latencies = new Float64Array(operations);
  let decisionsCount = 0;
  /** Decisions that give an agent a contact: offers and assignments (accepted offers). */
  let offersCount = 0;
  let totalNs = 0n;
  let calls = 0;
  const timed = (call: () => RoutingDecision[]): RoutingDecision[] => {
    const start = process.hrtime.bigint();
    const decisions = call();
    const elapsed = process.hrtime.bigint() - start;
    totalNs += elapsed;
    if (calls < operations) latencies[calls] = Number(elapsed);
    calls++;
    decisionsCount += decisions.length;
    for (const d of decisions) if (d.type === 'offer-made' || d.type === 'contact-assigned') offersCount++;
    return decisions;
  };

  while (calls < operations) {
    now += 5;
    if (pendingOffers.length > 0) {
      const offer = pendingOffers.pop()!;
      if (random.next() < 0.05) {
        pendingOffers.push(...offersIn(timed(() => engine.rejectOffer(offer.contactId, offer.agentId, now))));
      } else {
        timed(() => engine.acceptOffer(offer.contactId, offer.agentId, now));
        assigned.push(offer.contactId);
      }
      continue;
    }
    const roll = random.next();
    if (roll < 0.45 && assigned.length > 0) {
      const index = int(assigned.length);
      const contactId = assigned[index];
      assigned[index] = assigned[assigned.length - 1];
      assigned.pop();
      pendingOffers.push(...offersIn(timed(() => engine.completeContact(contactId, now))));
    } else if (roll < 0.9) {
      pendingOffers.push(...offersIn(timed(() => engine.addContact(newContact(), now))));
    } else {
      pendingOffers.push(...offersIn(timed(() => engine.tick(now))));
    }
  }

  // CPU time of this process over the measured phase (bench bookkeeping included, so the figure
  // is conservative); unlike wall time it does not count time other processes had the core.
  const cpu = process.cpuUsage(cpuAtStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const wallSeconds = Number(process.hrtime.bigint() - wallAtStart) / 1e9;
  const sorted = Array.from(latencies.subarray(0, Math.min(calls, operations))).sort((a, b) => a - b);
  const percentile = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1000;
  const stats = engine.queueStats(now);
  const stillWaiting = stats.reduce((sum, q) => sum + q.waiting, 0);
  const lines = [
    `routing bench: ${AGENTS} agents, ${QUEUES} queues, ${SKILLS} skills, ${WAITING} waiting contacts at start (${stillWaiting} at end)`,
    `${Math.round(decisionsCount / cpuSeconds)} decisions/s, ${Math.round(offersCount / cpuSeconds)} offers/s (offers and assignments)`,
    `${Math.round(calls / cpuSeconds)} engine calls/s (${calls} calls, ${decisionsCount} decisions of which ${offersCount} offers and assignments, ${cpuSeconds.toFixed(2)} s CPU)`,
    `wall clock: ${Math.round(decisionsCount / (Number(totalNs) / 1e9))} decisions/s inside engine calls, ${wallSeconds.toFixed(2)} s elapsed (load from other processes lowers this)`,
    `p99 decision time: ${percentile(0.99).toFixed(1)} µs (p50 ${percentile(0.5).toFixed(1)} µs, max ${percentile(1).toFixed(1)} µs) per engine call, wall clock`,
  ];
  return lines;
}
