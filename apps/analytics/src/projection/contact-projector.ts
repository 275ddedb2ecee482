import type {
  AgentStatusChangedV1,
  ContactAssignedV1,
  ContactTransferredV1,
  ConversationClosedV1,
  ConversationMessageV1,
  OfferMadeV1,
  RoutingRequestedV1,
} from '@garda/contracts';
import type { EntityManager } from 'typeorm';
import { ConversationReports } from '../reports/conversation-reports';
import { isWithinServiceLevel, secondsBetween } from './metrics-math';
import { type ContactRow, ProjectionStore, UNRESOLVED_QUEUE } from './projection-store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Folds routing and ticket events into the projection. Events of different topics may arrive in
 * any order (they are separate partitions), so each handler accepts being first: whichever event
 * reveals a contact creates it, later ones correct its arrival and queue, and a close seen before
 * the contact is remembered on the conversation and applied when the contact shows up.
 */
export class ContactProjector {
  private readonly conversationReports = new ConversationReports();

  constructor(private readonly defaultServiceLevelSeconds: number) {}

  async routingRequested(event: RoutingRequestedV1, manager: EntityManager): Promise<void> {
    const store = new ProjectionStore(manager);
    await store.lockTenant(event.tenantId);
    await store.upsertConversation({
      conversationId: event.conversationId,
      tenantId: event.tenantId,
      customerId: event.customerId,
      channel: event.channel,
    });
    const arrivedAt = new Date(event.requestedAt);
    const existing = await store.findContact(event.contactId);
    if (existing) {
      // An offer or assignment was projected first; the request carries the true arrival.
      await store.updateContact(existing.contact_id, { requested_queue: event.queue ?? null, customer_id: event.customerId });
      if (arrivedAt < existing.arrived_at) await this.moveArrival(store, existing, existing.queue_name, arrivedAt);
      return;
    }
    const queueName = event.queue ?? (await store.defaultQueueName(event.tenantId)) ?? UNRESOLVED_QUEUE;
    await store.ensureQueue(event.tenantId, queueName, this.defaultServiceLevelSeconds);
    const contact = await this.createContact(store, {
      contactId: event.contactId,
      tenantId: event.tenantId,
      conversationId: event.conversationId,
      customerId: event.customerId,
      channel: event.channel,
      queueName,
      requestedQueue: event.queue ?? null,
      queueConfirmed: false,
      arrivedAt,
    });
    const closure = await store.conversationClosure(event.conversationId);
    if (closure && !closure.closed_by_agent_id) await this.abandon(store, contact, closure.closed_at);
  }

  async offerMade(event: OfferMadeV1, manager: EntityManager): Promise<void> {
    const store = new ProjectionStore(manager);
    await store.lockTenant(event.tenantId);
    await store.ensureQueue(event.tenantId, event.queueName, this.defaultServiceLevelSeconds, event.queueId);
    await store.ensureAgent(event.tenantId, event.agentId, new Date(event.offeredAt));
    await store.linkAgentToQueue(event.tenantId, event.agentId, event.queueName, new Date(event.offeredAt));
    const existing = await store.findContact(event.contactId);
    if (existing) {
      await this.confirmQueue(store, existing, event.queueName);
    } else {
      await this.createContact(store, {
        contactId: event.contactId,
        tenantId: event.tenantId,
        conversationId: event.conversationId,
        customerId: event.customerId,
        channel: event.channel,
        queueName: event.queueName,
        requestedQueue: null,
        queueConfirmed: true,
        // The request has not been seen yet; the offer is the latest the contact can have arrived.
        arrivedAt: new Date(event.offeredAt),
      });
    }
    await manager.query(`UPDATE "analytics"."contact" SET "offers" = "offers" + 1 WHERE "contact_id" = $1`, [event.contactId]);
  }

