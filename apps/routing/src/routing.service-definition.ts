import { baseConfigShape, messagingTablesMigrationFor, type ServiceDefinition } from '@garda/service-kit';
import { CreateRouting1732400000000 } from './migrations/1732400000000-create-routing';
import { RoutingEngineState1732500000000 } from './migrations/1732500000000-engine-state';
import { AgentStateRequestedAt1732600000000 } from './migrations/1732600000000-agent-state-requested-at';
import { SkillCatalogue1732700000000 } from './migrations/1732700000000-skill-catalogue';
import { HistoryOutlivesConfiguration1732700001000 } from './migrations/1732700001000-history-outlives-configuration';
import { RoutingModule } from './routing/routing.module';
import { seedDemoRouting } from './seed/demo-seed';

export const routingService: ServiceDefinition<typeof baseConfigShape> = {
  name: 'routing',
  description: 'Queues, agents’ routing profiles, offers and assignments by skill and load',
  configShape: baseConfigShape,
  entities: [],
  migrations: [
    messagingTablesMigrationFor('routing'),
    CreateRouting1732400000000,
    RoutingEngineState1732500000000,
    AgentStateRequestedAt1732600000000,
    SkillCatalogue1732700000000,
    HistoryOutlivesConfiguration1732700001000,
  ],
  appModule: RoutingModule,
  seed: (runtime) => seedDemoRouting(runtime.dataSource),
};
