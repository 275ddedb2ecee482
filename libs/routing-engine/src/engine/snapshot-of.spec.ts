import { RoutingEngine } from '..';
import { S, agent, queue } from '../../test/fixtures';

describe('RoutingEngine.snapshotOf', () => {
  it('gives exactly the entries snapshot() has for the named contacts, agents and queues, and nothing else', () => {
    const engine = new RoutingEngine();
    engine.upsertQueue(queue('support'), 0);
    engine.upsertQueue(queue('sales'), 0);
    for (const id of ['a', 'b', 'c']) engine.upsertAgent(agent(id), 0);
    for (const id of ['a', 'b']) engine.setAgentState(id, 'available', 1 * S);
    engine.addContact({ id: 'k1', queueId: 'support', channel: 'voice' }, 2 * S);
    engine.addContact({ id: 'k2', queueId: 'support', channel: 'voice' }, 3 * S);
    engine.addContact({ id: 'k3', queueId: 'support', channel: 'voice' }, 4 * S);

    const full = engine.snapshot();
    const part = engine.snapshotOf({ contacts: ['k2', 'k3', 'missing'], agents: ['b'], queues: ['support'] });
    expect(part.contactSeq).toBe(full.contactSeq);
    expect(part.contacts).toEqual(full.contacts.filter((c) => c.id === 'k2' || c.id === 'k3'));
    expect(part.agents).toEqual(full.agents.filter((a) => a.profile.id === 'b'));
    expect(part.queues).toEqual(full.queues.filter((q) => q.definition.id === 'support'));
    // A copy: changing it changes nothing in the engine.
    part.contacts[0].queueId = 'sales';
    expect(engine.contactView('k2')?.queueId).toBe('support');
  });
});
