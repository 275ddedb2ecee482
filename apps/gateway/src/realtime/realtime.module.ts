import { Module } from '@nestjs/common';
import { EventPublisher, UnitOfWork } from '@garda/messaging';
import { LOGGER, RateLimitsModule } from '@garda/service-kit';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { WallboardReaderModule } from '../supervisor/wallboard-reader.module';
import { AgentCommands } from './agent-commands';
import { AgentSocketGateway } from './agent-socket.gateway';
import { DisconnectNotifier } from './disconnect-notifier';
import { EventFanout } from './event-fanout';
import { PresenceLease } from './presence/presence-lease';
import { TypingCommands } from './typing-commands';

@Module({
  imports: [WallboardReaderModule, RateLimitsModule],
  controllers: [EventFanout],
  providers: [
    { provide: AgentCommands, inject: [UnitOfWork], useFactory: (unitOfWork: UnitOfWork) => new AgentCommands(unitOfWork) },
    { provide: TypingCommands, inject: [EventPublisher], useFactory: (publisher: EventPublisher) => new TypingCommands(publisher) },
    {
      provide: DisconnectNotifier,
      inject: [UnitOfWork, LOGGER],
      useFactory: (unitOfWork: UnitOfWork, logger: Logger) =>
        new DisconnectNotifier(unitOfWork, logger.child({ component: 'disconnects' })),
    },
    {
      provide: PresenceLease,
      inject: [DataSource, UnitOfWork, LOGGER],
      useFactory: (dataSource: DataSource, unitOfWork: UnitOfWork, logger: Logger) =>
        new PresenceLease(dataSource, unitOfWork, logger.child({ component: 'presence' })),
    },
    AgentSocketGateway,
  ],
  exports: [AgentSocketGateway],
})
export class RealtimeModule {}
