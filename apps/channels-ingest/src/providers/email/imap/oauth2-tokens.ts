import { Inject, Injectable } from '@nestjs/common';
import { OutboundGuard } from '@garda/service-kit';
import { z } from 'zod';
import type { ChannelAccount } from '../../../accounts/channel-accounts.service';
import { type ImapSettings, oauth2Endpoint } from './imap-settings';

const TokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().int().positive().default(3600) });

/** The token endpoint refused or could not be reached; the mailbox is retried later with the reason recorded. */
export class OAuth2Failed extends Error {}

/**
 * Access tokens for XOAUTH2 mailboxes (Gmail, Microsoft 365): exchanged from the account's refresh
 * token at the provider's token endpoint (RFC 6749 section 6), through the outbound guard, and kept
 * until a minute before they expire.
 */
@Injectable()
export class OAuth2Tokens {
  private readonly cache = new Map<string, { token: string; until: number }>();

  constructor(@Inject(OutboundGuard) private readonly guard: OutboundGuard) {}

  async accessToken(account: ChannelAccount, imap: ImapSettings): Promise<string> {
    const cached = this.cache.get(account.id);
    if (cached && cached.until > Date.now()) return cached.token;
    if (!imap.oauth2) throw new OAuth2Failed('the mailbox has no oauth2 settings');
    const { tokenUrl, scope } = oauth2Endpoint(imap.oauth2);
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: account.secrets.oauthRefreshToken ?? '',
      client_id: imap.oauth2.clientId,
      ...(account.secrets.oauthClientSecret ? { client_secret: account.secrets.oauthClientSecret } : {}),
      ...(scope ? { scope } : {}),
    });
    const response = await this.guard
      .fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(15_000),
      })
      .catch((error: unknown) => {
        throw new OAuth2Failed(`the token endpoint could not be reached: ${(error as Error).message}`);
      });
    const body = (await response.json().catch(() => undefined)) as { error?: unknown } | undefined;
    // The provider's error code (invalid_grant: the refresh token was revoked) tells the admin what to do.
    if (!response.ok)
      throw new OAuth2Failed(`the token endpoint answered ${response.status}${body?.error ? ` (${String(body.error)})` : ''}`);
    const parsed = TokenResponse.safeParse(body);
    if (!parsed.success) throw new OAuth2Failed('the token endpoint answered without an access_token');
    this.cache.set(account.id, { token: parsed.data.access_token, until: Date.now() + (parsed.data.expires_in - 60) * 1000 });
    return parsed.data.access_token;
  }

  /** The server refused the token (revoked early, or wrong scope): the next sign-in asks for a new one. */
  forget(accountId: string): void {
    this.cache.delete(accountId);
  }
}
