import { baseConfigShape, messagingTablesMigrationFor, retentionPolicyTableMigrationFor, type ServiceDefinition } from '@garda/service-kit';
import { ConversationEntity } from './conversations/conversation.entity';
import { MessageEntity } from './conversations/message.entity';
import { TicketEntity } from './conversations/ticket.entity';
import { TicketsModule } from './conversations/tickets.module';
import { CreateTickets1732400000000 } from './migrations/1732400000000-create-tickets';

export const ticketsService: ServiceDefinition<typeof baseConfigShape> = {
  name: 'tickets',
  description: 'Tickets, conversations and their messages; threading and routing requests',
  configShape: baseConfigShape,
  entities: [TicketEntity, ConversationEntity, MessageEntity],
  migrations: [
    messagingTablesMigrationFor('tickets'),
    CreateTickets1732400000000,
    retentionPolicyTableMigrationFor('tickets', 1796279246280),
  ],
  appModule: TicketsModule,
};
