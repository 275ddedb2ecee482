import { Controller, Get, Inject, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { CurrentUser } from '@garda/service-kit';
import { DataSource, In } from 'typeorm';
import { ConversationEntity } from '../conversations/conversation.entity';
import { MessageEntity } from '../conversations/message.entity';
import { TicketEntity } from '../conversations/ticket.entity';
import { assertMayReadCustomer } from './customer-access';

/** The newest messages a timeline holds; older ones stay readable per conversation. */
const TIMELINE_MESSAGES = 500;
const TIMELINE_CONVERSATIONS = 100;

/**
 * What tickets knows about one customer, for the desk's conversation view and side panel.
 * Access: assertMayReadCustomer (agents: customers of their own conversations).
 */
@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers/:customerId')
export class CustomerHistoryController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Whether the caller may read this customer: 200 with the scope, 403 otherwise (the gateway asks before showing a profile). */
  @Get('access')
  async access(@CurrentUser() user: AuthClaims, @Param('customerId', new ParseUUIDPipe()) customerId: string) {
    return { customerId, scope: await assertMayReadCustomer(this.dataSource, user, customerId) };
  }

  /** The customer's tickets, newest first, with the channels each was worked on. */
  @Get('tickets')
  async tickets(@CurrentUser() user: AuthClaims, @Param('customerId', new ParseUUIDPipe()) customerId: string) {
    await assertMayReadCustomer(this.dataSource, user, customerId);
    const tickets = await this.dataSource
      .getRepository(TicketEntity)
      .find({ where: { tenantId: user.tenantId, customerId }, order: { createdAt: 'DESC' }, take: 50 });
    const conversations = await this.dataSource
      .getRepository(ConversationEntity)
      .find({ where: { tenantId: user.tenantId, ticketId: In(tickets.map((t) => t.id)) } });
    return tickets.map((ticket) => ({ ...ticket, channels: conversations.filter((c) => c.ticketId === ticket.id).map((c) => c.channel) }));
  }

  /**
   * The customer's whole history across channels: every conversation of theirs in the tenant
   * (oldest first) and their newest messages, each naming its conversation and channel, so the
   * desk can show one timeline with a divider per conversation.
   */
  @Get('timeline')
  async timeline(@CurrentUser() user: AuthClaims, @Param('customerId', new ParseUUIDPipe()) customerId: string) {
    await assertMayReadCustomer(this.dataSource, user, customerId);
    const conversations = await this.dataSource
      .getRepository(ConversationEntity)
      .find({ where: { tenantId: user.tenantId, customerId }, order: { createdAt: 'DESC' }, take: TIMELINE_CONVERSATIONS });
    const tickets = await this.dataSource
      .getRepository(TicketEntity)
      .find({ where: { tenantId: user.tenantId, id: In(conversations.map((c) => c.ticketId)) } });
    const newest = await this.dataSource.getRepository(MessageEntity).find({
      where: { tenantId: user.tenantId, conversationId: In(conversations.map((c) => c.id)) },
      order: { createdAt: 'DESC' },
      take: TIMELINE_MESSAGES,
    });
    const channelOf = new Map(conversations.map((c) => [c.id, c.channel]));
    return {
      customerId,
      conversations: conversations.reverse().map((c) => {
        const ticket = tickets.find((t) => t.id === c.ticketId);
        return {
          id: c.id,
          ticketId: c.ticketId,
          channel: c.channel,
          status: c.status,
          subject: c.subject ?? ticket?.subject ?? null,
          assignedAgentId: c.assignedAgentId,
          disposition: ticket?.disposition ?? null,
          createdAt: c.createdAt,
          closedAt: c.closedAt,
        };
      }),
      messages: newest
        .reverse()
        .map(({ id, conversationId, direction, authorType, authorName, text, internal, deliveryStatus, createdAt }) => ({
          id,
          conversationId,
          channel: channelOf.get(conversationId),
          direction,
          authorType,
          authorName,
          text,
          internal,
          deliveryStatus,
          createdAt,
        })),
      truncated: newest.length === TIMELINE_MESSAGES,
    };
  }
}
