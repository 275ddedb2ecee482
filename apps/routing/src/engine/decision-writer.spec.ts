import { Topics } from '@garda/contracts';
import { RoutingEngine } from '@garda/routing-engine';
import type { EntityManager } from 'typeorm';
import { DecisionWriter, RoutingStateDivergence, TAKE_CHANNEL_SQL } from './decision-writer';
import type { TenantEngine } from './tenant-engines';

const tenantId = '00000000-0000-4000-8000-000000000001';
const queueId = '00000000-0000-4000-8000-000000000101';
const agentId = '00000000-0000-4000-8000-000000000201';
const contactId = '00000000-0000-4000-8000-000000000301';

/** A stand-in for the transaction: answers the few reads the writer makes and records every statement. */
function fakeManager(
  options: {
    loads?: () => Array<{ agent_id: string; channel: string; reserved: number }>;
    loadRowExists?: boolean;
    crossChannelRefuses?: boolean;
  } = {},
) {
  const statements: Array<{ sql: string; params: unknown[] }> = [];
  const manager = {
    query: jest.fn(async (sql: string, params: unknown[] = []) => {
      statements.push({ sql, params });
      if (sql.includes('SELECT "id", "conversation_id"')) {
        return [
          {
            id: contactId,
            conversation_id: contactId,
            ticket_id: contactId,
            customer_id: contactId,
            customer_name: 'Ada',
            preview: 'hi',
            channel: 'webchat',
          },
        ];
      }
      if (sql === TAKE_CHANNEL_SQL) return [[], options.loadRowExists === false || options.crossChannelRefuses ? 0 : 1];
      if (sql.includes('UPDATE "routing"."agent_channel_load"')) return [[], options.loadRowExists === false ? 0 : 1];
      if (sql.includes('SELECT 1 FROM "routing"."agent_channel_load"')) return options.loadRowExists === false ? [] : [{ '?column?': 1 }];
      if (sql.includes('UPDATE "routing"."offer"')) return [[{ id: 'offer-1', channel: 'webchat' }], 1];
      if (sql.includes('SELECT "agent_id", "channel", "reserved"')) return options.loads?.() ?? [];
      return [[], 1];
    }),
  };
  return { manager: manager as unknown as EntityManager, statements };
}

function tenantWith(engine: RoutingEngine): TenantEngine {
  return {
    tenantId,
    engine,
    queues: new Map([[queueId, { id: queueId, name: 'support' } as never]]),
    queueIdByName: new Map([['support', queueId]]),
    definitions: new Map(),
    profiles: new Map(),
    revision: 'r1',
  };
}

function engineWithAvailableAgent(now: number) {
  const engine = new RoutingEngine({ offerTimeoutSeconds: 30 });
  engine.upsertQueue({ id: queueId, requirements: [{ requires: { anyAgent: true } }] }, now);
  engine.upsertAgent({ id: agentId, skills: {}, capacity: { webchat: 1 }, queues: [queueId] }, now);
  engine.setAgentState(agentId, 'available', now);
  return engine;
}

