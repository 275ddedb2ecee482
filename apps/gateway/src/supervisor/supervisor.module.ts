import { Inject, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { SocketRooms } from '@garda/contracts';
import { LOGGER } from '@garda/service-kit';
import type { Logger } from 'pino';
import { AgentSocketGateway } from '../realtime/agent-socket.gateway';
import { RealtimeModule } from '../realtime/realtime.module';
import { AnalyticsWallboard } from './analytics-wallboard';
import { SupervisorController } from './supervisor.controller';
import { WallboardReaderModule } from './wallboard-reader.module';
import { WallboardRefresher } from './wallboard-refresher';

const REFRESH_MS = 5000;

/**
 * Supervisor views (wallboard): the analytics service's real-time figures, over HTTP and pushed on
 * the supervisors' sockets after events (SnapshotPusher) and every few seconds (WallboardRefresher).
 */
@Module({
  imports: [RealtimeModule, WallboardReaderModule],
  controllers: [SupervisorController],
})
export class SupervisorModule implements OnModuleInit, OnModuleDestroy {
  private refresher?: WallboardRefresher;

  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(AnalyticsWallboard) private readonly analytics: AnalyticsWallboard,
    @Inject(AgentSocketGateway) private readonly sockets: AgentSocketGateway,
  ) {}

  onModuleInit(): void {
    this.refresher = new WallboardRefresher(
      this.analytics,
      () => this.sockets.server?.sockets.adapter.rooms ?? new Map(),
      (tenantId, snapshot) => this.sockets.server.local.to(SocketRooms.supervisors(tenantId)).emit('supervisor:snapshot', snapshot),
      this.logger.child({ component: 'wallboard-refresh' }),
      REFRESH_MS,
    );
    this.refresher.start();
  }

  onModuleDestroy(): void {
    this.refresher?.stop();
  }
}
