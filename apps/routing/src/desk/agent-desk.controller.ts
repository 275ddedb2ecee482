import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import type { RoutingError, TransferTarget } from '@garda/routing-engine';
import { CurrentUser, queryRows, zodBody } from '@garda/service-kit';
import { z } from 'zod';
import { lockTenant, RoutingService } from '../routing/routing.service';
import { UnitOfWork } from '@garda/messaging';
import { DataSource } from 'typeorm';

const AgentTransferSchema = z
  .strictObject({ queue: z.string().trim().min(1).max(100).optional(), agentId: z.uuid().optional() })
  .refine((body) => body.queue !== undefined || body.agentId !== undefined, 'give a queue, an agentId, or both');
type AgentTransfer = z.infer<typeof AgentTransferSchema>;

/** The engine's refusal as an answer the desk can show (unknown target 404, bad input 400, a rule 409). */
function refusal(error: RoutingError): Error {
  if (error.code.startsWith('unknown-')) return new NotFoundException(error.message);
  if (error.code === 'invalid-argument' || error.code === 'invalid-definition') return new BadRequestException(error.message);
  return new ConflictException(error.message);
}

/**
 * What an agent's own desk asks routing for: the caller's pending offers (so a desk that was
 * disconnected when an offer went out still shows it), the caller's state with the end of
 * after-contact work, whom a contact can be handed to, and a transfer of the caller's OWN contact.
 * Every answer is about the token's user in the token's tenant; nothing here takes another agent's id.
 */
@ApiTags('agent desk')
@ApiBearerAuth()
@Controller('me')
export class AgentDeskController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(RoutingService) private readonly routing: RoutingService,
  ) {}

  /** The caller's pending offers, shaped like routing.offer-made.v1 (what the socket pushes). */
  @Get('offers')
  async offers(@CurrentUser() user: AuthClaims) {
    const rows = await queryRows(
      this.dataSource,
      z.looseObject({ customerName: z.string().nullable(), preview: z.string().nullable(), offeredAt: z.date(), expiresAt: z.date() }),
      `SELECT o."id" AS "offerId", o."contact_id" AS "contactId", c."conversation_id" AS "conversationId", c."ticket_id" AS "ticketId",
              c."customer_id" AS "customerId", c."customer_name" AS "customerName", o."agent_id" AS "agentId", q."id" AS "queueId",
              q."name" AS "queueName", c."channel", c."preview", o."offered_at" AS "offeredAt", o."expires_at" AS "expiresAt"
       FROM "routing"."offer" o JOIN "routing"."contact" c ON c."id" = o."contact_id" JOIN "routing"."queue" q ON q."id" = c."queue_id"
       WHERE o."tenant_id" = $1 AND o."agent_id" = $2 AND o."status" = 'pending' AND o."expires_at" > now()
       ORDER BY o."offered_at"`,
      [user.tenantId, user.sub],
    );
    return rows.map(({ customerName, preview, offeredAt, expiresAt, ...offer }) => ({
      tenantId: user.tenantId,
      ...offer,
      ...(customerName ? { customerName } : {}),
      ...(preview ? { preview } : {}),
      offeredAt: offeredAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
    }));
  }

  /** The caller's state as routing holds it; `until` ends after-contact work (routing's timer). */
  @Get('state')
  async state(@CurrentUser() user: AuthClaims) {
    const [row] = await queryRows(
      this.dataSource,
      z.object({ state: z.string(), reason: z.string().nullable(), since: z.date(), until: z.date().nullable() }),
      `SELECT "state", "state_reason" AS "reason", "state_since" AS "since", "acw_until" AS "until"
       FROM "routing"."agent_profile" WHERE "tenant_id" = $1 AND "agent_id" = $2`,
      [user.tenantId, user.sub],
    );
    if (!row) throw new NotFoundException('You have no routing profile');
    return {
      agentId: user.sub,
      state: row.state,
      ...(row.reason ? { reason: row.reason } : {}),
      since: row.since.toISOString(),
      ...(row.state === 'after-contact-work' && row.until ? { until: row.until.toISOString() } : {}),
    };
  }

  /** Where the caller may send a contact: the tenant's queues, and the other agents who are not offline. */
  @Get('transfer-targets')
  async transferTargets(@CurrentUser() user: AuthClaims) {
    const [queues, agents] = await Promise.all([
      queryRows(
        this.dataSource,
        z.object({ name: z.string() }),
        `SELECT "name" FROM "routing"."queue" WHERE "tenant_id" = $1 ORDER BY "name"`,
        [user.tenantId],
      ),
      queryRows(
        this.dataSource,
        z.object({ agentId: z.string(), name: z.string(), state: z.string() }),
        `SELECT "agent_id" AS "agentId", "name", "state" FROM "routing"."agent_profile"
         WHERE "tenant_id" = $1 AND "agent_id" <> $2 AND "state" <> 'offline' ORDER BY "name"`,
        [user.tenantId, user.sub],
      ),
    ]);
    return { queues: queues.map((queue) => queue.name), agents };
  }

  /**
   * Hands the caller's own contact to a queue or a colleague. Whose it is, is read under the
   * tenant lock (the engine's own state is written under it), so a contact already moved away
   * cannot be moved again by its former agent: 403 for anything the caller does not hold.
   */
  @Post('contacts/:id/transfer')
  @HttpCode(200)
  async transfer(
    @CurrentUser() user: AuthClaims,
    @Param('id', new ParseUUIDPipe()) contactId: string,
    @Body(zodBody(AgentTransferSchema)) body: AgentTransfer,
  ) {
    if (body.agentId === user.sub) throw new BadRequestException('The contact is already yours');
    const result = await this.unitOfWork.run(async (tx) => {
      await lockTenant(tx, user.tenantId);
      const held = await queryRows(
        tx.manager,
        z.unknown(),
        `SELECT 1 FROM "routing"."assignment" WHERE "tenant_id" = $1 AND "contact_id" = $2 AND "agent_id" = $3 AND "released_at" IS NULL`,
        [user.tenantId, contactId, user.sub],
      );
      if (held.length === 0) throw new ForbiddenException('This contact is not assigned to you');
      const [queue] =
        body.queue === undefined
          ? []
          : await queryRows(
              tx.manager,
              z.object({ id: z.string() }),
              `SELECT "id" FROM "routing"."queue" WHERE "tenant_id" = $1 AND "name" = $2`,
              [user.tenantId, body.queue],
            );
      if (body.queue !== undefined && !queue) throw new NotFoundException(`Queue ${body.queue} does not exist`);
      const target: TransferTarget = body.agentId ? { agentId: body.agentId, queueId: queue?.id } : { queueId: queue!.id };
      return this.routing.operate(tx, user.tenantId, (engine, now) => engine.transfer(contactId, target, now));
    });
    if (result.refusal) throw refusal(result.refusal);
    return { contactId, transferred: true };
  }
}
