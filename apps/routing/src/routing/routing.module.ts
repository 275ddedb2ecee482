import { Module } from '@nestjs/common';
import { RoutingAdminController } from '../admin/routing-admin.controller';
import { ContactsController } from '../contacts/contacts.controller';
import { AgentDeskController } from '../desk/agent-desk.controller';
import { RoutingHandlers } from './routing.handlers';
import { RoutingService } from './routing.service';

@Module({ controllers: [RoutingAdminController, ContactsController, AgentDeskController], providers: [RoutingService, RoutingHandlers] })
export class RoutingModule {}
