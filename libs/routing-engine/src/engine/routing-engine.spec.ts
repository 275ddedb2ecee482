import { RoutingEngine, RoutingError, MISSED_OFFERS_REASON } from '..';
import { S, agent, ofType, offers, queue } from '../../test/fixtures';

function engineWith(agents: ReturnType<typeof agent>[], queues = [queue('support')], options = {}) {
  const engine = new RoutingEngine(options);
  for (const q of queues) engine.upsertQueue(q, 0);
  for (const a of agents) {
    engine.upsertAgent(a, 0);
  }
  return engine;
}

function available(engine: RoutingEngine, ids: string[], at: number) {
  for (const id of ids) engine.setAgentState(id, 'available', at);
}

describe(RoutingEngine.name, () => {
  describe('offers', () => {
    it('offers the contact to the longest-idle agent with the skill', () => {
      const engine = engineWith([agent('a'), agent('b'), agent('c', { skills: { sales: 5 } })], [
        queue('support', { requirements: [{ requires: { skill: 'support', minLevel: 2 } }] }),
      ]);
      engine.setAgentState('b', 'available', 1 * S);
      engine.setAgentState('c', 'available', 1 * S);
      engine.setAgentState('a', 'available', 2 * S);
      const decisions = engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 3 * S);
      expect(offers(decisions)).toEqual([['k1', 'b']]);
      expect(ofType(decisions, 'offer-made')[0].expiresAt).toBe(23 * S);
    });

    it('breaks ties between equally idle agents by agent id', () => {
      const engine = engineWith([agent('b'), agent('a')]);
      available(engine, ['b', 'a'], 1 * S);
      expect(offers(engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 2 * S))).toEqual([['k1', 'a']]);
    });

    it('keeps the contact waiting when no agent is free and offers it as soon as one becomes available', () => {
      const engine = engineWith([agent('a')]);
      const arrival = engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 1 * S);
      expect(arrival.map((d) => d.type)).toEqual(['contact-queued']);
      expect(offers(engine.setAgentState('a', 'available', 5 * S))).toEqual([['k1', 'a']]);
    });

    it('serves higher priority first, then the longest waiting', () => {
      const engine = engineWith([agent('a')]);
      engine.addContact({ id: 'old', queueId: 'support', channel: 'voice' }, 1 * S);
      engine.addContact({ id: 'newer', queueId: 'support', channel: 'voice' }, 2 * S);
      engine.addContact({ id: 'vip', queueId: 'support', channel: 'voice', priority: 5 }, 3 * S);
      engine.setAgentState('a', 'available', 4 * S);
      engine.acceptOffer('vip', 'a', 5 * S);
      const next = engine.completeContact('vip', 6 * S);
      expect(offers(next)).toEqual([['old', 'a']]);
    });

    it('assigns the contact when the agent accepts in time', () => {
      const engine = engineWith([agent('a')]);
      available(engine, ['a'], 0);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 10 * S);
      const decisions = engine.acceptOffer('k1', 'a', 14 * S);
      expect(ofType(decisions, 'contact-assigned')).toEqual([
        { type: 'contact-assigned', at: 14 * S, contactId: 'k1', agentId: 'a', queueId: 'support', channel: 'voice', waitedMs: 4 * S, manual: false },
      ]);
    });

    it('moves the offer to the next agent when the first one rejects, without offering it back to them', () => {
      const engine = engineWith([agent('a'), agent('b')]);
      engine.setAgentState('a', 'available', 0);
      engine.setAgentState('b', 'available', 1 * S);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 2 * S);
      const decisions = engine.rejectOffer('k1', 'a', 3 * S);
      expect(decisions.map((d) => d.type)).toEqual(['offer-rejected', 'contact-requeued', 'offer-made']);
      expect(offers(decisions)).toEqual([['k1', 'b']]);
    });

    it('offers the contact again to the agent who declined it when nobody else can take it', () => {
      const engine = engineWith([agent('a')]);
      available(engine, ['a'], 0);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 1 * S);
      expect(offers(engine.rejectOffer('k1', 'a', 2 * S))).toEqual([['k1', 'a']]);
    });

    it('times the offer out and offers it to the next agent', () => {
      const engine = engineWith([agent('a'), agent('b')]);
      engine.setAgentState('a', 'available', 0);
      engine.setAgentState('b', 'available', 1 * S);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 2 * S);
      expect(engine.nextTimerAt()).toBe(22 * S);
      const decisions = engine.tick(22 * S);
      expect(decisions.map((d) => d.type)).toEqual(['offer-expired', 'contact-requeued', 'offer-made']);
      expect(offers(decisions)).toEqual([['k1', 'b']]);
    });

    it('refuses to accept an offer that already expired', () => {
      const engine = engineWith([agent('a'), agent('b')]);
      engine.setAgentState('a', 'available', 0);
      engine.setAgentState('b', 'available', 1);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 0);
      const accept = () => engine.acceptOffer('k1', 'a', 25 * S);
      expect(accept).toThrow(RoutingError);
      // The timeout that fired during the refused call is still reported, on the next call.
      const later = engine.tick(26 * S);
      expect(later.map((d) => d.type)).toEqual(['offer-expired', 'contact-requeued', 'offer-made']);
      expect(offers(later)).toEqual([['k1', 'b']]);
    });

    it('sends an agent away with reason "missed offers" after three missed offers in a row', () => {
      const engine = engineWith([agent('a')]);
      available(engine, ['a'], 0);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 0);
      engine.tick(20 * S);
      engine.tick(40 * S);
      const third = engine.tick(60 * S);
      expect(ofType(third, 'agent-state-changed')).toEqual([
        { type: 'agent-state-changed', at: 60 * S, agentId: 'a', state: { status: 'away', reason: MISSED_OFFERS_REASON }, reason: MISSED_OFFERS_REASON },
      ]);
      expect(engine.contactView('k1')?.status).toBe('waiting');
    });

    it('refuses an accept from an agent the contact is not offered to, leaving the offer intact', () => {
      const engine = engineWith([agent('a'), agent('b')]);
      available(engine, ['a'], 0);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 0);
      expect(() => engine.acceptOffer('k1', 'b', 1 * S)).toThrow(expect.objectContaining({ code: 'wrong-agent' }));
      expect(() => engine.acceptOffer('k9', 'a', 1 * S)).toThrow(expect.objectContaining({ code: 'unknown-contact' }));
      expect(engine.contactView('k1')).toMatchObject({ status: 'offered', agentId: 'a' });
    });
  });

  describe('capacity', () => {
    it('gives a chat agent up to three chats at once', () => {
      const engine = engineWith([agent('a')]);
      available(engine, ['a'], 0);
      for (let i = 1; i <= 4; i++) engine.addContact({ id: `c${i}`, queueId: 'support', channel: 'chat' }, i * S);
      expect(engine.agentView('a').offeredContactIds).toEqual(['c1', 'c2', 'c3']);
      expect(engine.contactView('c4')?.status).toBe('waiting');
    });

    it('does not offer new chats while the agent is on a call', () => {
      const engine = engineWith([agent('a')]);
      available(engine, ['a'], 0);
      engine.addContact({ id: 'call', queueId: 'support', channel: 'voice' }, 1 * S);
      engine.acceptOffer('call', 'a', 2 * S);
      engine.addContact({ id: 'chat', queueId: 'support', channel: 'chat' }, 3 * S);
      expect(engine.contactView('chat')?.status).toBe('waiting');
      expect(offers(engine.completeContact('call', 4 * S))).toEqual([['chat', 'a']]);
    });

    it('lets an agent whose rule allows it take a chat during a call', () => {
      const engine = engineWith([agent('a', { crossChannel: {} })]);
      available(engine, ['a'], 0);
      engine.addContact({ id: 'call', queueId: 'support', channel: 'voice' }, 1 * S);
      engine.acceptOffer('call', 'a', 2 * S);
      expect(offers(engine.addContact({ id: 'chat', queueId: 'support', channel: 'chat' }, 3 * S))).toEqual([['chat', 'a']]);
    });
  });

  describe('relaxation', () => {
    const tiered = queue('support', {
      requirements: [
        { requires: { skill: 'support', minLevel: 4 }, forSeconds: 20 },
        { requires: { skill: 'support', minLevel: 2 }, forSeconds: 20 },
        { requires: { anyAgent: true } },
      ],
    });

    it('waits for an expert for 20 s, then accepts level 2, then any agent of the queue', () => {
      const engine = engineWith([agent('junior', { skills: { support: 2 } }), agent('novice', { skills: {} })], [tiered]);
      available(engine, ['junior', 'novice'], 0);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 1 * S);
      expect(engine.nextTimerAt()).toBe(21 * S);
      expect(offers(engine.tick(20 * S))).toEqual([]);
      expect(offers(engine.tick(21 * S))).toEqual([['k1', 'junior']]);
      engine.rejectOffer('k1', 'junior', 22 * S); // nobody else qualifies yet: back to junior
      engine.setAgentState('junior', 'away', 23 * S, 'lunch');
      expect(offers(engine.tick(41 * S))).toEqual([['k1', 'novice']]);
    });
  });

  it('moves to the next relaxation step on time when the clock has fractional milliseconds', () => {
    const engine = engineWith([agent('novice', { skills: {} })], [
      queue('support', { requirements: [{ requires: { skill: 'support', minLevel: 4 }, forSeconds: 20 }, { requires: { anyAgent: true } }] }),
    ]);
    available(engine, ['novice'], 0);
    const arrival = 1234.567891;
    engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, arrival);
    const due = engine.nextTimerAt()!;
    expect(offers(engine.tick(due))).toEqual([['k1', 'novice']]);
    expect(engine.nextTimerAt()).toBe(due + 20 * S); // the offer timeout, not the step timer again
  });

  describe('strategies', () => {
    it('most-proficient offers to the highest level first', () => {
      const engine = engineWith(
        [agent('a', { skills: { support: 2 } }), agent('b', { skills: { support: 5 } }), agent('c', { skills: { support: 3 } })],
        [queue('support', { strategy: 'most-proficient', requirements: [{ requires: { skill: 'support' } }] })],
      );
      available(engine, ['a', 'b', 'c'], 0);
      expect(offers(engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 1 * S))).toEqual([['k1', 'b']]);
    });

    it('least-occupied prefers the agent with fewer chats', () => {
      const engine = engineWith([agent('a'), agent('b')], [queue('support', { strategy: 'least-occupied' })]);
      engine.setAgentState('a', 'available', 0);
      engine.addContact({ id: 'c1', queueId: 'support', channel: 'chat' }, 1 * S);
      engine.acceptOffer('c1', 'a', 2 * S);
      engine.setAgentState('b', 'available', 3 * S); // b is idle for less time but holds nothing
      expect(offers(engine.addContact({ id: 'c2', queueId: 'support', channel: 'chat' }, 4 * S))).toEqual([['c2', 'b']]);
    });

    it('round-robin takes agents in turn by id', () => {
      const engine = engineWith([agent('a'), agent('b'), agent('c')], [queue('support', { strategy: 'round-robin' })]);
      available(engine, ['c', 'b', 'a'], 0);
      const chosen: string[] = [];
      for (let i = 0; i < 5; i++) {
        const [[contactId, agentId]] = offers(engine.addContact({ id: `k${i}`, queueId: 'support', channel: 'email' }, (i + 1) * S));
        chosen.push(agentId);
        engine.acceptOffer(contactId, agentId, (i + 1) * S);
      }
      expect(chosen).toEqual(['a', 'b', 'c', 'a', 'b']);
    });
  });

  describe('preferred agent', () => {
    it('waits for the customer\'s last agent for the preference window, then lets the queue take it', () => {
      const engine = engineWith([agent('last'), agent('other')]);
      available(engine, ['other'], 0);
      engine.setAgentState('last', 'away', 0, 'meeting');
      const arrival = engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice', preferredAgentId: 'last', preferredForSeconds: 10 }, 1 * S);
      expect(offers(arrival)).toEqual([]);
      expect(offers(engine.tick(11 * S))).toEqual([['k1', 'other']]);
    });

    it('offers to the preferred agent as soon as they become available within the window', () => {
      const engine = engineWith([agent('last'), agent('other')]);
      available(engine, ['other'], 0);
      engine.setAgentState('last', 'away', 0, 'meeting');
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice', preferredAgentId: 'last', preferredForSeconds: 10 }, 1 * S);
      expect(offers(engine.setAgentState('last', 'available', 5 * S))).toEqual([['k1', 'last']]);
    });
  });

  describe('disconnects, transfers, supervision', () => {
    it('routes a disconnected agent\'s pending offer to another agent', () => {
      const engine = engineWith([agent('a'), agent('b')]);
      engine.setAgentState('a', 'available', 0);
      engine.setAgentState('b', 'available', 1 * S);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 2 * S);
      const decisions = engine.agentDisconnected('a', 3 * S);
      expect(decisions.map((d) => d.type)).toEqual(['agent-state-changed', 'offer-revoked', 'contact-requeued', 'offer-made']);
      expect(offers(decisions)).toEqual([['k1', 'b']]);
    });

    it('transfers an assigned contact to another queue and frees the agent', () => {
      const engine = engineWith([agent('a'), agent('s', { queues: ['sales'] })], [queue('support'), queue('sales')]);
      available(engine, ['a', 's'], 0);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 1 * S);
      engine.acceptOffer('k1', 'a', 2 * S);
      engine.addContact({ id: 'k2', queueId: 'support', channel: 'voice' }, 3 * S);
      const decisions = engine.transfer('k1', { queueId: 'sales' }, 4 * S);
      expect(offers(decisions)).toEqual([['k1', 's'], ['k2', 'a']]);
    });

    it('transfers a contact to a named agent', () => {
      const engine = engineWith([agent('a'), agent('b')]);
      available(engine, ['a', 'b'], 0);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 1 * S);
      engine.acceptOffer('k1', 'a', 2 * S);
      expect(offers(engine.transfer('k1', { agentId: 'b' }, 3 * S))).toEqual([['k1', 'b']]);
    });

    it('sends contacts waiting for a removed agent straight to the queue', () => {
      const engine = engineWith([agent('gone'), agent('other')]);
      engine.setAgentState('gone', 'away', 0, 'meeting');
      engine.setAgentState('other', 'available', 0);
      engine.setAgentState('other', 'away', 0, 'break');
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice', preferredAgentId: 'gone', preferredForSeconds: 60 }, 1 * S);
      engine.removeAgent('gone', 2 * S);
      expect(offers(engine.setAgentState('other', 'available', 3 * S))).toEqual([['k1', 'other']]);
    });

    it('lets a supervisor assign a waiting contact to an agent without the skill, within capacity', () => {
      const engine = engineWith([agent('a', { skills: {} }), agent('b', { skills: {} })], [queue('support', { requirements: [{ requires: { skill: 'billing' } }] })]);
      available(engine, ['a', 'b'], 0);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 1 * S);
      engine.addContact({ id: 'k2', queueId: 'support', channel: 'voice' }, 1 * S);
      expect(ofType(engine.assignManually('k1', 'a', 2 * S), 'contact-assigned')[0]).toMatchObject({ agentId: 'a', manual: true });
      expect(() => engine.assignManually('k2', 'a', 3 * S)).toThrow(expect.objectContaining({ code: 'agent-at-capacity' }));
    });
  });

  describe('completion and abandonment', () => {
    it('puts the agent in after-contact work, then back to available where the next contact waits', () => {
      const engine = engineWith([agent('a')], [queue('support', { afterContactWorkSeconds: 30 })]);
      available(engine, ['a'], 0);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 1 * S);
      engine.acceptOffer('k1', 'a', 2 * S);
      engine.addContact({ id: 'k2', queueId: 'support', channel: 'voice' }, 3 * S);
      const completion = engine.completeContact('k1', 10 * S);
      expect(ofType(completion, 'agent-state-changed')[0].state).toEqual({ status: 'after-contact-work', until: 40 * S });
      expect(offers(completion)).toEqual([]);
      expect(offers(engine.tick(40 * S))).toEqual([['k2', 'a']]);
    });

    it('drops a contact whose customer hangs up while it is offered, and frees the agent', () => {
      const engine = engineWith([agent('a')]);
      available(engine, ['a'], 0);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 1 * S);
      engine.addContact({ id: 'k2', queueId: 'support', channel: 'voice' }, 2 * S);
      const decisions = engine.abandonContact('k1', 5 * S);
      expect(decisions.map((d) => d.type)).toEqual(['offer-revoked', 'contact-abandoned', 'offer-made']);
      expect(engine.queueStats(5 * S)[0]).toMatchObject({ abandoned: 1, offered: 1 });
    });

    it('overflows a contact to the overflow queue after the maximum wait', () => {
      const engine = engineWith([agent('b', { queues: ['backup'] })], [queue('support', { maxWaitSeconds: 60, overflowQueueId: 'backup' }), queue('backup')]);
      available(engine, ['b'], 0);
      engine.setAgentState('b', 'away', 0, 'training');
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 1 * S);
      engine.setAgentState('b', 'available', 30 * S);
      const decisions = engine.tick(61 * S);
      expect(decisions.map((d) => d.type)).toEqual(['contact-overflowed', 'offer-made']);
    });

    it('reports a contact that waited past the maximum with nowhere to overflow', () => {
      const engine = engineWith([agent('a')], [queue('support', { maxWaitSeconds: 60 })]);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 0);
      expect(engine.tick(60 * S).map((d) => d.type)).toEqual(['max-wait-exceeded']);
      expect(engine.contactView('k1')).toBeUndefined();
    });
  });

  describe('queues', () => {
    it('applies a redefined queue\'s requirements to the contacts already waiting', () => {
      const engine = engineWith([agent('novice', { skills: {} })], [queue('support', { requirements: [{ requires: { skill: 'support', minLevel: 5 } }] })]);
      available(engine, ['novice'], 0);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 1 * S);
      expect(offers(engine.upsertQueue(queue('support'), 2 * S))).toEqual([['k1', 'novice']]);
    });

    it('reports service level as answered within target over answered plus abandoned', () => {
      const engine = engineWith([agent('a')], [queue('support', { serviceLevel: { percent: 80, withinSeconds: 20 } })]);
      available(engine, ['a'], 0);
      engine.addContact({ id: 'fast', queueId: 'support', channel: 'voice' }, 0);
      engine.acceptOffer('fast', 'a', 5 * S);
      engine.addContact({ id: 'slow', queueId: 'support', channel: 'voice' }, 6 * S);
      engine.addContact({ id: 'gone', queueId: 'support', channel: 'voice' }, 7 * S);
      engine.abandonContact('gone', 10 * S);
      engine.completeContact('fast', 40 * S);
      engine.acceptOffer('slow', 'a', 41 * S);
      const [stats] = engine.queueStats(41 * S);
      expect(stats).toMatchObject({ arrived: 3, answered: 2, answeredWithinTarget: 1, abandoned: 1, inProgress: 1, waiting: 0 });
      expect(stats.serviceLevel).toBeCloseTo(1 / 3);
      expect(stats.averageSpeedOfAnswerMs).toBe((5 * S + 35 * S) / 2);
    });

    it('refuses to remove a queue that still holds contacts', () => {
      const engine = engineWith([agent('a')]);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 0);
      expect(() => engine.removeQueue('support', 1 * S)).toThrow(expect.objectContaining({ code: 'queue-not-empty' }));
    });
  });

  describe('snapshot', () => {
    it('restores an engine that continues with the same decisions', () => {
      const engine = engineWith([agent('a'), agent('b')], [queue('support', { maxWaitSeconds: 120 })]);
      available(engine, ['a'], 0);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 1 * S);
      engine.addContact({ id: 'k2', queueId: 'support', channel: 'chat' }, 2 * S);
      const copy = RoutingEngine.restore(JSON.parse(JSON.stringify(engine.snapshot())));
      const steps = (e: RoutingEngine) => [
        ...e.tick(21 * S),
        ...e.setAgentState('b', 'available', 22 * S),
        ...e.tick(200 * S),
      ];
      expect(steps(copy)).toEqual(steps(engine));
    });
  });

  describe('invalid input', () => {
    it('refuses an agent with a skill level outside 1..5', () => {
      const engine = new RoutingEngine();
      expect(() => engine.upsertAgent(agent('a', { skills: { support: 7 } }), 0)).toThrow(expect.objectContaining({ code: 'invalid-definition' }));
    });

    it('refuses a contact for an unknown queue and a duplicate contact', () => {
      const engine = engineWith([agent('a')]);
      expect(() => engine.addContact({ id: 'k1', queueId: 'nope', channel: 'voice' }, 0)).toThrow(expect.objectContaining({ code: 'unknown-queue' }));
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 0);
      expect(() => engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 0)).toThrow(expect.objectContaining({ code: 'duplicate-contact' }));
    });
  });
});
