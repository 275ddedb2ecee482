import { filetypeinfo } from 'magic-bytes.js';

/** Formats without magic bytes: plain text, accepted only when it decodes as UTF-8. */
const TEXT_TYPES = new Set(['text/plain', 'text/csv']);

/**
 * The media type of a file from its bytes, never from what the sender claims: a script renamed
 * photo.jpg is not an image. Text (which has no signature) keeps its declared text type when the
 * bytes are valid UTF-8 without NUL; anything else unrecognised is application/octet-stream.
 */
export async function sniffMediaType(bytes: Buffer, declared: string | undefined): Promise<string> {
  // magic-bytes.js lists every signature that matches, most specific first; the first with a media type wins.
  const detected = filetypeinfo(bytes).find((candidate) => candidate.mime)?.mime;
  if (detected) return detected.split(';')[0].trim().toLowerCase();
  const claimed = declared?.split(';')[0]?.trim().toLowerCase();
  if (claimed && TEXT_TYPES.has(claimed) && isText(bytes)) return claimed;
  return 'application/octet-stream';
}

function isText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Whether `type` is in the allow-list (`image/*` style wildcards allowed). */
export function isAllowedType(type: string, allowed: string[]): boolean {
  return allowed.some((pattern) => (pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern));
}

export type AttachmentKind = 'image' | 'audio' | 'video' | 'file';
export const kindOf = (type: string): AttachmentKind =>
  type.startsWith('image/') ? 'image' : type.startsWith('audio/') ? 'audio' : type.startsWith('video/') ? 'video' : 'file';
