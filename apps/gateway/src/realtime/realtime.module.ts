import { Module } from '@nestjs/common';
import { RateLimitsModule, SERVICE_RUNTIME, type ServiceRuntime } from '@garda/service-kit';
import { WallboardReaderModule } from '../supervisor/wallboard-reader.module';
import { AgentCommands } from './agent-commands';
import { AgentSocketGateway } from './agent-socket.gateway';
import { DisconnectNotifier } from './disconnect-notifier';
import { EventFanout } from './event-fanout';
import { TypingCommands } from './typing-commands';

@Module({
  imports: [WallboardReaderModule, RateLimitsModule],
  providers: [
    { provide: AgentCommands, inject: [SERVICE_RUNTIME], useFactory: (runtime: ServiceRuntime) => new AgentCommands(runtime.unitOfWork) },
    { provide: TypingCommands, inject: [SERVICE_RUNTIME], useFactory: (runtime: ServiceRuntime) => new TypingCommands(runtime.publisher) },
    {
      provide: DisconnectNotifier,
      inject: [SERVICE_RUNTIME],
      useFactory: (runtime: ServiceRuntime) =>
        new DisconnectNotifier(runtime.unitOfWork, runtime.logger.child({ component: 'disconnects' })),
    },
    AgentSocketGateway,
    EventFanout,
  ],
  exports: [AgentSocketGateway],
})
export class RealtimeModule {}
