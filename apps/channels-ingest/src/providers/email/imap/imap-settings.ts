import { z } from 'zod';

/** Where the OAuth2 refresh tokens of the two big mail hosts are exchanged (docs/channels.md, "Existing mailboxes"). */
export const OAUTH2_PRESETS = {
  google: { tokenUrl: 'https://oauth2.googleapis.com/token', scope: 'https://mail.google.com/' },
  microsoft: {
    tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    scope: 'https://outlook.office.com/IMAP.AccessAsUser.All offline_access',
  },
} as const;

/**
 * An e-mail account that reads an existing mailbox over IMAP instead of receiving mail at Garda's
 * SMTP listener. `auth: 'password'` logs in with `secrets.imapPassword` (an app password for Gmail
 * or Microsoft 365); `auth: 'oauth2'` uses SASL XOAUTH2 with an access token obtained from
 * `secrets.oauthRefreshToken` at the provider's token endpoint.
 */
export const ImapSettingsSchema = z
  .object({
    host: z.string().trim().min(1).max(255),
    port: z.number().int().min(1).max(65535).default(993),
    /** Implicit TLS (993). false: plain connection upgraded with STARTTLS when the server offers it. */
    secure: z.boolean().default(true),
    /** The login name; usually the mailbox's address. */
    user: z.string().trim().min(1).max(320),
    mailbox: z.string().trim().min(1).max(200).default('INBOX'),
    auth: z.enum(['password', 'oauth2']).default('password'),
    oauth2: z
      .object({
        provider: z.enum(['google', 'microsoft', 'custom']).default('custom'),
        clientId: z.string().trim().min(1).max(500),
        /** Required for provider "custom"; google and microsoft have their own. */
        tokenUrl: z
          .url()
          .refine((value) => value.startsWith('https://') || value.startsWith('http://'), 'must be an http(s) URL')
          .optional(),
        scope: z.string().max(1000).optional(),
      })
      .optional(),
    /** Wait for new mail with IDLE (RFC 2177) when the server offers it; false: poll only. */
    useIdle: z.boolean().default(true),
    /** Checked this often when the server has no IDLE or useIdle is false (and as a safety net when it has). */
    pollSeconds: z.number().int().min(5).max(3600).default(60),
    /** Mark what Garda has taken as read in the mailbox, so people sharing it see what is handled. */
    markSeen: z.boolean().default(true),
  })
  .superRefine((imap, context) => {
    if (imap.auth === 'oauth2' && !imap.oauth2)
      context.addIssue({ code: 'custom', path: ['oauth2'], message: 'is required when auth is "oauth2"' });
    if (imap.oauth2?.provider === 'custom' && !imap.oauth2.tokenUrl)
      context.addIssue({ code: 'custom', path: ['oauth2', 'tokenUrl'], message: 'is required for provider "custom"' });
  });
export type ImapSettings = z.output<typeof ImapSettingsSchema>;

export const ImapSecretsFields = {
  imapPassword: z.string().min(1).optional(),
  oauthClientSecret: z.string().min(1).optional(),
  oauthRefreshToken: z.string().min(1).optional(),
};

/** The secrets an IMAP mailbox's sign-in needs, as issues (path under `secrets`) for a 400. */
export function missingImapSecrets(imap: ImapSettings, secrets: Record<string, unknown>): Array<{ path: string[]; message: string }> {
  const missing = (name: string) => typeof secrets[name] !== 'string' || secrets[name] === '';
  if (imap.auth === 'password')
    return missing('imapPassword') ? [{ path: ['imapPassword'], message: 'is required when imap.auth is "password"' }] : [];
  return missing('oauthRefreshToken') ? [{ path: ['oauthRefreshToken'], message: 'is required when imap.auth is "oauth2"' }] : [];
}

/** The token endpoint and scope of an OAuth2 mailbox. */
export function oauth2Endpoint(oauth2: NonNullable<ImapSettings['oauth2']>): { tokenUrl: string; scope: string | undefined } {
  const preset = oauth2.provider === 'custom' ? undefined : OAUTH2_PRESETS[oauth2.provider];
  return { tokenUrl: oauth2.tokenUrl ?? preset?.tokenUrl ?? '', scope: oauth2.scope ?? preset?.scope };
}

/** The account reads an existing mailbox over IMAP (and takes no mail at the SMTP listener). */
export const readsOverImap = (account: { config: Record<string, unknown> }): boolean => account.config.inbound === 'imap';
