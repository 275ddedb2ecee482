import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { CurrentUser, Roles, SERVICE_RUNTIME, type ServiceRuntime, ZodValidationPipe, zodBody } from '@garda/service-kit';
import { lockTenant, RoutingService } from '../routing/routing.service';
import { type AgentProfile, AgentProfileSchema, type QueueDefinition, QueueDefinitionSchema, QueueNameSchema } from './admin.schemas';
import { upsertAgentProfile, upsertQueue } from './routing-config.repository';

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
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(RoutingService) private readonly routing: RoutingService,
  ) {}

  @Get('queues')
  @Roles('supervisor')
  async queues(@CurrentUser() user: AuthClaims) {
    return this.runtime.dataSource.query(
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
    return this.runtime.unitOfWork.run(async (tx) => {
      await lockTenant(tx, user.tenantId);
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
    return this.runtime.dataSource.query(
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
    await this.runtime.unitOfWork.run(async (tx) => {
      await lockTenant(tx, user.tenantId);
      await upsertAgentProfile(tx.manager, user.tenantId, agentId, body);
      // An agent with more room (or new queues) may take waiting contacts right away.
      await this.routing.operate(tx, user.tenantId, (engine, now, tenant) => engine.upsertAgent(tenant.profiles.get(agentId)!, now), {
        rebuild: true,
        force: true,
      });
    });
    return { agentId, ...body };
  }
}
