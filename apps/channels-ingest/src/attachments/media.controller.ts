import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { CurrentUser, Public, zodBody } from '@garda/service-kit';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { MediaService } from './media.service';
import { readUpload, refusalToHttp } from './read-upload';

const LinkBody = z.strictObject({ ticketId: z.uuid() });

/** Types a browser may show inline from our origin; everything else downloads. */
const INLINE = /^(image\/(png|jpeg|gif|webp|avif|bmp)|audio\/|video\/|application\/pdf$)/;

/**
 * Files: agents upload what they attach to replies; desks get short-lived signed links to a
 * ticket's files (after the gateway has checked the caller may see the ticket); a signed link
 * opens the file without a token, so an <img> can show it.
 */
@ApiTags('media')
@Controller('media')
export class MediaController {
  constructor(@Inject(MediaService) private readonly media: MediaService) {}

  @Post()
  @ApiBearerAuth()
  @HttpCode(201)
  async upload(@CurrentUser() user: AuthClaims, @Req() request: Request) {
    const upload = await readUpload(request, this.media.maxBytes);
    const stored = await this.media
      .save({
        tenantId: user.tenantId,
        bytes: upload.bytes,
        declaredType: upload.contentType,
        filename: upload.filename,
        source: 'agent',
        uploadedBy: user.sub,
      })
      .catch(refusalToHttp);
    return this.media.describe(stored);
  }

  @Post(':id/links')
  @ApiBearerAuth()
  @HttpCode(200)
  async link(
    @CurrentUser() user: AuthClaims,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(zodBody(LinkBody)) body: z.infer<typeof LinkBody>,
  ) {
    return this.media.linkForTicket(user.tenantId, id, body.ticketId);
  }

  @Get(':id/content')
  @Public()
  async content(@Param('id') id: string, @Query() query: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const opened = await this.media.openLink(id, query);
    // The same answer for a wrong, expired or foreign link as for no file: nothing to learn from it.
    if (!opened) throw new NotFoundException('This link is invalid or has expired');
    const { media, bytes } = opened;
    const disposition = INLINE.test(media.content_type) ? 'inline' : 'attachment';
    const filename = (media.filename ?? media.id).replace(/["\\\r\n]/g, '_');
    response
      .status(200)
      .type(media.content_type)
      .setHeader('content-disposition', `${disposition}; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
    response.setHeader('x-content-type-options', 'nosniff');
    response.setHeader('content-security-policy', "default-src 'none'; sandbox");
    response.setHeader('cache-control', 'private, max-age=60');
    response.setHeader('cross-origin-resource-policy', 'cross-origin');
    response.send(bytes);
  }
}
