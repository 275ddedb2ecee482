import { Body, Controller, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles, zodBody } from '@garda/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ROUTING_CLIENT } from './console-api.tokens';
import { type CallerHeaders, relay } from './relay';
import type { UpstreamClient } from './upstream-client';

const TransferSchema = z
  .strictObject({
    queue: z.string().trim().min(1).max(100).optional(),
    agentId: z.uuid().optional(),
    timeoutSeconds: z.number().int().min(5).max(3600).optional(),
  })
  .refine((body) => body.queue !== undefined || body.agentId !== undefined, 'give a queue, an agentId, or both');
const AssignSchema = z.strictObject({ agentId: z.uuid() });

/** A supervisor's actions on contacts, decided by routing (which refuses what would break its rules). */
@ApiTags('supervisor')
@ApiBearerAuth()
@Roles('supervisor')
@Controller('routing/contacts')
export class RoutingRelayController {
  constructor(@Inject(ROUTING_CLIENT) private readonly routing: UpstreamClient) {}

  /** Reassign: to another queue, to an agent (offered to them alone for a while), or both. */
  @Post(':id/transfer')
  @HttpCode(200)
  async transfer(
    @Headers() headers: CallerHeaders,
    @Res({ passthrough: true }) res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(zodBody(TransferSchema)) body: z.infer<typeof TransferSchema>,
  ) {
    return relay(
      res,
      await this.routing.request('POST', `/contacts/${id}/transfer`, headers.authorization ?? '', headers['x-correlation-id'], body),
    );
  }

  /** Hands a waiting or offered contact to an agent. */
  @Post(':id/assign')
  @HttpCode(200)
  async assign(
    @Headers() headers: CallerHeaders,
    @Res({ passthrough: true }) res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(zodBody(AssignSchema)) body: z.infer<typeof AssignSchema>,
  ) {
    return relay(
      res,
      await this.routing.request('POST', `/contacts/${id}/assign`, headers.authorization ?? '', headers['x-correlation-id'], body),
    );
  }
}