describe(DecisionWriter.name, () => {
  it('writes an offer, takes capacity and publishes OfferMade with the contact’s details', async () => {
    const engine = engineWithAvailableAgent(1000);
    const decisions = engine.addContact({ id: contactId, queueId, channel: 'webchat' }, 2000);
    const { manager, statements } = fakeManager({ loads: () => [{ agent_id: agentId, channel: 'webchat', reserved: 1 }] });
    const publish = jest.fn(async () => undefined);

    await new DecisionWriter(manager, publish, tenantWith(engine)).write(decisions);

    expect(statements.some((s) => s.sql.includes('INSERT INTO "routing"."offer"') && s.params.includes(agentId))).toBe(true);
    // Capacity is taken through the guarded statement, with the engine's default rule for profiles without one.
    expect(statements.filter((s) => s.sql === TAKE_CHANNEL_SQL).map((s) => s.params)).toEqual([
      [agentId, 'webchat', JSON.stringify({ voice: '*' }), tenantId],
    ]);
    expect(publish).toHaveBeenCalledWith(
      Topics.OfferMade,
      expect.objectContaining({
        contactId,
        agentId,
        queueName: 'support',
        customerName: 'Ada',
        preview: 'hi',
        expiresAt: new Date(32_000).toISOString(),
      }),
      expect.objectContaining({ tenantId, key: tenantId }),
    );
    // The contact's engine-owned columns come from the engine: offered, first offer.
    const contactUpdate = statements.find((s) => s.sql.includes('UPDATE "routing"."contact" SET "status" = $2, "queue_id"'));
    expect(contactUpdate?.params.slice(0, 2)).toEqual([contactId, 'offered']);
  });

  it('refuses to go on when the database and the engine disagree on an agent’s load', async () => {
    const engine = engineWithAvailableAgent(1000);
    const decisions = engine.addContact({ id: contactId, queueId, channel: 'webchat' }, 2000);
    const { manager } = fakeManager({ loads: () => [{ agent_id: agentId, channel: 'webchat', reserved: 2 }] });

    await expect(
      new DecisionWriter(
        manager,
        jest.fn(async () => undefined),
        tenantWith(engine),
      ).write(decisions),
    ).rejects.toThrow(RoutingStateDivergence);
  });

  it('refuses an offer on a channel the agent has no capacity row for', async () => {
    const engine = engineWithAvailableAgent(1000);
    const decisions = engine.addContact({ id: contactId, queueId, channel: 'webchat' }, 2000);
    const { manager } = fakeManager({ loadRowExists: false });

    await expect(
      new DecisionWriter(
        manager,
        jest.fn(async () => undefined),
        tenantWith(engine),
      ).write(decisions),
    ).rejects.toThrow(/no capacity on webchat/);
  });

  it('refuses a contact the database finds against the agent’s cross-channel rule, whatever the engine decided', async () => {
    const engine = engineWithAvailableAgent(1000);
    const decisions = engine.addContact({ id: contactId, queueId, channel: 'webchat' }, 2000);
    const { manager, statements } = fakeManager({ crossChannelRefuses: true });
    const publish = jest.fn(async () => undefined);

    await expect(new DecisionWriter(manager, publish, tenantWith(engine)).write(decisions)).rejects.toThrow(
      new RoutingStateDivergence(`the cross-channel rule of agent ${agentId} refuses a new webchat contact`),
    );
    // Refused before anything was announced: the transaction rolls back with nothing published.
    expect(publish).not.toHaveBeenCalled();
    expect(statements.some((s) => s.sql.includes('UPDATE "routing"."contact"'))).toBe(false);
  });

  it('gives capacity back when an offer times out, without the cross-channel guard', async () => {
    const engine = engineWithAvailableAgent(1000);
    engine.addContact({ id: contactId, queueId, channel: 'webchat' }, 2000);
    const decisions = engine.tick(32_000);
    const { manager, statements } = fakeManager({ loads: () => [{ agent_id: agentId, channel: 'webchat', reserved: 1 }] });

    await new DecisionWriter(
      manager,
      jest.fn(async () => undefined),
      tenantWith(engine),
    ).write(decisions);

    expect(decisions.map((d) => d.type)).toEqual(['offer-expired', 'contact-requeued', 'offer-made']);
    const loadChanges = statements
      .filter((s) => s.sql === TAKE_CHANNEL_SQL || s.sql.includes('"reserved" - 1'))
      .map((s) => (s.sql === TAKE_CHANNEL_SQL ? +1 : -1));
    expect(loadChanges).toEqual([-1, +1]);
  });

  it('turns an accepted offer into an assignment without taking capacity twice', async () => {
    const engine = engineWithAvailableAgent(1000);
    engine.addContact({ id: contactId, queueId, channel: 'webchat' }, 2000);
    const decisions = engine.acceptOffer(contactId, agentId, 5000);
    const { manager, statements } = fakeManager({ loads: () => [{ agent_id: agentId, channel: 'webchat', reserved: 1 }] });
    const publish = jest.fn(async () => undefined);

    await new DecisionWriter(manager, publish, tenantWith(engine)).write(decisions);

    expect(statements.some((s) => s.sql === TAKE_CHANNEL_SQL || s.sql.includes('"reserved" - 1'))).toBe(false);
    expect(statements.some((s) => s.sql.includes('INSERT INTO "routing"."assignment"'))).toBe(true);
    expect(publish).toHaveBeenCalledWith(
      Topics.OfferClosed,
      expect.objectContaining({ reason: 'accepted', offerId: 'offer-1' }),
      expect.anything(),
    );
    expect(publish).toHaveBeenCalledWith(Topics.ContactAssigned, expect.objectContaining({ agentId, waitedSeconds: 3 }), expect.anything());
  });
});
