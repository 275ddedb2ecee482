import type { PublishLater } from '@garda/messaging';
import type { RoutingDecision } from '@garda/routing-engine';
import type { EntityManager } from 'typeorm';
import { type ContactMeta, type DecisionFacts, decisionEvents, type EventLookups, offerCloseReason } from './decision-events';
import { checkLoads, nothingTouched, type Touched, writeBack } from './engine-write-back';
import { GuardedTables, RoutingStateDivergence } from './guarded-tables';
import type { TenantEngine } from './tenant-engines';

export { RoutingStateDivergence, TAKE_CHANNEL_SQL } from './guarded-tables';

/**
 * Writes one operation's decisions in three parts (issue 17): the guarded tables, in order
 * (guarded-tables.ts: offers, channel loads, assignments — the database refuses a second active
 * assignment, a second pending offer and any load over capacity, which rolls the whole operation
 * back); the events each decision announces (decision-events.ts, a pure mapping) through the
 * outbox; then the engine-owned columns of every contact, agent and queue touched
 * (engine-write-back.ts), checked against the loads.
 */
export class DecisionWriter {
  private readonly touched: Touched = nothingTouched();
  private readonly tables: GuardedTables;
  private meta = new Map<string, ContactMeta>();

  constructor(
    private readonly manager: EntityManager,
    private readonly publish: PublishLater,
    private readonly tenant: TenantEngine,
  ) {
    this.tables = new GuardedTables(manager, tenant.tenantId);
  }

  /** Returns the highest contact sequence number written, for tenant_routing_state. */
  async write(decisions: readonly RoutingDecision[]): Promise<number | undefined> {
    if (decisions.length === 0) return undefined;
    this.meta = await this.tables.contacts([...new Set(decisions.flatMap((d) => ('contactId' in d ? [d.contactId] : [])))]);
    const lookups: EventLookups = {
      tenantId: this.tenant.tenantId,
      contact: (contactId) => {
        const contact = this.meta.get(contactId);
        if (!contact) throw new RoutingStateDivergence(`contact ${contactId} is routed but has no row`);
        return contact;
      },
      queueName: (queueId) => this.tenant.queues.get(queueId)?.name ?? 'unknown',
    };
    for (const decision of decisions) {
      const facts = await this.guard(decision, lookups);
      for (const event of decisionEvents(decision, facts, lookups)) await this.publish(event.topic, event.payload as never, event.metadata);
    }
    const contactSeq = await writeBack(this.manager, this.tenant.engine, this.touched);
    await checkLoads(this.manager, this.tenant.engine, this.touched.agents);
    return contactSeq;
  }

  /** The decision's writes to the guarded tables, and what they made (ids the events carry). */
  private async guard(d: RoutingDecision, lookups: EventLookups): Promise<DecisionFacts> {
    const touched = this.touched;
    if ('contactId' in d) touched.contacts.add(d.contactId);
    if ('agentId' in d && d.agentId) touched.agents.add(d.agentId);
    if ('queueId' in d) touched.queues.add(d.queueId);
    switch (d.type) {
      case 'offer-made': {
        lookups.contact(d.contactId);
        const offerId = await this.tables.insertOffer(d);
        await this.tables.changeLoad(d.agentId, d.channel, +1);
        return { offerId };
      }
      case 'offer-expired':
      case 'offer-rejected':
      case 'offer-revoked': {
        const offer = await this.tables.closeOffer(d.contactId, d.agentId, offerCloseReason(d.type), d.at);
        if (!offer) throw new RoutingStateDivergence(`no pending offer of contact ${d.contactId} to agent ${d.agentId} to close`);
        await this.tables.changeLoad(d.agentId, offer.channel, -1);
        return { closedOfferId: offer.id };
      }
      case 'contact-assigned': {
        lookups.contact(d.contactId);
        const offer = await this.tables.closeOffer(d.contactId, d.agentId, 'accepted', d.at);
        // A supervisor's assignment without an offer to that agent takes capacity now.
        if (!offer) await this.tables.changeLoad(d.agentId, d.channel, +1);
        const assignmentId = await this.tables.insertAssignment(d);
        return { closedOfferId: offer?.id, assignmentId };
      }
      case 'contact-overflowed':
        touched.queues.add(d.fromQueueId).add(d.toQueueId);
        return {};
      case 'contact-transferred':
        touched.queues.add(d.toQueueId);
        if (d.fromAgentId) {
          touched.agents.add(d.fromAgentId);
          touched.agents.add(await this.tables.releaseAssignment(d.contactId, d.at));
        }
        return {};
      case 'contact-completed':
        touched.agents.add(await this.tables.releaseAssignment(d.contactId, d.at));
        touched.endings.set(d.contactId, { ending: 'completed', at: d.at });
        return {};
      case 'contact-abandoned':
        touched.endings.set(d.contactId, { ending: 'abandoned', at: d.at });
        return {};
      case 'max-wait-exceeded':
        touched.endings.set(d.contactId, { ending: 'max-wait-exceeded', at: d.at });
        return {};
      case 'agent-state-changed':
        touched.stateChangedAt.set(d.agentId, d.at);
        return {};
      case 'contact-queued':
      case 'contact-requeued':
        return {};
    }
  }
}
