import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ContactMeta } from './decision-events';
import { DEFAULT_CROSS_CHANNEL } from './engine-rows';
import { z } from 'zod';
import { queryRows, updatedRows } from '@garda/service-kit';

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

/**
 * The tables whose constraints guard routing whatever the engine decided: offers (one pending
 * per contact), channel loads (never over capacity, cross-channel rules) and assignments (one
 * active per contact). Each refusal throws, which rolls the whole operation back.
 */
export class GuardedTables {
  constructor(
    private readonly manager: EntityManager,
    private readonly tenantId: string,
  ) {}

  async contacts(contactIds: string[]): Promise<Map<string, ContactMeta>> {
    if (contactIds.length === 0) return new Map();
    const rows = await queryRows(
      this.manager,
      z.object({
        id: z.string(),
        conversation_id: z.string(),
        ticket_id: z.string(),
        customer_id: z.string(),
        customer_name: z.string().nullable(),
        preview: z.string().nullable(),
        channel: z.enum(['webchat', 'email', 'whatsapp', 'messenger', 'instagram', 'sms', 'telegram', 'voice']),
      }),
      `SELECT "id", "conversation_id", "ticket_id", "customer_id", "customer_name", "preview", "channel" FROM "routing"."contact"
       WHERE "tenant_id" = $1 AND "id" = ANY($2)`,
      [this.tenantId, contactIds],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  async insertOffer(offer: { contactId: string; agentId: string; channel: string; at: number; expiresAt: number }): Promise<string> {
    const offerId = randomUUID();
    await this.manager.query(
      `INSERT INTO "routing"."offer" ("id", "tenant_id", "contact_id", "agent_id", "channel", "status", "offered_at", "expires_at")
       VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7)`,
      [offerId, this.tenantId, offer.contactId, offer.agentId, offer.channel, new Date(offer.at), new Date(offer.expiresAt)],
    );
    return offerId;
  }

  async closeOffer(contactId: string, agentId: string, status: string, at: number): Promise<{ id: string; channel: string } | undefined> {
    const rows = await updatedRows(
      this.manager,
      z.object({ id: z.string(), channel: z.string() }),
      `UPDATE "routing"."offer" SET "status" = $3, "closed_at" = $4 WHERE "contact_id" = $1 AND "agent_id" = $2 AND "status" = 'pending'
       RETURNING "id", "channel"`,
      [contactId, agentId, status, new Date(at)],
    );
    return rows[0];
  }

  /** The unique index on the active assignment of a contact is the last guard against two agents. */
  async insertAssignment(assignment: { contactId: string; agentId: string; channel: string; at: number }): Promise<string> {
    const assignmentId = randomUUID();
    await this.manager.query(
      `INSERT INTO "routing"."assignment" ("id", "contact_id", "tenant_id", "agent_id", "channel", "assigned_at") VALUES ($1, $2, $3, $4, $5, $6)`,
      [assignmentId, assignment.contactId, this.tenantId, assignment.agentId, assignment.channel, new Date(assignment.at)],
    );
    return assignmentId;
  }

  /** Ends the contact's active assignment and frees its capacity; returns the agent who held it. */
  async releaseAssignment(contactId: string, at: number): Promise<string> {
    const rows = await updatedRows(
      this.manager,
      z.object({ agent_id: z.string(), channel: z.string() }),
      `UPDATE "routing"."assignment" SET "released_at" = $2 WHERE "contact_id" = $1 AND "released_at" IS NULL RETURNING "agent_id", "channel"`,
      [contactId, new Date(at)],
    );
    if (rows.length !== 1) throw new RoutingStateDivergence(`contact ${contactId} has ${rows.length} active assignments to release`);
    await this.changeLoad(rows[0].agent_id, rows[0].channel, -1);
    return rows[0].agent_id;
  }

  /**
   * The database's own guards, whatever the engine decided: the CHECK (0 <= reserved <= capacity)
   * refuses going over capacity, and taking a channel also needs the cross-channel rule to allow
   * it (TAKE_CHANNEL_SQL). Either refusal rolls the operation back.
   */
  async changeLoad(agentId: string, channel: string, delta: 1 | -1): Promise<void> {
    const [, count] = (
      delta > 0
        ? await this.manager.query(TAKE_CHANNEL_SQL, [agentId, channel, JSON.stringify(DEFAULT_CROSS_CHANNEL), this.tenantId])
        : await this.manager.query(
            `UPDATE "routing"."agent_channel_load" SET "reserved" = "reserved" - 1 WHERE "agent_id" = $1 AND "channel" = $2`,
            [agentId, channel],
          )
    ) as [unknown, number];
    if (count === 1) return;
    const [row] = await queryRows(
      this.manager,
      z.unknown(),
      `SELECT 1 FROM "routing"."agent_channel_load" WHERE "agent_id" = $1 AND "channel" = $2`,
      [agentId, channel],
    );
    if (row && delta > 0) throw new RoutingStateDivergence(`the cross-channel rule of agent ${agentId} refuses a new ${channel} contact`);
    throw new RoutingStateDivergence(`agent ${agentId} has no capacity on ${channel}`);
  }
}
