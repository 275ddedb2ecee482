import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthClaims, TicketListQuery, type TicketPage, TicketSearchQuery, type TicketViewCounts } from '@garda/contracts';
import type { z } from 'zod';
import { CurrentUser, zodBody } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import { toSummary } from '../tickets/ticket-presenter';
import { countViews, listView } from './ticket-views';
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
    return listView(this.dataSource, user, query, new Date());
  }

  /** How many tickets each view the caller has holds right now (the badges beside the views). */
  @Get('views/counts')
  async counts(@CurrentUser() user: AuthClaims): Promise<TicketViewCounts> {
    return { counts: await countViews(this.dataSource, user, new Date()) };
  }

  @Get('search')
  async search(@CurrentUser() user: AuthClaims, @Query(zodBody(TicketSearchQuery)) query: SearchQuery): Promise<TicketPage> {
    const tickets = await searchTickets(this.dataSource.manager, user, query.q, query.limit);
    return { items: tickets.map(toSummary), nextCursor: null };
  }
}
