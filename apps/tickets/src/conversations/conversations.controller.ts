import { Body, Controller, ForbiddenException, Get, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthClaims, Topics } from '@garda/contracts';
import { UnitOfWork } from '@garda/messaging';
import { CurrentUser, zodBody } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { actorOf } from '../lifecycle/ticket-actor';
import { decideTransition } from '../lifecycle/ticket-lifecycle';
import { TicketWriter } from '../lifecycle/ticket-writer';
import { ConversationEntity } from './conversation.entity';
import { MessageEntity } from './message.entity';
import { TicketEntity } from './ticket.entity';

const CloseConversationSchema = z.object({ disposition: z.string().trim().min(1).max(100).optional() });

/** Agents see the conversations assigned to them; supervisors and admins see their whole tenant. */
@ApiTags('conversations')
@ApiBearerAuth()
@Controller()
export class ConversationsController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(TicketWriter) private readonly tickets: TicketWriter,
  ) {}

  @Get('conversations')
  async list(@CurrentUser() user: AuthClaims, @Query('status') status?: string) {
    const statusFilter = status === 'closed' ? 'closed' : status === 'all' ? undefined : 'open';
    return this.dataSource.getRepository(ConversationEntity).find({
      where: {
        tenantId: user.tenantId,
        ...(statusFilter ? { status: statusFilter } : {}),
        ...(user.role === 'agent' ? { assignedAgentId: user.sub } : {}),
      },
      order: { lastMessageAt: 'DESC' },
      take: 200,
    });
  }

  @Get('conversations/:id')
  async get(@CurrentUser() user: AuthClaims, @Param('id', new ParseUUIDPipe()) id: string) {
    const conversation = await this.findVisible(user, id);
    const messages = await this.dataSource
      .getRepository(MessageEntity)
      .find({ where: { conversationId: id, tenantId: user.tenantId }, order: { createdAt: 'ASC' } });
    const ticket = await this.dataSource.getRepository(TicketEntity).findOneBy({ id: conversation.ticketId, tenantId: user.tenantId });
    return { ...conversation, ticket, messages };
  }

  /** Wrap-up: the conversation closes, its ticket is solved, and routing frees the agent's capacity. */
  @Post('conversations/:id/close')
  async close(
    @CurrentUser() user: AuthClaims,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(zodBody(CloseConversationSchema)) body: z.infer<typeof CloseConversationSchema>,
  ) {
    const conversation = await this.findVisible(user, id);
    if (conversation.status === 'closed') return { id, status: 'closed' };
    const closedAt = new Date();
    await this.unitOfWork.run(async (tx) => {
      const tickets = tx.manager.getRepository(TicketEntity);
      const ticket = await tickets.findOne({
        where: { id: conversation.ticketId, tenantId: user.tenantId },
        lock: { mode: 'pessimistic_write' },
      });
      if (ticket && body.disposition) {
        await tickets.update({ id: ticket.id }, { disposition: body.disposition });
        ticket.disposition = body.disposition;
      }
      // Wrap-up solves the ticket (which lets the conversation go); a ticket that cannot be solved
      // now (already solved elsewhere) still lets the agent's conversation go.
      if (
        ticket &&
        decideTransition({ status: ticket.status, assigneeId: ticket.assigneeId ?? conversation.assignedAgentId }, 'solved', user.role)
          .allowed
      ) {
        await this.tickets.change(
          tx,
          ticket,
          { status: 'solved', ...(ticket.assigneeId ? {} : { assigneeId: conversation.assignedAgentId }) },
          actorOf(user),
          {
            at: closedAt,
          },
        );
      }
      const stillOpen = await tx.manager.getRepository(ConversationEntity).findOneBy({ id, status: 'open' });
      if (!stillOpen) return;
      await tx.manager.getRepository(ConversationEntity).update({ id, tenantId: user.tenantId }, { status: 'closed', closedAt });
      await tx.publish(
        Topics.ConversationClosed,
        {
          tenantId: user.tenantId,
          conversationId: id,
          ticketId: conversation.ticketId,
          contactId: conversation.contactId,
          agentId: conversation.assignedAgentId ?? undefined,
          disposition: body.disposition,
          closedAt: closedAt.toISOString(),
        },
        { tenantId: user.tenantId, key: user.tenantId },
      );
    });
    return { id, status: 'closed' };
  }

  private async findVisible(user: AuthClaims, id: string): Promise<ConversationEntity> {
    const conversation = await this.dataSource.getRepository(ConversationEntity).findOneBy({ id, tenantId: user.tenantId });
    if (!conversation) throw new NotFoundException('No such conversation');
    if (user.role === 'agent' && conversation.assignedAgentId !== user.sub) {
      throw new ForbiddenException('This conversation is assigned to someone else');
    }
    return conversation;
  }
}
