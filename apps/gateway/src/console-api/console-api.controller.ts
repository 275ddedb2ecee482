import { Body, Controller, Get, Headers, Inject, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { CurrentUser, zodBody } from '@garda/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { CUSTOMERS_CLIENT, TICKETS_CLIENT } from './console-api.tokens';
import { type CallerHeaders, relay } from './relay';
import type { UpstreamClient } from './upstream-client';

const WrapUpSchema = z.object({ disposition: z.string().trim().min(1).max(100).optional() });

/**
 * The console's read and wrap-up API, answered by the services that own the data (tickets,
 * customers) with the caller's token: agents see their own conversations and those conversations'
 * customers, supervisors their tenant.
 */
@ApiTags('console')
@ApiBearerAuth()
@Controller()
export class ConsoleApiController {
  constructor(
    @Inject(TICKETS_CLIENT) private readonly tickets: UpstreamClient,
    @Inject(CUSTOMERS_CLIENT) private readonly customers: UpstreamClient,
  ) {}

  @Get('conversations')
  async conversations(@Headers() headers: CallerHeaders, @Res({ passthrough: true }) res: Response, @Query('status') status?: string) {
    const filter = status === 'closed' || status === 'all' ? status : 'open';
    return relay(
      res,
      await this.tickets.request('GET', `/conversations?status=${filter}`, headers.authorization ?? '', headers['x-correlation-id']),
    );
  }

  /** One conversation with its whole message history (internal notes included) and its ticket. */
  @Get('conversations/:id')
  async conversation(
    @Headers() headers: CallerHeaders,
    @Res({ passthrough: true }) res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
  ) {
    return relay(res, await this.tickets.request('GET', `/conversations/${id}`, headers.authorization ?? '', headers['x-correlation-id']));
  }

  /** Wrap-up with an optional disposition code: closes the conversation and frees the agent's capacity. */
  @Post('conversations/:id/close')
  async close(
    @Headers() headers: CallerHeaders,
    @Res({ passthrough: true }) res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(zodBody(WrapUpSchema)) body: z.infer<typeof WrapUpSchema>,
  ) {
    return relay(
      res,
      await this.tickets.request('POST', `/conversations/${id}/close`, headers.authorization ?? '', headers['x-correlation-id'], body),
    );
  }

  /**
   * A customer's profile. Customers owns profiles but not who handles whom: for an agent, tickets
   * first says whether the customer has a conversation assigned to them (403 otherwise), so an
   * agent sees only their own customers; supervisors and admins see their tenant's.
   */
  @Get('customers/:id')
  async customer(
    @CurrentUser() user: AuthClaims,
    @Headers() headers: CallerHeaders,
    @Res({ passthrough: true }) res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
  ) {
    const authorization = headers.authorization ?? '';
    if (user.role === 'agent') {
      const access = await this.tickets.request('GET', `/customers/${id}/access`, authorization, headers['x-correlation-id']);
      if (access.status !== 200) return relay(res, access);
    }
    return relay(res, await this.customers.request('GET', `/customers/${id}`, authorization, headers['x-correlation-id']));
  }

  @Get('customers/:id/tickets')
  async customerTickets(
    @Headers() headers: CallerHeaders,
    @Res({ passthrough: true }) res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
  ) {
    return relay(
      res,
      await this.tickets.request('GET', `/customers/${id}/tickets`, headers.authorization ?? '', headers['x-correlation-id']),
    );
  }

  /** The customer's history across channels: every conversation of theirs, each message with its channel. */
  @Get('customers/:id/timeline')
  async customerTimeline(
    @Headers() headers: CallerHeaders,
    @Res({ passthrough: true }) res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
  ) {
    return relay(
      res,
      await this.tickets.request('GET', `/customers/${id}/timeline`, headers.authorization ?? '', headers['x-correlation-id']),
    );
  }
}
