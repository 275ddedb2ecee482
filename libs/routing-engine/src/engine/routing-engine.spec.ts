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
      const engine = engineWith(
        [agent('a'), agent('b'), agent('c', { skills: { sales: 5 } })],
        [queue('support', { requirements: [{ requires: { skill: 'support', minLevel: 2 } }] })],
      );
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
        {
          type: 'contact-assigned',
          at: 14 * S,
          contactId: 'k1',
          agentId: 'a',
          queueId: 'support',
          channel: 'voice',
          waitedMs: 4 * S,
          manual: false,
        },
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
        {
          type: 'agent-state-changed',
          at: 60 * S,
          agentId: 'a',
          state: { status: 'away', reason: MISSED_OFFERS_REASON },
          reason: MISSED_OFFERS_REASON,
        },
      ]);
      expect(engine.contactView('k1')?.status).toBe('waiting');
    });

    it('starts the missed-offer streak again when the agent accepts an offer', () => {
      const engine = engineWith([agent('a')], [queue('support')], { maxConsecutiveMissedOffers: 2 });
      available(engine, ['a'], 0);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'chat' }, 0);
      engine.tick(20 * S); // missed once, offered again (nobody else)
      expect(engine.agentView('a').consecutiveMissedOffers).toBe(1);
      engine.acceptOffer('k1', 'a', 21 * S);
      expect(engine.agentView('a').consecutiveMissedOffers).toBe(0);
      engine.addContact({ id: 'k2', queueId: 'support', channel: 'chat' }, 22 * S);
      // One more miss is the first of a new streak, not the second of the old one.
      expect(ofType(engine.tick(42 * S), 'agent-state-changed')).toEqual([]);
      expect(engine.agentView('a').state).toEqual({ status: 'available' });
    });

    it('starts the missed-offer streak again when the agent rejects an offer: a reject is an answer, not a miss', () => {
      const engine = engineWith([agent('a')], [queue('support')], { maxConsecutiveMissedOffers: 2 });
      available(engine, ['a'], 0);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 0);
      engine.tick(20 * S); // missed once, offered again
      engine.rejectOffer('k1', 'a', 21 * S); // answered: offered again, nobody else
      expect(engine.agentView('a').consecutiveMissedOffers).toBe(0);
      expect(ofType(engine.tick(41 * S), 'agent-state-changed')).toEqual([]);
      expect(engine.agentView('a')).toMatchObject({
        state: { status: 'available' },
        consecutiveMissedOffers: 1,
        offeredContactIds: ['k1'],
      });
    });

    it('keeps the reason code of an agent who goes away, "away" when none is given', () => {
      const engine = engineWith([agent('a'), agent('b')]);
      available(engine, ['a', 'b'], 0);
      const lunch = engine.setAgentState('a', 'away', 1 * S, 'lunch');
      expect(ofType(lunch, 'agent-state-changed')).toEqual([
        { type: 'agent-state-changed', at: 1 * S, agentId: 'a', state: { status: 'away', reason: 'lunch' }, reason: 'lunch' },
      ]);
      expect(engine.agentView('a').state).toEqual({ status: 'away', reason: 'lunch' });
      engine.setAgentState('b', 'away', 2 * S);
      expect(engine.agentView('b').state).toEqual({ status: 'away', reason: 'away' });
      // Another reason is a change of its own; the same one is not.
      expect(ofType(engine.setAgentState('a', 'away', 3 * S, 'training'), 'agent-state-changed')).toHaveLength(1);
      expect(engine.setAgentState('a', 'away', 4 * S, 'training')).toEqual([]);
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
    const engine = engineWith(
      [agent('novice', { skills: {} })],
      [
        queue('support', {
          requirements: [{ requires: { skill: 'support', minLevel: 4 }, forSeconds: 20 }, { requires: { anyAgent: true } }],
        }),
      ],
    );
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

    it('least-occupied breaks a tie in occupancy by longest idle, then by agent id', () => {
      const engine = engineWith([agent('c'), agent('b'), agent('a')], [queue('support', { strategy: 'least-occupied' })]);
      engine.setAgentState('c', 'available', 0);
      engine.setAgentState('b', 'available', 1 * S);
      engine.setAgentState('a', 'available', 1 * S);
      // All three hold nothing: c has been idle longest.
      expect(offers(engine.addContact({ id: 'k1', queueId: 'support', channel: 'chat' }, 2 * S))).toEqual([['k1', 'c']]);
      engine.acceptOffer('k1', 'c', 2 * S);
      // b and a are equally empty and equally idle: the lower id wins.
      expect(offers(engine.addContact({ id: 'k2', queueId: 'support', channel: 'chat' }, 3 * S))).toEqual([['k2', 'a']]);
    });

    it('most-proficient breaks a tie in proficiency by longest idle, then by agent id', () => {
      const engine = engineWith(
        [
          agent('a', { skills: { support: 4 } }),
          agent('b', { skills: { support: 4 } }),
          agent('c', { skills: { support: 4 } }),
          agent('d', { skills: { support: 2 } }),
        ],
        [queue('support', { strategy: 'most-proficient', requirements: [{ requires: { skill: 'support' } }] })],
      );
      engine.setAgentState('d', 'available', 0); // idle longest, but less proficient
      engine.setAgentState('c', 'available', 1 * S);
      engine.setAgentState('b', 'available', 2 * S);
      engine.setAgentState('a', 'available', 2 * S);
      expect(offers(engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 3 * S))).toEqual([['k1', 'c']]);
      expect(offers(engine.addContact({ id: 'k2', queueId: 'support', channel: 'voice' }, 3 * S))).toEqual([['k2', 'a']]);
      expect(offers(engine.addContact({ id: 'k3', queueId: 'support', channel: 'voice' }, 3 * S))).toEqual([['k3', 'b']]);
      expect(offers(engine.addContact({ id: 'k4', queueId: 'support', channel: 'voice' }, 3 * S))).toEqual([['k4', 'd']]);
    });

    it('round-robin wraps around to the lowest id after the highest, skipping agents who are not free', () => {
      const engine = engineWith([agent('a'), agent('b'), agent('c')], [queue('support', { strategy: 'round-robin' })]);
      available(engine, ['a', 'b', 'c'], 0);
      const next = (id: string, at: number) => {
        const [[contactId, agentId]] = offers(engine.addContact({ id, queueId: 'support', channel: 'email' }, at));
        engine.acceptOffer(contactId, agentId, at);
        return agentId;
      };
      expect(next('k1', 1 * S)).toBe('a');
      engine.setAgentState('b', 'away', 2 * S, 'break');
      expect(next('k2', 3 * S)).toBe('c'); // b is away: the turn passes to c
      expect(next('k3', 4 * S)).toBe('a'); // c was the highest id: back to the start
      engine.setAgentState('b', 'available', 5 * S);
      expect(next('k4', 6 * S)).toBe('b');
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
    it("waits for the customer's last agent for the preference window, then lets the queue take it", () => {
      const engine = engineWith([agent('last'), agent('other')]);
      available(engine, ['other'], 0);
      engine.setAgentState('last', 'away', 0, 'meeting');
      const arrival = engine.addContact(
        { id: 'k1', queueId: 'support', channel: 'voice', preferredAgentId: 'last', preferredForSeconds: 10 },
        1 * S,
      );
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

  describe('preferred agent who leaves', () => {
    function waitingFor(agentId: string) {
      const engine = engineWith([agent(agentId), agent('other')]);
      engine.setAgentState(agentId, 'away', 0, 'meeting');
      engine.setAgentState('other', 'available', 0);
      engine.setAgentState('other', 'away', 0, 'break');
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice', preferredAgentId: agentId, preferredForSeconds: 60 }, 1 * S);
      return engine;
    }

    it('sends contacts waiting for an agent whose connection drops straight to the queue', () => {
      const engine = waitingFor('last');
      engine.agentDisconnected('last', 2 * S);
      // Long before the 60 s window ends, the queue's agent gets it.
      expect(offers(engine.setAgentState('other', 'available', 3 * S))).toEqual([['k1', 'other']]);
    });

    it('sends contacts waiting for an agent who logs out straight to the queue', () => {
      const engine = waitingFor('last');
      engine.setAgentState('other', 'available', 2 * S);
      expect(offers(engine.setAgentState('last', 'offline', 3 * S))).toEqual([['k1', 'other']]);
    });

    it('keeps waiting for an agent who is only away, for the length of the window', () => {
      const engine = waitingFor('last');
      expect(offers(engine.setAgentState('other', 'available', 3 * S))).toEqual([]);
      expect(offers(engine.tick(61 * S))).toEqual([['k1', 'other']]);
    });
  });

  describe('disconnects, transfers, supervision', () => {
    it("routes a disconnected agent's pending offer to another agent", () => {
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
      expect(offers(decisions)).toEqual([
        ['k1', 's'],
        ['k2', 'a'],
      ]);
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

    it('offers a contact transferred to a named agent to the queue once the transfer window runs out', () => {
      const engine = engineWith([agent('a'), agent('b')]);
      available(engine, ['a', 'b'], 0);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 1 * S);
      engine.acceptOffer('k1', 'a', 2 * S);
      engine.setAgentState('b', 'away', 3 * S, 'meeting');
      const transfer = engine.transfer('k1', { agentId: 'b', timeoutSeconds: 10 }, 4 * S);
      // a is free again but the contact waits for b alone.
      expect(ofType(transfer, 'contact-transferred')[0]).toMatchObject({ fromAgentId: 'a', toAgentId: 'b' });
      expect(offers(transfer)).toEqual([]);
      expect(engine.nextTimerAt()).toBe(14 * S);
      expect(offers(engine.tick(13.999 * S))).toEqual([]);
      expect(offers(engine.tick(14 * S))).toEqual([['k1', 'a']]);
    });

    it('lets a supervisor assign a contact offered to one agent to another, and the first gets the next contact', () => {
      const engine = engineWith([agent('a'), agent('b')]);
      available(engine, ['a'], 0);
      engine.setAgentState('b', 'away', 0, 'coaching'); // not offered anything, but may be given a contact
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 1 * S);
      engine.addContact({ id: 'k2', queueId: 'support', channel: 'voice' }, 2 * S);
      expect(engine.contactView('k1')).toMatchObject({ status: 'offered', agentId: 'a' });
      expect(engine.contactView('k2')).toMatchObject({ status: 'waiting' });
      const manual = engine.assignManually('k1', 'b', 3 * S);
      expect(manual.map((d) => d.type)).toEqual(['offer-revoked', 'contact-assigned', 'offer-made']);
      expect(ofType(manual, 'offer-revoked')[0]).toMatchObject({ contactId: 'k1', agentId: 'a', reason: 'manual-assignment' });
      expect(ofType(manual, 'contact-assigned')[0]).toMatchObject({ contactId: 'k1', agentId: 'b', manual: true, waitedMs: 2 * S });
      expect(offers(manual)).toEqual([['k2', 'a']]);
      expect(engine.agentView('a')).toMatchObject({ offeredContactIds: ['k2'], assignedContactIds: [], load: { voice: 1 } });
      expect(engine.agentView('b')).toMatchObject({ assignedContactIds: ['k1'], load: { voice: 1 } });
      // The revoked offer's timer is dead: nothing happens to k1 when it would have expired.
      expect(ofType(engine.tick(21 * S), 'offer-expired').map((d) => d.contactId)).toEqual([]);
    });

    it('lets a supervisor assign a waiting contact to an agent without the skill, within capacity', () => {
      const engine = engineWith(
        [agent('a', { skills: {} }), agent('b', { skills: {} })],
        [queue('support', { requirements: [{ requires: { skill: 'billing' } }] })],
      );
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
      const engine = engineWith(
        [agent('b', { queues: ['backup'] })],
        [queue('support', { maxWaitSeconds: 60, overflowQueueId: 'backup' }), queue('backup')],
      );
      available(engine, ['b'], 0);
      engine.setAgentState('b', 'away', 0, 'training');
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 1 * S);
      engine.setAgentState('b', 'available', 30 * S);
      const decisions = engine.tick(61 * S);
      expect(decisions.map((d) => d.type)).toEqual(['contact-overflowed', 'offer-made']);
    });

    it('lets an agent accept a contact whose maximum wait passed while it was offered', () => {
      const engine = engineWith([agent('a')], [queue('support', { maxWaitSeconds: 30, offerTimeoutSeconds: 60 })]);
      available(engine, ['a'], 0);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 10 * S);
      expect(engine.tick(41 * S)).toEqual([]); // past the maximum, but an agent has it in hand
      expect(engine.contactView('k1')).toMatchObject({ status: 'offered', agentId: 'a' });
      expect(ofType(engine.acceptOffer('k1', 'a', 45 * S), 'contact-assigned')[0]).toMatchObject({ waitedMs: 35 * S });
    });

    it('does not offer a contact again when its maximum wait passed while it was offered', () => {
      const engine = engineWith([agent('a'), agent('b')], [queue('support', { maxWaitSeconds: 30, offerTimeoutSeconds: 60 })]);
      available(engine, ['a', 'b'], 0);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 10 * S);
      engine.tick(41 * S);
      // b is free, but the customer has waited long enough: it leaves routing instead.
      const decisions = engine.rejectOffer('k1', 'a', 42 * S);
      expect(decisions.map((d) => d.type)).toEqual(['offer-rejected', 'contact-requeued', 'max-wait-exceeded']);
      expect(ofType(decisions, 'max-wait-exceeded')[0]).toMatchObject({ waitedMs: 32 * S });
      expect(engine.contactView('k1')).toBeUndefined();
    });

    it('overflows a contact whose maximum wait passed while it was offered as soon as the offer times out', () => {
      const engine = engineWith(
        [agent('a'), agent('b', { queues: ['backup'] })],
        [queue('support', { maxWaitSeconds: 30, offerTimeoutSeconds: 60, overflowQueueId: 'backup' }), queue('backup')],
      );
      available(engine, ['a'], 0);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 10 * S);
      engine.setAgentState('b', 'available', 20 * S);
      const decisions = engine.tick(70 * S);
      expect(decisions.map((d) => d.type)).toEqual(['offer-expired', 'contact-requeued', 'contact-overflowed', 'offer-made']);
      expect(offers(decisions)).toEqual([['k1', 'b']]);
    });

    it('offers an overflowed contact to the overflow queue at once, even while it waited for a preferred agent', () => {
      const engine = engineWith(
        [agent('last'), agent('b', { queues: ['backup'] })],
        [queue('support', { maxWaitSeconds: 60, overflowQueueId: 'backup' }), queue('backup')],
      );
      engine.setAgentState('last', 'away', 0, 'meeting');
      available(engine, ['b'], 0);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice', preferredAgentId: 'last', preferredForSeconds: 120 }, 1 * S);
      const decisions = engine.tick(61 * S);
      expect(decisions.map((d) => d.type)).toEqual(['contact-overflowed', 'offer-made']);
      expect(offers(decisions)).toEqual([['k1', 'b']]);
      // The preference is gone for good: the preferred agent coming back changes nothing.
      expect(offers(engine.setAgentState('last', 'available', 62 * S))).toEqual([]);
    });

    it('reports a contact that waited past the maximum with nowhere to overflow', () => {
      const engine = engineWith([agent('a')], [queue('support', { maxWaitSeconds: 60 })]);
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 0);
      expect(engine.tick(60 * S).map((d) => d.type)).toEqual(['max-wait-exceeded']);
      expect(engine.contactView('k1')).toBeUndefined();
    });
  });

  describe('queues', () => {
    it("applies a redefined queue's requirements to the contacts already waiting", () => {
      const engine = engineWith(
        [agent('novice', { skills: {} })],
        [queue('support', { requirements: [{ requires: { skill: 'support', minLevel: 5 } }] })],
      );
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
      const steps = (e: RoutingEngine) => [...e.tick(21 * S), ...e.setAgentState('b', 'available', 22 * S), ...e.tick(200 * S)];
      expect(steps(copy)).toEqual(steps(engine));
    });
  });

  describe('invalid input', () => {
    it('refuses an agent with a skill level outside 1..5', () => {
      const engine = new RoutingEngine();
      expect(() => engine.upsertAgent(agent('a', { skills: { support: 7 } }), 0)).toThrow(
        expect.objectContaining({ code: 'invalid-definition' }),
      );
    });

    it('refuses a contact for an unknown queue and a duplicate contact', () => {
      const engine = engineWith([agent('a')]);
      expect(() => engine.addContact({ id: 'k1', queueId: 'nope', channel: 'voice' }, 0)).toThrow(
        expect.objectContaining({ code: 'unknown-queue' }),
      );
      engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 0);
      expect(() => engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 0)).toThrow(
        expect.objectContaining({ code: 'duplicate-contact' }),
      );
    });
  });
});
