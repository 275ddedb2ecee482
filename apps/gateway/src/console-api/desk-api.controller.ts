import { Body, Controller, Get, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { zodBody } from '@garda/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ROUTING_CLIENT } from './console-api.tokens';
import { type CallerHeaders, relay } from './relay';
import type { UpstreamClient } from './upstream-client';

const AgentTransferSchema = z
  .strictObject({ queue: z.string().trim().min(1).max(100).optional(), agentId: z.uuid().optional() })
  .refine((body) => body.queue !== undefined || body.agentId !== undefined, 'give a queue, an agentId, or both');

/**
 * The agent desk's own routing: what routing knows about the caller, answered by routing with the
 * caller's token (routing scopes every answer to the token's user). The desk loads offers and
 * state on every (re)connect, so an offer made or after-contact work begun while it was
 * disconnected is on screen once it is back.
 */
@ApiTags('desk')
@ApiBearerAuth()
@Controller('me')
export class DeskApiController {
  constructor(@Inject(ROUTING_CLIENT) private readonly routing: UpstreamClient) {}

  /** The caller's pending offers (the same shape as the socket's offer:new). */
  @Get('offers')
  async offers(@Headers() headers: CallerHeaders, @Res({ passthrough: true }) res: Response) {
    return relay(res, await this.routing.request('GET', '/me/offers', headers.authorization ?? '', headers['x-correlation-id']));
  }

  /** The caller's state as routing holds it, with `until` during after-contact work. */
  @Get('state')
  async state(@Headers() headers: CallerHeaders, @Res({ passthrough: true }) res: Response) {
    return relay(res, await this.routing.request('GET', '/me/state', headers.authorization ?? '', headers['x-correlation-id']));
  }

  /** Queues and colleagues (not offline) a contact can be transferred to. */
  @Get('transfer-targets')
  async transferTargets(@Headers() headers: CallerHeaders, @Res({ passthrough: true }) res: Response) {
    return relay(res, await this.routing.request('GET', '/me/transfer-targets', headers.authorization ?? '', headers['x-correlation-id']));
  }

  /** Transfer of the caller's own contact to a queue or an agent; 403 for a contact that is not theirs. */
  @Post('contacts/:contactId/transfer')
  @HttpCode(200)
  async transfer(
    @Headers() headers: CallerHeaders,
    @Res({ passthrough: true }) res: Response,
    @Param('contactId', new ParseUUIDPipe()) contactId: string,
    @Body(zodBody(AgentTransferSchema)) body: z.infer<typeof AgentTransferSchema>,
  ) {
    return relay(
      res,
      await this.routing.request(
        'POST',
        `/me/contacts/${contactId}/transfer`,
        headers.authorization ?? '',
        headers['x-correlation-id'],
        body,
      ),
    );
  }
}
