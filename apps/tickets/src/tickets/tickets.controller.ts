import { Body, Controller, Get, HttpCode, Inject, Param, ParseIntPipe, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthClaims, UpdateTicketRequest } from '@garda/contracts';
import { UnitOfWork } from '@garda/messaging';
import { ConflictError, CurrentUser, ForbiddenError, zodBody } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import { ConversationEntity } from '../conversations/conversation.entity';
import type { TicketEntity } from '../conversations/ticket.entity';
import { actorOf } from '../lifecycle/ticket-actor';
import { TicketWriter } from '../lifecycle/ticket-writer';
import { findVisibleTicket } from './ticket-access';
import { toDetail } from './ticket-presenter';

/** One ticket: read it with its history, change its fields and status, take it. */
@ApiTags('tickets')
@ApiBearerAuth()
@Controller('tickets')
export class TicketsController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(TicketWriter) private readonly tickets: TicketWriter,
  ) {}

  @Get('number/:number')
  async byNumber(@CurrentUser() user: AuthClaims, @Param('number', new ParseIntPipe()) number: number) {
    return toDetail(this.dataSource.manager, await findVisibleTicket(this.dataSource.manager, user, { number }));
  }

  @Get(':id')
  async get(@CurrentUser() user: AuthClaims, @Param('id', new ParseUUIDPipe()) id: string) {
    return toDetail(this.dataSource.manager, await findVisibleTicket(this.dataSource.manager, user, { id }));
  }

  /** Change status, priority, type, tags, subject, queue or assignee; each change lands in the history. */
  @Patch(':id')
  async update(
    @CurrentUser() user: AuthClaims,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(zodBody(UpdateTicketRequest)) body: z.infer<typeof UpdateTicketRequest>,
  ) {
    if (user.role === 'agent' && body.assigneeId !== undefined && body.assigneeId !== user.sub) {
      throw new ForbiddenError('only a supervisor assigns a ticket to someone else or unassigns it');
    }
    return this.unitOfWork.run(async (tx) => {
      const ticket = await findVisibleTicket(tx.manager, user, { id }, { lock: true });
      if (body.assigneeId !== undefined && body.assigneeId !== ticket.assigneeId) await this.handOver(tx.manager, ticket, body.assigneeId);
      await this.tickets.change(tx, ticket, body, actorOf(user));
      return toDetail(tx.manager, ticket);
    });
  }

  /** An agent takes an unassigned ticket from a view: it is theirs to answer, on its own channel. */
  @Post(':id/take')
  @HttpCode(200)
  async take(@CurrentUser() user: AuthClaims, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.unitOfWork.run(async (tx) => {
      const ticket = await findVisibleTicket(tx.manager, user, { id }, { lock: true });
      if (ticket.assigneeId === user.sub) return toDetail(tx.manager, ticket);
      if (ticket.assigneeId !== null) throw new ConflictError('this ticket is already assigned to someone else');
      await this.handOver(tx.manager, ticket, user.sub);
      await this.tickets.change(
        tx,
        ticket,
        { assigneeId: user.sub, ...(ticket.status === 'new' ? { status: 'open' as const } : {}) },
        actorOf(user),
        {
          reason: 'taken',
        },
      );
      return toDetail(tx.manager, ticket);
    });
  }

  /**
   * The ticket's newest conversation follows its assignee, so the new owner can answer it. A
   * conversation live with an agent through routing is routing's to move (a transfer), not ours.
   */
  private async handOver(manager: DataSource['manager'], ticket: TicketEntity, assigneeId: string | null): Promise<void> {
    const conversations = manager.getRepository(ConversationEntity);
    const latest = await conversations.findOne({ where: { ticketId: ticket.id, tenantId: ticket.tenantId }, order: { createdAt: 'DESC' } });
    if (!latest) return;
    if (latest.status === 'open' && latest.assignedAgentId !== null && latest.assignedAgentId !== assigneeId) {
      throw new ConflictError('the conversation is live with an agent: transfer it from the wallboard instead');
    }
    await conversations.update({ id: latest.id }, { assignedAgentId: assigneeId });
  }
}
