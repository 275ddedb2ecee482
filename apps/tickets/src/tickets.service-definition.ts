import { messagingTablesMigrationFor, retentionPolicyTableMigrationFor, type ServiceDefinition } from '@garda/service-kit';
import { ConversationEntity } from './conversations/conversation.entity';
import { MessageEntity } from './conversations/message.entity';
import { TicketEntity } from './conversations/ticket.entity';
import { TicketsModule } from './conversations/tickets.module';
import { TicketHistoryEntity } from './lifecycle/ticket-history.entity';
import { CreateTickets1732400000000 } from './migrations/1732400000000-create-tickets';
import { TicketLifecycle1796278251256 } from './migrations/1796278251256-ticket-lifecycle';
import { TicketViewsAndSearch1796279397937 } from './migrations/1796279397937-ticket-views-and-search';
import { TicketSettingsEntity } from './settings/ticket-settings.entity';
import { ticketsConfigShape } from './tickets.config';

export const ticketsService: ServiceDefinition<typeof ticketsConfigShape> = {
  name: 'tickets',
  description:
    'Tickets from the first message to closed: lifecycle, history, timers, conversations and their messages; threading and routing requests',
  configShape: ticketsConfigShape,
  entities: [TicketEntity, ConversationEntity, MessageEntity, TicketHistoryEntity, TicketSettingsEntity],
  migrations: [
    messagingTablesMigrationFor('tickets'),
    CreateTickets1732400000000,
    TicketLifecycle1796278251256,
    retentionPolicyTableMigrationFor('tickets', 1796279246280),
    TicketViewsAndSearch1796279397937,
  ],
  appModule: TicketsModule,
};