  async contactAssigned(event: ContactAssignedV1, manager: EntityManager): Promise<void> {
    const store = new ProjectionStore(manager);
    await store.lockTenant(event.tenantId);
    const threshold = await store.ensureQueue(event.tenantId, event.queueName, this.defaultServiceLevelSeconds, event.queueId);
    const assignedAt = new Date(event.assignedAt);
    await store.ensureAgent(event.tenantId, event.agentId, assignedAt);
    await store.linkAgentToQueue(event.tenantId, event.agentId, event.queueName, assignedAt);
    await store.upsertConversation({
      conversationId: event.conversationId,
      tenantId: event.tenantId,
      customerId: event.customerId,
      channel: event.channel,
    });

    let contact = await store.findContact(event.contactId);
    if (contact) {
      contact = await this.confirmQueue(store, contact, event.queueName);
    } else {
      contact = await this.createContact(store, {
        contactId: event.contactId,
        tenantId: event.tenantId,
        conversationId: event.conversationId,
        customerId: event.customerId,
        channel: event.channel,
        queueName: event.queueName,
        requestedQueue: null,
        queueConfirmed: true,
        arrivedAt: new Date(assignedAt.getTime() - event.waitedSeconds * 1000),
      });
    }
    if (contact.status === 'answered' && !contact.closed_at && contact.agent_id !== event.agentId) {
      // Transferred to another agent (routing keeps the contact): they hold it now. It was answered once, when first assigned.
      await store.updateContact(contact.contact_id, { agent_id: event.agentId });
      return;
    }
    if (contact.status !== 'waiting') return;

    const withinServiceLevel = isWithinServiceLevel(event.waitedSeconds, threshold);
    await store.updateContact(contact.contact_id, {
      status: 'answered',
      agent_id: event.agentId,
      answered_at: assignedAt,
      waited_seconds: event.waitedSeconds,
      within_service_level: withinServiceLevel,
    });
    await store.addToInterval(event.tenantId, contact.queue_name, assignedAt, {
      contacts_answered: 1,
      answered_within_sl: withinServiceLevel ? 1 : 0,
      answer_wait_seconds: event.waitedSeconds,
    });
    await store.addToReports(
      event.tenantId,
      assignedAt,
      { queueName: contact.queue_name, agentId: event.agentId, channel: contact.channel },
      { contacts_answered: 1, answered_within_sl: withinServiceLevel ? 1 : 0, answer_wait_seconds: event.waitedSeconds },
    );
    // A conversation transferred to a new contact: the previous agent's contact ends here.
    for (const previous of await store.openContactsOfConversation(event.tenantId, event.conversationId)) {
      if (
        previous.contact_id !== contact.contact_id &&
        previous.status === 'answered' &&
        previous.answered_at &&
        previous.answered_at <= assignedAt
      ) {
        await this.closeAnswered(store, previous, assignedAt);
      }
    }
    const closure = await store.conversationClosure(event.conversationId);
    if (closure) await this.closeAnswered(store, { ...contact, answered_at: assignedAt, agent_id: event.agentId }, closure.closed_at);
  }

  /**
   * A transfer takes the contact off its agent (their load and contacts drop at once) until routing
   * assigns it again. Only from that agent: if the next assignment was projected first, it stays.
   */
  async contactTransferred(event: ContactTransferredV1, manager: EntityManager): Promise<void> {
    if (!event.fromAgentId) return;
    const store = new ProjectionStore(manager);
    await store.lockTenant(event.tenantId);
    await manager.query(
      `UPDATE "analytics"."contact" SET "agent_id" = NULL WHERE "contact_id" = $1 AND "tenant_id" = $2 AND "agent_id" = $3 AND "status" = 'answered' AND "closed_at" IS NULL`,
      [event.contactId, event.tenantId, event.fromAgentId],
    );
  }

  async conversationClosed(event: ConversationClosedV1, manager: EntityManager): Promise<void> {
    const store = new ProjectionStore(manager);
    await store.lockTenant(event.tenantId);
    const closedAt = new Date(event.closedAt);
    const before = await store.findConversation(event.conversationId);
    await store.upsertConversation({
      conversationId: event.conversationId,
      tenantId: event.tenantId,
      closedAt,
      closedByAgentId: event.agentId,
    });
    await this.conversationReports.closed(store, before, event, closedAt);
    for (const contact of await store.openContactsOfConversation(event.tenantId, event.conversationId)) {
      if (contact.status === 'answered') {
        await this.closeAnswered(store, contact, closedAt);
      } else if (contact.status === 'waiting' && !event.agentId) {
        // Closed while nobody had answered it: the customer (or the conversation) gave up waiting.
        await this.abandon(store, contact, closedAt);
      }
      // Waiting but closed by an agent: the assignment is still on its way and applies the close.
    }
  }

  async agentStatusChanged(event: AgentStatusChangedV1, manager: EntityManager): Promise<void> {
    const store = new ProjectionStore(manager);
    await store.applyAgentState(event.tenantId, event.agentId, event.state, event.reason ?? null, new Date(event.changedAt));
  }

