import {
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Put,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { CurrentUser, Roles, ZodValidationPipe, zodBody } from '@garda/service-kit';
import { lockTenant, RoutingService } from '../routing/routing.service';
import { type AgentProfile, AgentProfileSchema, type QueueDefinition, QueueDefinitionSchema, QueueNameSchema } from './admin.schemas';
import { deleteAgentProfile, deleteQueue, upsertAgentProfile, upsertQueue } from './routing-config.repository';
import { requireCatalogued, skillsIn } from './skill-catalogue.repository';
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
  ) {}

  @Get('queues')
  @Roles('supervisor')
  async queues(@CurrentUser() user: AuthClaims) {
    return this.dataSource.query(
      `SELECT q."id", q."name", q."required_skills" AS "requiredSkills", q."relaxation" AS "requirements", q."priority", q."is_default" AS "isDefault",
              q."strategy", q."offer_timeout_seconds" AS "offerTimeoutSeconds", q."service_level_percent" AS "serviceLevelPercent",
              q."service_level_seconds" AS "serviceLevelSeconds", q."max_wait_seconds" AS "maxWaitSeconds", q."overflow_queue" AS "overflowQueue",
              q."after_contact_work_seconds" AS "afterContactWorkSeconds", q."counters",
              (SELECT count(*)::int FROM "routing"."contact" c WHERE c."queue_id" = q."id" AND c."status" IN ('waiting', 'offered')) AS "waiting"
       FROM "routing"."queue" q WHERE q."tenant_id" = $1 ORDER BY q."name"`,
      [user.tenantId],
    );
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
      await requireCatalogued(tx.manager, user.tenantId, [
        ...body.requiredSkills.map((required) => required.skill),
        ...(body.requirements ?? []).flatMap((step) => skillsIn(step.requires)),
      ]);
      const saved = await upsertQueue(tx.manager, user.tenantId, name, body);
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
    return this.dataSource.query(
      `SELECT p."agent_id" AS "agentId", p."name", p."skills", p."queues", p."cross_channel" AS "crossChannel", p."state", p."state_reason" AS "stateReason",
              p."state_since" AS "stateSince", p."missed_offers" AS "missedOffers",
              COALESCE(jsonb_object_agg(l."channel", jsonb_build_object('capacity', l."capacity", 'used', l."reserved"))
                FILTER (WHERE l."channel" IS NOT NULL), '{}') AS "load"
       FROM "routing"."agent_profile" p LEFT JOIN "routing"."agent_channel_load" l ON l."agent_id" = p."agent_id"
       WHERE p."tenant_id" = $1 GROUP BY p."agent_id" ORDER BY p."name"`,
      [user.tenantId],
    );
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
      await requireCatalogued(tx.manager, user.tenantId, Object.keys(body.skills));
      await upsertAgentProfile(tx.manager, user.tenantId, agentId, body);
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
      const removed = await deleteQueue(tx.manager, user.tenantId, name);
      if (!removed) throw new NotFoundException(`Queue ${name} does not exist`);
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
      const [profile] = (await tx.manager.query(`SELECT 1 FROM "routing"."agent_profile" WHERE "tenant_id" = $1 AND "agent_id" = $2`, [
        user.tenantId,
        agentId,
      ])) as unknown[];
      if (!profile) throw new NotFoundException(`Agent ${agentId} has no routing profile`);
      // The engine takes the agent offline and re-routes their pending offers, or refuses if they hold contacts.
      const result = await this.routing.operate(tx, user.tenantId, (engine, now) => engine.removeAgent(agentId, now), { force: true });
      if (result.refusal && result.refusal.code !== 'unknown-agent') {
        const held = result.tenant.engine.agentView(agentId).assignedContactIds.length;
        throw new ConflictException(
          `The agent holds ${held} contact(s): they must be completed or transferred before the profile can be deleted`,
        );
      }
      await deleteAgentProfile(tx.manager, user.tenantId, agentId);
      // The cached engine was built with the profile's row; the next operation rebuilds without it.
      this.routing.engines.forget(user.tenantId);
    });
  }
}
