import { Controller, Inject, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  type AgentDisconnectedV1,
  type AgentStateRequestedV1,
  type ConversationClosedV1,
  type OfferRespondedV1,
  type RoutingRequestedV1,
  Topics,
} from '@garda/contracts';
import { UnitOfWork } from '@garda/messaging';
import { EventPattern, LOGGER, queryRows, type EventContext } from '@garda/service-kit';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { TenantTimerScan } from '../timers/tenant-timer-scan';
import { RoutingService } from './routing.service';
import { z } from 'zod';
const TIMER_SCAN_INTERVAL_MS = 250;
/**
 * A tenant's timers are fired by the instance holding its current engine; any other instance
 * steps in once they are this late (that instance died, or lost the tenant in a rebalance), so
 * timers are never lost and engines are not rebuilt back and forth between instances.
 */
const TAKEOVER_GRACE_MS = 1000;

/** Wires routing's inputs (Kafka commands and events, the engine timers) to RoutingService. */
@Controller()
export class RoutingHandlers implements OnModuleInit, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private readonly timers: TenantTimerScan;

  constructor(
    @Inject(RoutingService) private readonly routing: RoutingService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(LOGGER) logger: Logger,
  ) {
    // Any routing instance may fire timers: the tenant lock and the revision check make it safe.
    this.timers = new TenantTimerScan({
      logger,
      dueTenants: async (now, exclude, limit) =>
        await queryRows(
          this.dataSource,
          z.object({ tenant_id: z.string(), revision: z.string(), next_timer_at: z.date() }),
          `SELECT "tenant_id", "revision", "next_timer_at" FROM "routing"."tenant_routing_state"
           WHERE "next_timer_at" <= $1 AND NOT ("tenant_id" = ANY($2::uuid[])) ORDER BY "next_timer_at" LIMIT $3`,
          [now, exclude, limit],
        ),
      shouldFire: (tenant, now) =>
        this.routing.engines.holdsCurrent(tenant.tenant_id, tenant.revision) ||
        now - new Date(tenant.next_timer_at).getTime() >= TAKEOVER_GRACE_MS,
      fire: async (tenantId) => {
        await this.unitOfWork.run((tx) => this.routing.fireTimers(tenantId, tx));
      },
    });
  }

  @EventPattern(Topics.RoutingRequested)
  routingRequested(@Payload() request: RoutingRequestedV1, @Ctx() tx: EventContext) {
    return this.routing.requestRouting(request, tx);
  }

  @EventPattern(Topics.OfferResponded)
  offerResponded(@Payload() command: OfferRespondedV1, @Ctx() tx: EventContext) {
    return this.routing.respondToOffer(command, tx);
  }

  @EventPattern(Topics.AgentStateRequested)
  agentStateRequested(@Payload() command: AgentStateRequestedV1, @Ctx() tx: EventContext) {
    return this.routing.changeAgentState(command, tx);
  }

  @EventPattern(Topics.AgentDisconnected)
  agentDisconnected(@Payload() event: AgentDisconnectedV1, @Ctx() tx: EventContext) {
    return this.routing.disconnectAgent(event, tx);
  }

  @EventPattern(Topics.ConversationClosed)
  conversationClosed(@Payload() event: ConversationClosedV1, @Ctx() tx: EventContext) {
    return this.routing.completeConversation(event, tx);
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.timers.scan(), TIMER_SCAN_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.timers.drain();
  }
}
