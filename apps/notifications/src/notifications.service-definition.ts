import { messagingTablesMigrationFor, type ServiceDefinition } from '@garda/service-kit';
import { CreateNotifications1732600000000 } from './migrations/1732600000000-create-notifications';
import { SealWebhookSecrets1732700000000 } from './migrations/1732700000000-seal-webhook-secrets';
import { notificationsConfigShape } from './notifications.config';
import { NotificationsModule } from './notifications.module';

export const notificationsService: ServiceDefinition<typeof notificationsConfigShape> = {
  name: 'notifications',
  description: 'Outbound notices: CSAT surveys, SLA alerts and signed outbound webhooks',
  configShape: notificationsConfigShape,
  entities: [],
  migrations: [messagingTablesMigrationFor('notifications'), CreateNotifications1732600000000, SealWebhookSecrets1732700000000],
  appModule: NotificationsModule,
};
