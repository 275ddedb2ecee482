import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Topics } from '@garda/contracts';
import { LOGGER, SERVICE_RUNTIME, type ServiceRuntime } from '@garda/service-kit';
import type { Logger } from 'pino';
import { RoutingService } from './routing.service';

const TIMER_SCAN_INTERVAL_MS = 250;
/**
 * A tenant's timers are fired by the instance holding its current engine; any other instance
 * steps in once they are this late (that instance died, or lost the tenant in a rebalance), so
 * timers are never lost and engines are not rebuilt back and forth between instances.
 */
const TAKEOVER_GRACE_MS = 1000;

/** Wires routing's inputs (Kafka commands and events, the engine timers) to RoutingService. */
@Injectable()
export class RoutingHandlers implements OnModuleInit, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private scanning = false;

  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(RoutingService) private readonly routing: RoutingService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const { consumer } = this.runtime;
    consumer.on(Topics.RoutingRequested, (request, tx) => this.routing.requestRouting(request, tx));
    consumer.on(Topics.OfferResponded, (command, tx) => this.routing.respondToOffer(command, tx));
    consumer.on(Topics.AgentStateRequested, (command, tx) => this.routing.changeAgentState(command, tx));
    consumer.on(Topics.AgentDisconnected, (event, tx) => this.routing.disconnectAgent(event, tx));
    consumer.on(Topics.ConversationClosed, (event, tx) => this.routing.completeConversation(event, tx));
    this.timer = setInterval(() => void this.fireDueTimers(), TIMER_SCAN_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Any routing instance may fire timers: the tenant lock and the revision check make it safe. */
  private async fireDueTimers(): Promise<void> {
    if (this.scanning) return;
    this.scanning = true;
    try {
      const now = Date.now();
      const due = (await this.runtime.dataSource.query(
        `SELECT "tenant_id", "revision", "next_timer_at" FROM "routing"."tenant_routing_state" WHERE "next_timer_at" <= $1 ORDER BY "next_timer_at" LIMIT 100`,
        [new Date(now)],
      )) as Array<{ tenant_id: string; revision: string; next_timer_at: Date }>;
      for (const tenant of due) {
        const late = now - new Date(tenant.next_timer_at).getTime();
        if (!this.routing.engines.holdsCurrent(tenant.tenant_id, tenant.revision) && late < TAKEOVER_GRACE_MS) continue;
        await this.runtime.unitOfWork.run((tx) => this.routing.fireTimers(tenant.tenant_id, tx));
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'timer scan failed; will retry');
    } finally {
      this.scanning = false;
    }
  }
}
