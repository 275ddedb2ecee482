import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthClaims, TicketListQuery, type TicketPage, TicketSearchQuery, type TicketViewCounts } from '@garda/contracts';
import type { z } from 'zod';
import { CurrentUser, zodBody } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import { TicketEntity } from '../conversations/ticket.entity';
import { toSummary } from '../tickets/ticket-presenter';
import { AGENT_VIEWS, applyView, decodeCursor, encodeCursor, orderOf, SUPERVISOR_VIEWS } from './ticket-views';
import { searchTickets } from './ticket-search';

// Local aliases: a parameter typed with the schema's own name would hand Swagger the zod object as a class.
type ListQuery = z.infer<typeof TicketListQuery>;
type SearchQuery = z.infer<typeof TicketSearchQuery>;

/** Views with counts and cursor pages, and search: always within the caller's tenant and role. */
@ApiTags('tickets')
@ApiBearerAuth()
@Controller('tickets')
export class TicketViewsController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get()
  async list(@CurrentUser() user: AuthClaims, @Query(zodBody(TicketListQuery)) query: ListQuery): Promise<TicketPage> {
    const now = new Date();
    const order = orderOf(query.view);
    const sortColumn = order === 'deadline' ? 't.sla_due_at' : 't.updated_at';
    const qb = applyView(this.dataSource.getRepository(TicketEntity).createQueryBuilder('t'), user, query, now);
    if (query.cursor) {
      const [sortValue, id] = decodeCursor(query.cursor);
      qb.andWhere(order === 'deadline' ? `(${sortColumn}, t.id) > (:sortValue, :id)` : `(${sortColumn}, t.id) < (:sortValue, :id)`, {
        sortValue,
        id,
      });
    }
    const direction = order === 'deadline' ? 'ASC' : 'DESC';
    qb.addSelect(`${sortColumn}::text`, 'sort_value')
      .orderBy(sortColumn, direction)
      .addOrderBy('t.id', direction)
      .limit(query.limit + 1);
    const { entities, raw } = await qb.getRawAndEntities<{ sort_value: string }>();
    const page = entities.slice(0, query.limit);
    const last = page.length === query.limit && entities.length > query.limit ? page.length - 1 : -1;
    return { items: page.map(toSummary), nextCursor: last >= 0 ? encodeCursor(raw[last]!.sort_value, page[last]!.id) : null };
  }

  /** How many tickets each view the caller has holds right now (the badges beside the views). */
  @Get('views/counts')
  async counts(@CurrentUser() user: AuthClaims): Promise<TicketViewCounts> {
    const now = new Date();
    const views = user.role === 'agent' ? AGENT_VIEWS : SUPERVISOR_VIEWS;
    const counts: Record<string, number> = {};
    for (const view of views) {
      counts[view] = await applyView(this.dataSource.getRepository(TicketEntity).createQueryBuilder('t'), user, { view }, now).getCount();
    }
    return { counts };
  }

  @Get('search')
  async search(@CurrentUser() user: AuthClaims, @Query(zodBody(TicketSearchQuery)) query: SearchQuery): Promise<TicketPage> {
    const tickets = await searchTickets(this.dataSource.manager, user, query.q, query.limit);
    return { items: tickets.map(toSummary), nextCursor: null };
  }
}
