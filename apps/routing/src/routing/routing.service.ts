import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type AgentDisconnectedV1,
  type AgentStateRequestedV1,
  type ConversationClosedV1,
  type OfferRespondedV1,
  type RoutingRequestedV1,
  type TopicName,
  Topics,
} from '@garda/contracts';
import type { TransactionContext } from '@garda/messaging';
import { isRoutingError, type RoutingDecision, type RoutingEngine, type RoutingError } from '@garda/routing-engine';
import { LOGGER, ServiceMetrics, queryRows } from '@garda/service-kit';
import type { Logger } from 'pino';
import { DecisionWriter } from '../engine/decision-writer';
import { createRoutingMetrics, observeRoutingOperation, type RoutingMetrics } from './routing-metrics';
import { contactRequirement } from '../engine/engine-rows';
import type { TenantEngine } from '../engine/tenant-engines';
import { TenantEngines } from '../engine/tenant-engines';
import { z } from 'zod';

type Tx = TransactionContext;

/** What started an operation: a Kafka topic, the timer scan, or the HTTP API (admin, supervisor). */
export type OperationOrigin = TopicName | 'timers' | 'http';

export interface OperationResult {
  decisions: RoutingDecision[];
  /** The engine refused the input (nothing changed but timers that were due). */
  refusal?: RoutingError;
}

