import { Module } from '@nestjs/common';
import { RoutingAdminController } from '../admin/routing-admin.controller';
import { SkillsController } from '../admin/skills.controller';
import { ContactsController } from '../contacts/contacts.controller';
import { AgentDeskController } from '../desk/agent-desk.controller';
import { RoutingPrivacyModule } from '../privacy/routing-privacy.module';
import { RoutingHandlers } from './routing.handlers';
import { RoutingService } from './routing.service';

@Module({
  imports: [RoutingPrivacyModule],
  controllers: [RoutingAdminController, SkillsController, ContactsController, AgentDeskController, RoutingHandlers],
  providers: [RoutingService],
})
export class RoutingModule {}
