import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  TicketDetail,
  TicketListQuery,
  TicketPage,
  TicketSearchQuery,
  TicketSettingsRequest,
  TicketSettingsResponse,
  TicketViewCounts,
  UpdateTicketRequest,
} from '@garda/contracts';
import { Roles, zodBody } from '@garda/service-kit';
import type { Response } from 'express';
import type { z } from 'zod';
import { TICKETS_CLIENT } from './console-api.tokens';
import { ApiZodBody, ApiZodOk, ApiZodQuery } from './openapi-schema';
import { type CallerHeaders, relay } from './relay';
import type { UpstreamClient } from './upstream-client';

type ListQuery = z.infer<typeof TicketListQuery>;
type SearchQuery = z.infer<typeof TicketSearchQuery>;
type UpdateBody = z.infer<typeof UpdateTicketRequest>;
type SettingsBody = z.infer<typeof TicketSettingsRequest>;

/** A validated query again as a query string (lists as the comma-separated values they came as). */
function queryString(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return params.toString();
}

/**
 * The tickets API for the console: validated here (a bad request never leaves the gateway) and
 * answered by tickets with the caller's token, which applies the tenant and role rules.
 */
@ApiTags('tickets')
@ApiBearerAuth()
@Controller()
export class TicketsRelayController {
  constructor(@Inject(TICKETS_CLIENT) private readonly tickets: UpstreamClient) {}

  private forward(headers: CallerHeaders, res: Response, method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, body?: unknown) {
    return this.tickets
      .request(method, path, headers.authorization ?? '', headers['x-correlation-id'], body)
      .then((answer) => relay(res, answer));
  }

  @Get('tickets')
  @ApiZodQuery(TicketListQuery)
  @ApiZodOk(TicketPage, 'One page of a view, most recently changed first (breaching: soonest deadline first)')
  list(@Headers() headers: CallerHeaders, @Res({ passthrough: true }) res: Response, @Query(zodBody(TicketListQuery)) query: ListQuery) {
    return this.forward(headers, res, 'GET', `/tickets?${queryString(query)}`);
  }

  @Get('tickets/views/counts')
  @ApiZodOk(TicketViewCounts, 'How many tickets each of the caller’s views holds')
  counts(@Headers() headers: CallerHeaders, @Res({ passthrough: true }) res: Response) {
    return this.forward(headers, res, 'GET', '/tickets/views/counts');
  }

  @Get('tickets/search')
  @ApiZodQuery(TicketSearchQuery)
  @ApiZodOk(TicketPage, 'Tickets matching a number, words of the subject or messages, or the customer’s name, e-mail or phone')
  search(
    @Headers() headers: CallerHeaders,
    @Res({ passthrough: true }) res: Response,
    @Query(zodBody(TicketSearchQuery)) query: SearchQuery,
  ) {
    return this.forward(headers, res, 'GET', `/tickets/search?${queryString(query)}`);
  }

  @Get('tickets/number/:number')
  @ApiZodOk(TicketDetail)
  byNumber(
    @Headers() headers: CallerHeaders,
    @Res({ passthrough: true }) res: Response,
    @Param('number', new ParseIntPipe()) number: number,
  ) {
    return this.forward(headers, res, 'GET', `/tickets/number/${number}`);
  }

  @Get('tickets/:id')
  @ApiZodOk(TicketDetail, 'The ticket with its conversations, survey answer and history')
  get(@Headers() headers: CallerHeaders, @Res({ passthrough: true }) res: Response, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.forward(headers, res, 'GET', `/tickets/${id}`);
  }

  @Patch('tickets/:id')
  @ApiZodBody(UpdateTicketRequest)
  @ApiZodOk(TicketDetail, 'The ticket after the change; 409 with the reason when the status move is refused')
  update(
    @Headers() headers: CallerHeaders,
    @Res({ passthrough: true }) res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(zodBody(UpdateTicketRequest)) body: UpdateBody,
  ) {
    return this.forward(headers, res, 'PATCH', `/tickets/${id}`, body);
  }

  @Post('tickets/:id/take')
  @HttpCode(200)
  @ApiZodOk(TicketDetail, 'The ticket, now the caller’s; 409 when someone else has it')
  take(@Headers() headers: CallerHeaders, @Res({ passthrough: true }) res: Response, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.forward(headers, res, 'POST', `/tickets/${id}/take`);
  }

  @Get('ticket-settings')
  @ApiZodOk(TicketSettingsResponse)
  settings(@Headers() headers: CallerHeaders, @Res({ passthrough: true }) res: Response) {
    return this.forward(headers, res, 'GET', '/ticket-settings');
  }

  @Put('ticket-settings')
  @Roles('admin')
  @ApiZodBody(TicketSettingsRequest)
  @ApiZodOk(TicketSettingsResponse)
  putSettings(
    @Headers() headers: CallerHeaders,
    @Res({ passthrough: true }) res: Response,
    @Body(zodBody(TicketSettingsRequest)) body: SettingsBody,
  ) {
    return this.forward(headers, res, 'PUT', '/ticket-settings', body);
  }
}
