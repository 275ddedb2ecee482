import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import { InvalidInputError } from '@garda/service-kit';
import type { Request } from 'express';
import { MediaRefused } from './media.service';

/**
 * An upload's bytes: the raw request body (any content type but JSON and forms, which the app
 * parses itself), read no further than the limit: a larger one is a 413 before it is all received.
 */
export async function readUpload(request: Request, maxBytes: number): Promise<{ bytes: Buffer; contentType?: string; filename?: string }> {
  const contentType = request.header('content-type') ?? undefined;
  if (contentType && /^(application\/json|application\/x-www-form-urlencoded)/i.test(contentType))
    throw new InvalidInputError('content-type', 'send the file itself as the body, with its own content type');
  const declared = Number(request.header('content-length') ?? 0);
  if (declared > maxBytes) throw new PayloadTooLargeException(`the file is larger than the limit of ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      request.destroy();
      throw new PayloadTooLargeException(`the file is larger than the limit of ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  const filename = filenameOf(request);
  return { bytes: Buffer.concat(chunks), ...(contentType ? { contentType } : {}), ...(filename ? { filename } : {}) };
}

/** `X-Filename` (URI-encoded) or Content-Disposition's filename; path parts are dropped. */
function filenameOf(request: Request): string | undefined {
  const raw =
    request.header('x-filename') ?? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(request.header('content-disposition') ?? '')?.[1];
  if (!raw) return undefined;
  let name = raw;
  try {
    name = decodeURIComponent(raw);
  } catch {
    // keep it as sent
  }
  const last = name.split(/[\\/]/).pop() ?? '';
  const clean = [...last]
    .filter((character) => character.charCodeAt(0) >= 0x20)
    .join('')
    .trim();
  return clean ? clean.slice(0, 255) : undefined;
}

/** MediaRefused → 413 (too large) or 415 (a type the tenant does not accept). */
export function refusalToHttp(error: unknown): never {
  if (error instanceof MediaRefused) {
    if (error.reason === 'too-large') throw new PayloadTooLargeException(error.message);
    throw new UnsupportedMediaTypeException(error.message);
  }
  throw error;
}
