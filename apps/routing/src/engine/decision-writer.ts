import { randomUUID } from 'node:crypto';
import { type Channel, Topics } from '@garda/contracts';
import type { PublishLater } from '@garda/messaging';
import type { RoutingDecision, RoutingEngine } from '@garda/routing-engine';
import type { EntityManager } from 'typeorm';
import { agentColumns, contactColumns, DEFAULT_CROSS_CHANNEL } from './engine-rows';
import type { TenantEngine } from './tenant-engines';

/** The database and the engine disagree: the transaction rolls back and the engine is rebuilt. */
export class RoutingStateDivergence extends Error {}

/**
 * One more contact (offer or assignment) on a channel, only if the agent's cross-channel rule
 * allows it: no other channel the agent holds something on may block this one ('*' blocks every
 * other channel, a list blocks those listed). $3 is the rule for profiles that set none. Over
 * capacity, the CHECK on the row refuses it.
 */
export const TAKE_CHANNEL_SQL = `UPDATE "routing"."agent_channel_load" l SET "reserved" = l."reserved" + 1
  WHERE l."agent_id" = $1 AND l."channel" = $2
    AND l."agent_id" IN (SELECT "agent_id" FROM "routing"."agent_profile" WHERE "tenant_id" = $4)
    AND NOT EXISTS (
      SELECT 1 FROM "routing"."agent_channel_load" busy JOIN "routing"."agent_profile" p ON p."agent_id" = busy."agent_id"
      WHERE busy."agent_id" = $1 AND busy."channel" <> $2 AND busy."reserved" > 0
        AND (COALESCE(p."cross_channel", $3::jsonb) -> busy."channel" = '"*"'::jsonb
             OR COALESCE(p."cross_channel", $3::jsonb) -> busy."channel" @> to_jsonb($2::text)))`;

interface ContactMeta {
  id: string;
  conversation_id: string;
  ticket_id: string;
  customer_id: string;
  customer_name: string | null;
  preview: string | null;
  channel: Channel;
}

type Ending = 'completed' | 'abandoned' | 'max-wait-exceeded';

const iso = (at: number) => new Date(at).toISOString();

/**
 * Writes one operation's decisions: first to the guarded tables, in order (offers, channel loads,
 * assignments — the database refuses a second active assignment, a second pending offer and any
 * load over capacity, which rolls the whole operation back), then the engine-owned columns of
 * every contact, agent and queue the decisions touched, then the events through the outbox.
 */
export class DecisionWriter {
  private readonly contacts = new Set<string>();
  private readonly agents = new Set<string>();
  private readonly queues = new Set<string>();
  private readonly endings = new Map<string, { ending: Ending; at: number }>();
  private readonly stateChangedAt = new Map<string, number>();
  private meta = new Map<string, ContactMeta>();

  constructor(
    private readonly manager: EntityManager,
    private readonly publish: PublishLater,
    private readonly tenant: TenantEngine,
  ) {}

  /** Returns the highest contact sequence number written, for tenant_routing_state. */
  async write(decisions: readonly RoutingDecision[]): Promise<number | undefined> {
    if (decisions.length === 0) return undefined;
    const contactIds = [...new Set(decisions.flatMap((d) => ('contactId' in d ? [d.contactId] : [])))];
    this.meta = await this.loadMeta(contactIds);
    for (const decision of decisions) await this.apply(decision);
    const contactSeq = await this.writeRows(this.tenant.engine);
    await this.checkLoads(this.tenant.engine);
    return contactSeq;
  }

