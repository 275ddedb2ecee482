import { ForbiddenError } from '@garda/service-kit';
import { z } from 'zod';
import type { ChannelAccount } from '../accounts/channel-accounts.service';

/** `https://shop.example`, `http://localhost:8080`, or `https://*.shop.example` for every subdomain. */
const ORIGIN_PATTERN = /^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/;

/**
 * The sites allowed to embed an account's widget (`config.allowedOrigins`). Empty: any site, as
 * before; a tenant that lists its sites stops other pages from starting chats in its name.
 */
export const AllowedOriginsSchema = z
  .array(
    z
      .string()
      .trim()
      .transform((origin) => origin.toLowerCase().replace(/\/$/, ''))
      .pipe(z.string().regex(ORIGIN_PATTERN, 'must be an origin like https://shop.example or https://*.shop.example')),
  )
  .max(50)
  .default([]);

export function allowedOriginsOf(account: ChannelAccount): string[] {
  const parsed = AllowedOriginsSchema.safeParse(account.config.allowedOrigins ?? []);
  // An account saved before validation with a malformed list allows nothing rather than everything.
  return parsed.success ? parsed.data : ['invalid:'];
}

/** Whether a page at `origin` (the browser's Origin header) may use the account's widget. */
export function mayEmbed(account: ChannelAccount, origin: string | undefined): boolean {
  const allowed = allowedOriginsOf(account);
  if (allowed.length === 0) return true;
  // Browsers always send Origin on these requests; a restricted account refuses one without it.
  if (!origin) return false;
  const candidate = origin.toLowerCase();
  return allowed.some((pattern) => {
    if (!pattern.includes('://*.')) return pattern === candidate;
    const [scheme, rest] = pattern.split('://*.');
    if (!candidate.startsWith(`${scheme}://`)) return false;
    const host = candidate.slice(scheme!.length + 3);
    return host.endsWith(`.${rest}`) && host.length > rest!.length + 1;
  });
}

/** 403 for a page the account does not allow. */
export function assertMayEmbed(account: ChannelAccount, origin: string | undefined): void {
  if (!mayEmbed(account, origin)) throw new ForbiddenError('This website may not use this chat');
}
