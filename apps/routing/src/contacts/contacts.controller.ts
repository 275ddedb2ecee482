import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import type { RoutingDecision, RoutingError, TransferTarget } from '@garda/routing-engine';
import { CurrentUser, Roles, ZodValidationPipe, zodBody } from '@garda/service-kit';
import { type Assign, AssignSchema, ContactStatusQuerySchema, type Transfer, TransferSchema } from '../admin/admin.schemas';
import { RoutingService } from '../routing/routing.service';
import { UnitOfWork } from '@garda/messaging';
import { DataSource } from 'typeorm';

/** A refusal of the engine as the HTTP answer a supervisor understands. */
function refusalToHttp(refusal: RoutingError): Error {
  switch (refusal.code) {
    case 'unknown-contact':
    case 'unknown-agent':
    case 'unknown-queue':
      return new NotFoundException(refusal.message);
    case 'invalid-argument':
    case 'invalid-definition':
      return new BadRequestException(refusal.message);
    case 'agent-at-capacity':
    case 'agent-offline':
    case 'contact-already-assigned':
    case 'contact-not-assigned':
    case 'duplicate-contact':
    case 'invalid-transfer':
    case 'offer-not-pending':
    case 'queue-not-empty':
    case 'wrong-agent':
      return new ConflictException(refusal.message);
  }
}

const summary = (decisions: RoutingDecision[]) =>
  decisions.map((d) => ({
    type: d.type,
    contactId: 'contactId' in d ? d.contactId : undefined,
    agentId: 'agentId' in d ? d.agentId : undefined,
  }));

/** Contacts in routing: who waits where, and a supervisor's transfers and manual assignments. */
@ApiTags('routing contacts')
@ApiBearerAuth()
@Controller()
export class ContactsController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(RoutingService) private readonly routing: RoutingService,
  ) {}

  @Get('contacts')
  @Roles('supervisor')
  async contacts(
    @CurrentUser() user: AuthClaims,
    @Query('status', new ZodValidationPipe(ContactStatusQuerySchema)) status?: 'waiting' | 'offered' | 'assigned',
  ) {
    return this.dataSource.query(
      `SELECT c."id", c."conversation_id" AS "conversationId", c."customer_name" AS "customerName", c."channel", c."status", q."name" AS "queue",
              c."priority", c."arrived_at" AS "arrivedAt", c."queue_entered_at" AS "queueEnteredAt", c."step" AS "requirementStep",
              COALESCE(o."agent_id", a."agent_id") AS "agentId", o."expires_at" AS "offerExpiresAt", c."preferred_agent_id" AS "preferredAgentId"
       FROM "routing"."contact" c JOIN "routing"."queue" q ON q."id" = c."queue_id"
       LEFT JOIN "routing"."offer" o ON o."contact_id" = c."id" AND o."status" = 'pending'
       LEFT JOIN "routing"."assignment" a ON a."contact_id" = c."id" AND a."released_at" IS NULL
       WHERE c."tenant_id" = $1 AND c."status" = ANY($2)
       ORDER BY c."priority" DESC, c."arrived_at" LIMIT 1000`,
      [user.tenantId, status ? [status] : ['waiting', 'offered', 'assigned']],
    );
  }

  /** To another queue, to an agent (offered to them alone for a while), or both. */
  @Post('contacts/:id/transfer')
  @HttpCode(200)
  @Roles('supervisor')
  async transfer(
    @CurrentUser() user: AuthClaims,
    @Param('id', new ParseUUIDPipe()) contactId: string,
    @Body(zodBody(TransferSchema)) body: Transfer,
  ) {
    const result = await this.unitOfWork.run((tx) =>
      this.routing.operate(tx, user.tenantId, (engine, now, tenant) => {
        const queueId = body.queue === undefined ? undefined : tenant.queueIdByName.get(body.queue);
        if (body.queue !== undefined && queueId === undefined) throw new NotFoundException(`Queue ${body.queue} does not exist`);
        const target: TransferTarget = body.agentId
          ? { agentId: body.agentId, queueId, timeoutSeconds: body.timeoutSeconds }
          : { queueId: queueId! };
        return engine.transfer(contactId, target, now);
      }),
    );
    if (result.refusal) throw refusalToHttp(result.refusal);
    return { contactId, decisions: summary(result.decisions) };
  }

  /** Hands a waiting or offered contact to an agent, skills aside; never over the agent's capacity. */
  @Post('contacts/:id/assign')
  @HttpCode(200)
  @Roles('supervisor')
  async assign(
    @CurrentUser() user: AuthClaims,
    @Param('id', new ParseUUIDPipe()) contactId: string,
    @Body(zodBody(AssignSchema)) body: Assign,
  ) {
    const result = await this.unitOfWork.run((tx) =>
      this.routing.operate(tx, user.tenantId, (engine, now) => engine.assignManually(contactId, body.agentId, now)),
    );
    if (result.refusal) throw refusalToHttp(result.refusal);
    return { contactId, agentId: body.agentId, decisions: summary(result.decisions) };
  }

  /**
   * This instance's engine work, for operators (and the two-instance test): operations, engine
   * rebuilds, corrected loads, and operations and decisions by origin — each Kafka topic, the
   * timer scan, the HTTP API — so Kafka-driven routing can be told apart from admin calls.
   */
  @Get('routing/engine-stats')
  @Roles('supervisor')
  engineStats() {
    return { ...this.routing.engines.stats, inputs: this.routing.inputs };
  }
}