  private async apply(d: RoutingDecision): Promise<void> {
    const tenantId = this.tenant.tenantId;
    const meta = { tenantId, key: tenantId };
    if ('contactId' in d) this.contacts.add(d.contactId);
    if ('agentId' in d && d.agentId) this.agents.add(d.agentId);
    if ('queueId' in d) this.queues.add(d.queueId);
    switch (d.type) {
      case 'contact-queued':
        return;
      case 'offer-made': {
        const contact = this.contact(d.contactId);
        const offerId = randomUUID();
        await this.manager.query(
          `INSERT INTO "routing"."offer" ("id", "tenant_id", "contact_id", "agent_id", "channel", "status", "offered_at", "expires_at")
           VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7)`,
          [offerId, tenantId, d.contactId, d.agentId, d.channel, new Date(d.at), new Date(d.expiresAt)],
        );
        await this.changeLoad(d.agentId, d.channel, +1);
        await this.publish(
          Topics.OfferMade,
          {
            tenantId,
            offerId,
            contactId: d.contactId,
            conversationId: contact.conversation_id,
            ticketId: contact.ticket_id,
            customerId: contact.customer_id,
            customerName: contact.customer_name ?? undefined,
            agentId: d.agentId,
            queueId: d.queueId,
            queueName: this.queueName(d.queueId),
            channel: contact.channel,
            preview: contact.preview ?? undefined,
            offeredAt: iso(d.at),
            expiresAt: iso(d.expiresAt),
          },
          { ...meta, messageId: `offer-made:${offerId}` },
        );
        return;
      }
      case 'offer-expired':
      case 'offer-rejected':
      case 'offer-revoked': {
        const reason = d.type === 'offer-expired' ? 'expired' : d.type === 'offer-rejected' ? 'rejected' : 'cancelled';
        const offer = await this.closeOffer(d.contactId, d.agentId, reason, d.at);
        if (!offer) throw new RoutingStateDivergence(`no pending offer of contact ${d.contactId} to agent ${d.agentId} to close`);
        await this.changeLoad(d.agentId, offer.channel, -1);
        await this.publish(
          Topics.OfferClosed,
          { tenantId, offerId: offer.id, contactId: d.contactId, agentId: d.agentId, reason, closedAt: iso(d.at) },
          { ...meta, messageId: `offer-closed:${offer.id}` },
        );
        return;
      }
      case 'contact-requeued': {
        await this.publish(
          Topics.ContactRequeued,
          {
            tenantId,
            contactId: d.contactId,
            conversationId: this.contact(d.contactId).conversation_id,
            queueId: d.queueId,
            queueName: this.queueName(d.queueId),
            requeuedAt: iso(d.at),
          },
          meta,
        );
        return;
      }
      case 'contact-assigned': {
        const contact = this.contact(d.contactId);
        const offer = await this.closeOffer(d.contactId, d.agentId, 'accepted', d.at);
        // A supervisor's assignment without an offer to that agent takes capacity now.
        if (!offer) await this.changeLoad(d.agentId, d.channel, +1);
        const assignmentId = randomUUID();
        // The unique index on the active assignment of a contact is the last guard against two agents.
        await this.manager.query(
          `INSERT INTO "routing"."assignment" ("id", "contact_id", "tenant_id", "agent_id", "channel", "assigned_at") VALUES ($1, $2, $3, $4, $5, $6)`,
          [assignmentId, d.contactId, tenantId, d.agentId, d.channel, new Date(d.at)],
        );
        if (offer) {
          await this.publish(
            Topics.OfferClosed,
            { tenantId, offerId: offer.id, contactId: d.contactId, agentId: d.agentId, reason: 'accepted', closedAt: iso(d.at) },
            { ...meta, messageId: `offer-closed:${offer.id}` },
          );
        }
        await this.publish(
          Topics.ContactAssigned,
          {
            tenantId,
            contactId: d.contactId,
            conversationId: contact.conversation_id,
            ticketId: contact.ticket_id,
            customerId: contact.customer_id,
            agentId: d.agentId,
            queueId: d.queueId,
            queueName: this.queueName(d.queueId),
            channel: contact.channel,
            waitedSeconds: Math.max(0, d.waitedMs / 1000),
            assignedAt: iso(d.at),
          },
          { ...meta, messageId: `contact-assigned:${assignmentId}` },
        );
        return;
      }
      case 'contact-overflowed': {
        this.queues.add(d.fromQueueId).add(d.toQueueId);
        await this.publish(
          Topics.ContactOverflowed,
          {
            tenantId,
            contactId: d.contactId,
            conversationId: this.contact(d.contactId).conversation_id,
            fromQueueId: d.fromQueueId,
            toQueueId: d.toQueueId,
            toQueueName: this.queueName(d.toQueueId),
            overflowedAt: iso(d.at),
          },
          meta,
        );
        return;
      }
      case 'contact-transferred': {
        this.queues.add(d.toQueueId);
        if (d.fromAgentId) {
          this.agents.add(d.fromAgentId);
          await this.releaseAssignment(d.contactId, d.at);
        }
        await this.publish(
          Topics.ContactTransferred,
          {
            tenantId,
            contactId: d.contactId,
            conversationId: this.contact(d.contactId).conversation_id,
            fromAgentId: d.fromAgentId,
            toQueueId: d.toQueueId,
            toQueueName: this.queueName(d.toQueueId),
            toAgentId: d.toAgentId,
            transferredAt: iso(d.at),
          },
          meta,
        );
        return;
      }
      case 'contact-completed':
        await this.releaseAssignment(d.contactId, d.at);
        this.endings.set(d.contactId, { ending: 'completed', at: d.at });
        return;
      case 'contact-abandoned':
        this.endings.set(d.contactId, { ending: 'abandoned', at: d.at });
        await this.publish(
          Topics.ContactAbandoned,
          {
            tenantId,
            contactId: d.contactId,
            conversationId: this.contact(d.contactId).conversation_id,
            queueId: d.queueId,
            waitedSeconds: Math.max(0, d.waitedMs / 1000),
            abandonedAt: iso(d.at),
          },
          meta,
        );
        return;
      case 'max-wait-exceeded': {
        const contact = this.contact(d.contactId);
        this.endings.set(d.contactId, { ending: 'max-wait-exceeded', at: d.at });
        await this.publish(
          Topics.MaxWaitExceeded,
          {
            tenantId,
            contactId: d.contactId,
            conversationId: contact.conversation_id,
            ticketId: contact.ticket_id,
            queueId: d.queueId,
            queueName: this.queueName(d.queueId),
            waitedSeconds: Math.max(0, d.waitedMs / 1000),
            exceededAt: iso(d.at),
          },
          meta,
        );
        return;
      }
      case 'agent-state-changed': {
        this.stateChangedAt.set(d.agentId, d.at);
        const reason = d.state.status === 'away' ? d.state.reason : d.reason;
        await this.publish(
          Topics.AgentStatusChanged,
          // `until` lets desks count down after-contact work to routing's own timer.
          {
            tenantId,
            agentId: d.agentId,
            state: d.state.status,
            reason: reason?.slice(0, 100),
            changedAt: iso(d.at),
            until: d.state.status === 'after-contact-work' ? iso(d.state.until) : undefined,
          },
          meta,
        );
        return;
      }
    }
  }