/** Serialises every routing operation of a tenant across all routing instances (ADR 0001, 0009). */
export async function lockTenant(tx: Pick<Tx, 'manager'>, tenantId: string): Promise<void> {
  await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('garda-routing:' || $1))`, [tenantId]);
}

/**
 * Drives each tenant's RoutingEngine from routing's inputs. Every operation runs in the caller's
 * transaction: tenant lock, a current engine (rebuilt from the tables if another instance moved
 * on), the input with `now`, the decisions written to the tables and the outbox, a new revision.
 */
@Injectable()
export class RoutingService {
  readonly engines: TenantEngines;
  /** This instance's operations and the decisions they made, by origin (GET /routing/engine-stats). */
  readonly inputs: Partial<Record<OperationOrigin, { operations: number; decisions: number }>> = {};
  private readonly metrics: RoutingMetrics;

  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ServiceMetrics) metrics: ServiceMetrics,
  ) {
    this.engines = new TenantEngines(logger);
    this.metrics = createRoutingMetrics(metrics);
  }

  async operate(
    tx: Tx,
    tenantId: string,
    action: (engine: RoutingEngine, now: number, tenant: TenantEngine) => RoutingDecision[] | Promise<RoutingDecision[]>,
    options: { rebuild?: boolean; force?: boolean; origin?: OperationOrigin } = {},
  ): Promise<OperationResult & { tenant: TenantEngine }> {
    await lockTenant(tx, tenantId);
    const started = process.hrtime.bigint();
    const tenant = await this.engines.checkout(tx.manager, tenantId, options);
    const now = Math.max(Date.now(), tenant.engine.now());
    let decisions: RoutingDecision[];
    let refusal: RoutingError | undefined;
    try {
      decisions = await action(tenant.engine, now, tenant);
    } catch (error) {
      if (!isRoutingError(error)) throw error;
      refusal = error;
      // Timers that fired before the refusal still made decisions: they are handed out now.
      decisions = tenant.engine.tick(now);
    }
    const contactSeq = await new DecisionWriter(tx.manager, tx.publish, tenant).write(decisions);
    const counted = (this.inputs[options.origin ?? 'http'] ??= { operations: 0, decisions: 0 });
    counted.operations += 1;
    counted.decisions += decisions.length;
    observeRoutingOperation(this.metrics, tenant, decisions, Number(process.hrtime.bigint() - started) / 1e9, now);
    const nextTimer = tenant.engine.nextTimerAt();
    if (decisions.length > 0 || options.force || tenant.revision === undefined) {
      const revision = randomUUID();
      await tx.manager.query(
        `INSERT INTO "routing"."tenant_routing_state" ("tenant_id", "revision", "version", "clock", "contact_seq", "next_timer_at", "updated_at")
         VALUES ($1, $2, 1, $3, $4, $5, now())
         ON CONFLICT ("tenant_id") DO UPDATE SET "revision" = EXCLUDED."revision", "version" = "tenant_routing_state"."version" + 1,
           "clock" = EXCLUDED."clock", "contact_seq" = GREATEST("tenant_routing_state"."contact_seq", EXCLUDED."contact_seq"),
           "next_timer_at" = EXCLUDED."next_timer_at", "updated_at" = now()`,
        [tenantId, revision, tenant.engine.now(), contactSeq ?? 0, nextTimer === undefined ? null : new Date(nextTimer)],
      );
      this.engines.checkin(tenant, revision);
    } else {
      // Nothing changed; only a timer that turned out to be stale may have gone.
      await tx.manager.query(`UPDATE "routing"."tenant_routing_state" SET "next_timer_at" = $2 WHERE "tenant_id" = $1`, [
        tenantId,
        nextTimer === undefined ? null : new Date(nextTimer),
      ]);
      this.engines.checkin(tenant, tenant.revision);
    }
    return { decisions, refusal, tenant };
  }

  async requestRouting(request: RoutingRequestedV1, tx: Tx): Promise<void> {
    const result = await this.operate(
      tx,
      request.tenantId,
      async (engine, now, tenant) => {
        const queueId = this.resolveQueue(tenant, request.queue);
        if (!queueId) {
          this.logger.error({ tenantId: request.tenantId, queue: request.queue }, 'no queue to route to; configure a default queue');
          return engine.tick(now);
        }
        const requires = contactRequirement(request.requiredSkills);
        // Priority 0 is the contract's default: the queue's priority then applies.
        const explicitPriority = request.priority > 0 ? request.priority : undefined;
        const inserted = await queryRows(
          tx.manager,
          z.unknown(),
          `INSERT INTO "routing"."contact" ("id", "tenant_id", "conversation_id", "ticket_id", "customer_id", "customer_name", "channel",
           "queue_id", "required_skills", "requires", "priority", "explicit_priority", "preview", "status", "arrived_at", "queue_entered_at")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'waiting', $14, $15) ON CONFLICT ("id") DO NOTHING RETURNING "id"`,
          [
            request.contactId,
            request.tenantId,
            request.conversationId,
            request.ticketId,
            request.customerId,
            request.customerName ?? null,
            request.channel,
            queueId,
            JSON.stringify(request.requiredSkills),
            requires === undefined ? null : JSON.stringify(requires),
            explicitPriority ?? tenant.definitions.get(queueId)?.priority ?? 0,
            explicitPriority ?? null,
            request.preview ?? null,
            new Date(request.requestedAt),
            new Date(now),
          ],
        );
        if (inserted.length === 0) return engine.tick(now);
        return engine.addContact(
          {
            id: request.contactId,
            queueId,
            channel: request.channel,
            priority: explicitPriority,
            requires,
            preferredAgentId: request.preferredAgentId,
            arrivedAt: Math.min(new Date(request.requestedAt).getTime(), now),
          },
          now,
        );
      },
      { origin: Topics.RoutingRequested },
    );
    this.logRefusal(result.refusal, { contactId: request.contactId });
  }

  async respondToOffer(command: OfferRespondedV1, tx: Tx): Promise<void> {
    const result = await this.operate(
      tx,
      command.tenantId,
      (engine, now) =>
        command.response === 'accept'
          ? engine.acceptOffer(command.contactId, command.agentId, now)
          : engine.rejectOffer(command.contactId, command.agentId, now),
      { origin: Topics.OfferResponded },
    );
    this.logRefusal(result.refusal, { contactId: command.contactId, agentId: command.agentId, response: command.response });
  }

  async changeAgentState(command: AgentStateRequestedV1, tx: Tx): Promise<void> {
    const result = await this.operate(
      tx,
      command.tenantId,
      async (engine, now) => {
        // Remembered so that a disconnect from before this request, arriving late, does not undo it.
        await tx.manager.query(
          `UPDATE "routing"."agent_profile" SET "state_requested_at" = GREATEST(COALESCE("state_requested_at", $3), $3) WHERE "tenant_id" = $1 AND "agent_id" = $2`,
          [command.tenantId, command.agentId, new Date(command.requestedAt)],
        );
        return engine.setAgentState(command.agentId, command.state, now, command.reason);
      },
      { origin: Topics.AgentStateRequested },
    );
    if (result.refusal) {
      this.logger.warn({ agentId: command.agentId, code: result.refusal.code }, 'state change refused (no routing profile?)');
      return;
    }
    const told = result.decisions.some((d) => d.type === 'agent-state-changed' && d.agentId === command.agentId);
    if (told) return;
    // Already in that state: the desk still hears routing's answer, as it always has.
    const state = result.tenant.engine.agentView(command.agentId).state;
    await tx.publish(
      Topics.AgentStatusChanged,
      {
        tenantId: command.tenantId,
        agentId: command.agentId,
        state: state.status,
        reason: state.status === 'away' ? state.reason : command.reason,
        changedAt: new Date().toISOString(),
      },
      { tenantId: command.tenantId, key: command.tenantId },
    );
  }

  /**
   * The agent's last socket closed (the gateway waited out a short grace): offline at once, so
   * their pending offers and the contacts waiting for them go to other agents now rather than
   * when the offer times out. Users without a routing profile (supervisors) are not routing's concern.
   */
  async disconnectAgent(event: AgentDisconnectedV1, tx: Tx): Promise<void> {
    const profile = await queryRows(
      tx.manager,
      z.unknown(),
      `SELECT 1 FROM "routing"."agent_profile" WHERE "tenant_id" = $1 AND "agent_id" = $2`,
      [event.tenantId, event.agentId],
    );
    if (profile.length === 0) return;
    const result = await this.operate(
      tx,
      event.tenantId,
      async (engine, now) => {
        const [row] = await queryRows(
          tx.manager,
          z.object({ state_requested_at: z.date().nullable() }),
          `SELECT "state_requested_at" FROM "routing"."agent_profile" WHERE "tenant_id" = $1 AND "agent_id" = $2`,
          [event.tenantId, event.agentId],
        );
        if (row?.state_requested_at && row.state_requested_at.getTime() >= Date.parse(event.disconnectedAt)) {
          this.logger.info(
            { agentId: event.agentId, disconnectedAt: event.disconnectedAt },
            'stale disconnect ignored: the agent asked for a state since',
          );
          return engine.tick(now);
        }
        return engine.agentDisconnected(event.agentId, now);
      },
      { origin: Topics.AgentDisconnected },
    );
    this.logRefusal(result.refusal, { agentId: event.agentId });
  }

  /** The conversation ended: an assigned contact completes; one still waiting or offered is abandoned. */
  async completeConversation(event: ConversationClosedV1, tx: Tx): Promise<void> {
    const contactId = event.contactId;
    if (!contactId) return;
    const result = await this.operate(
      tx,
      event.tenantId,
      (engine, now) => {
        const contact = engine.contactView(contactId);
        if (!contact) return engine.tick(now);
        return contact.status === 'assigned' ? engine.completeContact(contactId, now) : engine.abandonContact(contactId, now);
      },
      { origin: Topics.ConversationClosed },
    );
    this.logRefusal(result.refusal, { contactId });
  }

  /** Fires the tenant's due timers (offer timeouts, relaxation steps, max waits, after-contact work). */
  async fireTimers(tenantId: string, tx: Tx): Promise<OperationResult> {
    return this.operate(tx, tenantId, (engine, now) => engine.tick(now), { origin: 'timers' });
  }

  private resolveQueue(tenant: TenantEngine, name: string | undefined): string | undefined {
    if (name) {
      const id = tenant.queueIdByName.get(name);
      if (id) return id;
    }
    return [...tenant.queues.values()].find((q) => q.is_default)?.id;
  }

  private logRefusal(refusal: RoutingError | undefined, context: Record<string, unknown>): void {
    if (refusal) this.logger.info({ ...context, code: refusal.code, reason: refusal.message }, 'routing input refused; nothing changed');
  }
}
