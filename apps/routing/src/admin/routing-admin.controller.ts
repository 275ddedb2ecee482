import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { ConflictError, CurrentUser, NotFoundError, Roles, ZodValidationPipe, zodBody } from '@garda/service-kit';
import { lockTenant, RoutingService } from '../routing/routing.service';
import { type AgentProfile, AgentProfileSchema, type QueueDefinition, QueueDefinitionSchema, QueueNameSchema } from './admin.schemas';
import { RoutingConfigRepository } from './routing-config.repository';
import { SkillCatalogueRepository, skillsIn } from './skill-catalogue.repository';
import { UnitOfWork } from '@garda/messaging';
import { DataSource } from 'typeorm';

/**
 * Queues and agents' routing profiles: read by supervisors, changed by admins. A change is one
 * routing operation: the rows are written under the tenant lock, the engine is rebuilt from them
 * and re-files what the change affects (waiting contacts of a queue, an agent with new room).
 */
@ApiTags('routing admin')
@ApiBearerAuth()
@Controller()
export class RoutingAdminController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(RoutingService) private readonly routing: RoutingService,
    @Inject(RoutingConfigRepository) private readonly config: RoutingConfigRepository,
    @Inject(SkillCatalogueRepository) private readonly catalogue: SkillCatalogueRepository,
  ) {}

  @Get('queues')
  @Roles('supervisor')
  async queues(@CurrentUser() user: AuthClaims) {
    return this.config.listQueues(this.dataSource.manager, user.tenantId);
  }

  @Put('queues/:name')
  @Roles('admin')
  async putQueue(
    @CurrentUser() user: AuthClaims,
    @Param('name', new ZodValidationPipe(QueueNameSchema)) name: string,
    @Body(zodBody(QueueDefinitionSchema)) body: QueueDefinition,
  ) {
    return this.unitOfWork.run(async (tx) => {
      await lockTenant(tx, user.tenantId);
      await this.catalogue.requireCatalogued(tx.manager, user.tenantId, body.requirements ? 'requirements' : 'requiredSkills', [
        ...body.requiredSkills.map((required) => required.skill),
        ...(body.requirements ?? []).flatMap((step) => skillsIn(step.requires)),
      ]);
      const saved = await this.config.upsertQueue(tx.manager, user.tenantId, name, body);
      // Rebuilt from the new rows, the engine re-files the queue's contacts under the new definition.
      await this.routing.operate(tx, user.tenantId, (engine, now, tenant) => engine.upsertQueue(tenant.definitions.get(saved.id)!, now), {
        rebuild: true,
        force: true,
      });
      return saved;
    });
  }

  @Get('agents')
  @Roles('supervisor')
  async agents(@CurrentUser() user: AuthClaims) {
    return this.config.listAgents(this.dataSource.manager, user.tenantId);
  }

  @Put('agents/:agentId/profile')
  @Roles('admin')
  async putAgentProfile(
    @CurrentUser() user: AuthClaims,
    @Param('agentId', new ParseUUIDPipe()) agentId: string,
    @Body(zodBody(AgentProfileSchema)) body: AgentProfile,
  ) {
    await this.unitOfWork.run(async (tx) => {
      await lockTenant(tx, user.tenantId);
      await this.catalogue.requireCatalogued(tx.manager, user.tenantId, 'skills', Object.keys(body.skills));
      await this.config.upsertAgentProfile(tx.manager, user.tenantId, agentId, body);
      // An agent with more room (or new queues) may take waiting contacts right away.
      await this.routing.operate(tx, user.tenantId, (engine, now, tenant) => engine.upsertAgent(tenant.profiles.get(agentId)!, now), {
        rebuild: true,
        force: true,
      });
    });
    return { agentId, ...body };
  }

  /** Refused (409) while the queue holds contacts, is the default, or is another queue's overflow. */
  @Delete('queues/:name')
  @HttpCode(204)
  @Roles('admin')
  async deleteQueue(@CurrentUser() user: AuthClaims, @Param('name', new ZodValidationPipe(QueueNameSchema)) name: string): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      await lockTenant(tx, user.tenantId);
      const removed = await this.config.deleteQueue(tx.manager, user.tenantId, name);
      if (!removed) throw new NotFoundError(`Queue ${name} does not exist`);
      // Rebuilt from the rows, the engine no longer has the queue; agents who served it serve the others.
      await this.routing.operate(tx, user.tenantId, (engine, now) => engine.tick(now), { rebuild: true, force: true });
    });
  }

  /** Refused (409) while the agent holds contacts; pending offers go to other agents. */
  @Delete('agents/:agentId/profile')
  @HttpCode(204)
  @Roles('admin')
  async deleteAgentProfile(@CurrentUser() user: AuthClaims, @Param('agentId', new ParseUUIDPipe()) agentId: string): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      await lockTenant(tx, user.tenantId);
      if (!(await this.config.hasAgentProfile(tx.manager, user.tenantId, agentId))) {
        throw new NotFoundError(`Agent ${agentId} has no routing profile`);
      }
      // The engine takes the agent offline and re-routes their pending offers, or refuses if they hold contacts.
      const result = await this.routing.operate(tx, user.tenantId, (engine, now) => engine.removeAgent(agentId, now), { force: true });
      if (result.refusal && result.refusal.code !== 'unknown-agent') {
        const held = result.tenant.engine.agentView(agentId).assignedContactIds.length;
        throw new ConflictError(
          `The agent holds ${held} contact(s): they must be completed or transferred before the profile can be deleted`,
        );
      }
      await this.config.deleteAgentProfile(tx.manager, user.tenantId, agentId);
      // The cached engine was built with the profile's row; the next operation rebuilds without it.
      this.routing.engines.forget(user.tenantId);
    });
  }
}