  private contact(contactId: string): ContactMeta {
    const contact = this.meta.get(contactId);
    if (!contact) throw new RoutingStateDivergence(`contact ${contactId} is routed but has no row`);
    return contact;
  }

  private queueName(queueId: string): string {
    return this.tenant.queues.get(queueId)?.name ?? 'unknown';
  }

  private async loadMeta(contactIds: string[]): Promise<Map<string, ContactMeta>> {
    if (contactIds.length === 0) return new Map();
    const rows = (await this.manager.query(
      `SELECT "id", "conversation_id", "ticket_id", "customer_id", "customer_name", "preview", "channel" FROM "routing"."contact"
       WHERE "tenant_id" = $1 AND "id" = ANY($2)`,
      [this.tenant.tenantId, contactIds],
    )) as ContactMeta[];
    return new Map(rows.map((row) => [row.id, row]));
  }

  private async closeOffer(
    contactId: string,
    agentId: string,
    status: string,
    at: number,
  ): Promise<{ id: string; channel: string } | undefined> {
    const [rows] = (await this.manager.query(
      `UPDATE "routing"."offer" SET "status" = $3, "closed_at" = $4 WHERE "contact_id" = $1 AND "agent_id" = $2 AND "status" = 'pending'
       RETURNING "id", "channel"`,
      [contactId, agentId, status, new Date(at)],
    )) as [Array<{ id: string; channel: string }>, number];
    return rows[0];
  }

  private async releaseAssignment(contactId: string, at: number): Promise<void> {
    const [rows] = (await this.manager.query(
      `UPDATE "routing"."assignment" SET "released_at" = $2 WHERE "contact_id" = $1 AND "released_at" IS NULL RETURNING "agent_id", "channel"`,
      [contactId, new Date(at)],
    )) as [Array<{ agent_id: string; channel: string }>, number];
    if (rows.length !== 1) throw new RoutingStateDivergence(`contact ${contactId} has ${rows.length} active assignments to release`);
    this.agents.add(rows[0].agent_id);
    await this.changeLoad(rows[0].agent_id, rows[0].channel, -1);
  }

