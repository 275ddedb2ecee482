import { Controller, HttpCode, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@garda/service-kit';
import type { Request } from 'express';
import type { ChannelAccount } from '../accounts/channel-accounts.service';
import type { WebchatSession } from '../webchat/session-token';
import { WebchatContext, WebchatSessionGuard } from '../webchat/webchat-session.guard';
import { MediaService } from './media.service';
import { readUpload, refusalToHttp } from './read-upload';

/**
 * A web-chat visitor uploads a file (the raw body, with its type and `X-Filename`), then sends a
 * message naming it (`attachments: [{ mediaId }]`). Over the limit → 413, a refused type → 415:
 * nothing stored, nothing published.
 */
@ApiTags('webchat')
@Public()
@Controller('webchat')
export class WebchatAttachmentsController {
  constructor(@Inject(MediaService) private readonly media: MediaService) {}

  @Post(':accountId/attachments')
  @HttpCode(201)
  @UseGuards(WebchatSessionGuard)
  async upload(@WebchatContext() context: { account: ChannelAccount; session: WebchatSession }, @Req() request: Request) {
    const upload = await readUpload(request, this.media.maxBytes);
    const stored = await this.media
      .save({
        tenantId: context.account.tenantId,
        bytes: upload.bytes,
        declaredType: upload.contentType,
        filename: upload.filename,
        source: 'customer',
        accountId: context.account.id,
        webchatSessionId: context.session.sessionId,
      })
      .catch(refusalToHttp);
    const { kind, mediaId, mimeType, sizeBytes, filename } = this.media.describe(stored);
    return { kind, mediaId, mimeType, sizeBytes, ...(filename ? { filename } : {}) };
  }
}
