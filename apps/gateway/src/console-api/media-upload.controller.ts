import { Readable } from 'node:stream';
import { BadGatewayException, Controller, Headers, HttpException, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CONFIG } from '@garda/service-kit';
import type { Request, Response } from 'express';
import type { GatewayConfig } from '../gateway.config';
import { type CallerHeaders, relay } from './relay';

interface UploadHeaders extends CallerHeaders {
  'content-type'?: string;
  'content-length'?: string;
  'x-filename'?: string;
}

/**
 * A file an agent attaches to a reply: the raw body goes on to channels-ingest as it arrives
 * (never buffered here), with the caller's token, and its answer — the stored file's `mediaId`, or
 * 413/415 for a file too large or of a refused type — is the console's. A length is required, so
 * channels-ingest can refuse an oversized file from its header before any byte is read.
 */
@ApiTags('desk')
@ApiBearerAuth()
@Controller('media')
export class MediaUploadController {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  @Post()
  @ApiOperation({ summary: 'Upload a file to attach to a reply (raw body; its type and X-Filename)' })
  @ApiConsumes('application/octet-stream')
  @ApiHeader({ name: 'X-Filename', required: false, description: "The file's name as the customer will see it" })
  async upload(@Headers() headers: UploadHeaders, @Req() request: Request, @Res({ passthrough: true }) res: Response) {
    const length = Number(headers['content-length']);
    if (!headers['content-length'] || !Number.isInteger(length) || length < 0)
      throw new HttpException(
        { statusCode: HttpStatus.LENGTH_REQUIRED, message: 'Content-Length is required' },
        HttpStatus.LENGTH_REQUIRED,
      );
    // A JSON or form body was already consumed by the body parser: it cannot be a file.
    if ((request as Request & { _body?: boolean })._body || request.readableDidRead)
      throw new HttpException(
        { statusCode: HttpStatus.UNSUPPORTED_MEDIA_TYPE, message: "send the file's own bytes with its own Content-Type" },
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      );
    const forwarded: Record<string, string> = { authorization: headers.authorization ?? '', 'content-length': String(length) };
    if (headers['content-type']) forwarded['content-type'] = headers['content-type'];
    if (headers['x-filename']) forwarded['x-filename'] = headers['x-filename'];
    if (headers['x-correlation-id']) forwarded['x-correlation-id'] = headers['x-correlation-id'];
    let response: globalThis.Response;
    try {
      response = await fetch(new URL('/media', this.config.CHANNELS_INGEST_URL), {
        method: 'POST',
        headers: forwarded,
        body: length === 0 ? undefined : (Readable.toWeb(request) as ReadableStream<Uint8Array>),
        // Node's fetch streams a request body only in half-duplex mode.
        duplex: 'half',
        signal: AbortSignal.timeout(60_000),
      } as RequestInit);
    } catch (error) {
      throw new BadGatewayException(`the channels-ingest service did not answer: ${(error as Error).message}`);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      throw new BadGatewayException('the channels-ingest service answered something that is not JSON');
    }
    return relay(res, { status: response.status, body });
  }
}