  /**
   * The database's own guards, whatever the engine decided: the CHECK (0 <= reserved <= capacity)
   * refuses going over capacity, and taking a channel also needs the cross-channel rule to allow
   * it (TAKE_CHANNEL_SQL). Either refusal rolls the operation back.
   */
  private async changeLoad(agentId: string, channel: string, delta: 1 | -1): Promise<void> {
    const [, count] = (
      delta > 0
        ? await this.manager.query(TAKE_CHANNEL_SQL, [agentId, channel, JSON.stringify(DEFAULT_CROSS_CHANNEL), this.tenant.tenantId])
        : await this.manager.query(
            `UPDATE "routing"."agent_channel_load" SET "reserved" = "reserved" - 1 WHERE "agent_id" = $1 AND "channel" = $2`,
            [agentId, channel],
          )
    ) as [unknown, number];
    if (count === 1) return;
    const [row] = (await this.manager.query(`SELECT 1 FROM "routing"."agent_channel_load" WHERE "agent_id" = $1 AND "channel" = $2`, [
      agentId,
      channel,
    ])) as unknown[];
    if (row && delta > 0) throw new RoutingStateDivergence(`the cross-channel rule of agent ${agentId} refuses a new ${channel} contact`);
    throw new RoutingStateDivergence(`agent ${agentId} has no capacity on ${channel}`);
  }

  /** Engine-owned columns of every touched row, from the engine's entries of just those rows. */
  private async writeRows(engine: RoutingEngine): Promise<number> {
    const snapshot = engine.snapshotOf({ contacts: this.contacts, agents: this.agents, queues: this.queues });
    const contacts = new Map(snapshot.contacts.map((c) => [c.id, c]));
    for (const id of this.contacts) {
      const contact = contacts.get(id);
      if (contact) {
        await this.manager.query(
          `UPDATE "routing"."contact" SET "status" = $2, "queue_id" = $3, "priority" = $4, "queue_entered_at" = $5, "step" = $6, "offer_seq" = $7,
             "assigned_at" = $8, "last_declined_by" = $9, "preferred_agent_id" = $10, "preferred_until" = $11, "wait_epoch" = $12,
             "queue_epoch" = $13, "preference_epoch" = $14, "seq" = $15
           WHERE "id" = $1`,
          contactColumns(contact),
        );
        continue;
      }
      const ending = this.endings.get(id);
      if (!ending) continue;
      await this.manager.query(
        `UPDATE "routing"."contact" SET "status" = $2, "ended_at" = $3, "completed_at" = CASE WHEN $2 = 'completed' THEN $3 ELSE "completed_at" END
         WHERE "id" = $1`,
        [id, ending.ending, new Date(ending.at)],
      );
    }
    const agents = new Map(snapshot.agents.map((a) => [a.profile.id, a]));
    for (const id of this.agents) {
      const agent = agents.get(id);
      if (!agent) continue;
      const changedAt = this.stateChangedAt.get(id);
      await this.manager.query(
        `UPDATE "routing"."agent_profile" SET "state" = $2, "state_reason" = $3, "acw_until" = $4, "idle_since" = $5, "missed_offers" = $6,
           "acw_epoch" = $7, "state_since" = COALESCE($8, "state_since"), "updated_at" = now()
         WHERE "agent_id" = $1`,
        [...agentColumns(agent), changedAt === undefined ? null : new Date(changedAt)],
      );
    }
    for (const queue of snapshot.queues) {
      await this.manager.query(`UPDATE "routing"."queue" SET "counters" = $2, "round_robin_cursor" = $3 WHERE "id" = $1`, [
        queue.definition.id,
        JSON.stringify(queue.counters),
        queue.roundRobinCursor ?? null,
      ]);
    }
    return snapshot.contactSeq;
  }

  /** Defence in depth: what the tables now hold for the touched agents is what the engine holds. */
  private async checkLoads(engine: RoutingEngine): Promise<void> {
    if (this.agents.size === 0) return;
    const rows = (await this.manager.query(
      `SELECT "agent_id", "channel", "reserved" FROM "routing"."agent_channel_load" WHERE "agent_id" = ANY($1)`,
      [[...this.agents]],
    )) as Array<{ agent_id: string; channel: string; reserved: number }>;
    const known = new Set(engine.agentIds());
    for (const row of rows) {
      // An agent the operation removed holds nothing any more.
      const expected = known.has(row.agent_id) ? (engine.agentView(row.agent_id).load[row.channel] ?? 0) : 0;
      if (expected !== row.reserved) {
        throw new RoutingStateDivergence(
          `agent ${row.agent_id} holds ${row.reserved} on ${row.channel} in the database, ${expected} in the engine`,
        );
      }
    }
  }
}