  async conversationMessage(event: ConversationMessageV1, manager: EntityManager): Promise<void> {
    const store = new ProjectionStore(manager);
    // A new conversation may take first-contact resolution away from the customer's previous one.
    await store.lockTenant(event.tenantId);
    const at = new Date(event.createdAt);
    const before = await store.findConversation(event.conversationId);
    const fromCustomer = event.direction === 'inbound' && event.authorType === 'customer';
    const agentReply = event.direction === 'outbound' && event.authorType === 'agent' && !event.internal;
    await store.upsertConversation({
      conversationId: event.conversationId,
      tenantId: event.tenantId,
      customerId: event.customerId,
      channel: event.channel,
      startedAt: fromCustomer ? at : undefined,
      firstResponseAt: agentReply ? at : undefined,
    });
    await this.conversationReports.message(store, before, event, at);
    if (event.authorType === 'agent' && event.authorId && UUID.test(event.authorId) && event.authorName) {
      await store.nameAgent(event.tenantId, event.authorId, event.authorName);
    }
  }

  private async createContact(store: ProjectionStore, row: Parameters<ProjectionStore['insertContact']>[0]): Promise<ContactRow> {
    await store.insertContact(row);
    await store.addToInterval(row.tenantId, row.queueName, row.arrivedAt, { contacts_queued: 1 });
    await store.addToReports(
      row.tenantId,
      row.arrivedAt,
      { queueName: row.queueName, agentId: null, channel: row.channel },
      { contacts_queued: 1 },
    );
    await this.conversationReports.contactQueued(store, row.tenantId, row.conversationId, row.queueName);
    const created = await store.findContact(row.contactId);
    if (!created) throw new Error(`contact ${row.contactId} vanished after insert`);
    return created;
  }

  /** routing names the queue the contact is really in; move a waiting contact's arrival there. */
  private async confirmQueue(store: ProjectionStore, contact: ContactRow, queueName: string): Promise<ContactRow> {
    if (contact.queue_confirmed) return contact;
    if (contact.requested_queue !== queueName) await store.markDefaultQueue(contact.tenant_id, queueName);
    await store.updateContact(contact.contact_id, { queue_confirmed: true });
    if (contact.queue_name === queueName || contact.status !== 'waiting') return { ...contact, queue_confirmed: true };
    await this.moveArrival(store, contact, queueName, contact.arrived_at);
    return { ...contact, queue_confirmed: true, queue_name: queueName };
  }

  private async moveArrival(store: ProjectionStore, contact: ContactRow, queueName: string, arrivedAt: Date): Promise<void> {
    await store.addToInterval(contact.tenant_id, contact.queue_name, contact.arrived_at, { contacts_queued: -1 });
    await store.addToInterval(contact.tenant_id, queueName, arrivedAt, { contacts_queued: 1 });
    const channel = contact.channel;
    await store.addToReports(
      contact.tenant_id,
      contact.arrived_at,
      { queueName: contact.queue_name, agentId: null, channel },
      { contacts_queued: -1 },
    );
    await store.addToReports(contact.tenant_id, arrivedAt, { queueName, agentId: null, channel }, { contacts_queued: 1 });
    await store.updateContact(contact.contact_id, { queue_name: queueName, arrived_at: arrivedAt });
    await this.conversationReports.contactQueued(store, contact.tenant_id, contact.conversation_id, queueName);
  }

  private async abandon(store: ProjectionStore, contact: ContactRow, at: Date): Promise<void> {
    const threshold = await store.ensureQueue(contact.tenant_id, contact.queue_name, this.defaultServiceLevelSeconds);
    const waited = secondsBetween(contact.arrived_at, at);
    const within = isWithinServiceLevel(waited, threshold);
    await store.updateContact(contact.contact_id, {
      status: 'abandoned',
      abandoned_at: at,
      waited_seconds: waited,
      within_service_level: within,
      closed_at: at,
    });
    await store.addToInterval(contact.tenant_id, contact.queue_name, at, {
      contacts_abandoned: 1,
      abandoned_within_sl: within ? 1 : 0,
      abandon_wait_seconds: waited,
    });
    await store.addToReports(
      contact.tenant_id,
      at,
      { queueName: contact.queue_name, agentId: null, channel: contact.channel },
      { contacts_abandoned: 1 },
    );
  }

  private async closeAnswered(store: ProjectionStore, contact: ContactRow, at: Date): Promise<void> {
    await store.updateContact(contact.contact_id, { closed_at: at });
    const handled = contact.answered_at ? secondsBetween(contact.answered_at, at) : 0;
    await store.addToInterval(contact.tenant_id, contact.queue_name, at, { contacts_handled: 1, handle_seconds: handled });
    await store.addToReports(
      contact.tenant_id,
      at,
      { queueName: contact.queue_name, agentId: contact.agent_id, channel: contact.channel },
      { contacts_handled: 1, handle_seconds: handled },
    );
  }
}
