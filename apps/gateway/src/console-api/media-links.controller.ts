import { Controller, Get, Headers, Inject, NotFoundException, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CONFIG } from '@garda/service-kit';
import type { Response } from 'express';
import type { GatewayConfig } from '../gateway.config';
import { TICKETS_CLIENT } from './console-api.tokens';
import { type CallerHeaders, relay } from './relay';
import { UpstreamClient } from './upstream-client';

interface ConversationWithMessages {
  ticketId: string;
  messages: Array<{ attachments?: Array<{ mediaId?: string }> }>;
}

/**
 * A short-lived link to a file on a conversation (an image preview, a download). Tickets answers
 * whether the caller may see the conversation (with the caller's own token) and whether the file is
 * on it; only then does channels-ingest sign a link scoped to that ticket (ADR 0040).
 */
@ApiTags('desk')
@ApiBearerAuth()
@Controller('conversations')
export class MediaLinksController {
  private readonly channels: UpstreamClient;

  constructor(
    @Inject(TICKETS_CLIENT) private readonly tickets: UpstreamClient,
    @Inject(CONFIG) config: GatewayConfig,
  ) {
    this.channels = new UpstreamClient('channels-ingest', config.CHANNELS_INGEST_URL);
  }

  @Get(':id/attachments/:mediaId/link')
  async link(
    @Headers() headers: CallerHeaders,
    @Res({ passthrough: true }) res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('mediaId', new ParseUUIDPipe()) mediaId: string,
  ) {
    const authorization = headers.authorization ?? '';
    const conversation = await this.tickets.request('GET', `/conversations/${id}`, authorization, headers['x-correlation-id']);
    if (conversation.status !== 200) return relay(res, conversation);
    const { ticketId, messages } = conversation.body as ConversationWithMessages;
    if (!messages.some((message) => (message.attachments ?? []).some((attachment) => attachment.mediaId === mediaId)))
      throw new NotFoundException('No such attachment in this conversation');
    return relay(
      res,
      await this.channels.request('POST', `/media/${mediaId}/links`, authorization, headers['x-correlation-id'], { ticketId }),
    );
  }
}
