import type { Channel } from '@garda/contracts';
import { z } from 'zod';
import { AllowedOriginsSchema } from '../webchat/webchat-origins';
import { WebchatTopicsSchema } from '../webchat/webchat-topics';
import { ImapSecretsFields, ImapSettingsSchema } from '../providers/email/imap/imap-settings';
import { VoiceAccountConfigSchema, VoiceAccountSecretsSchema } from '../providers/voice/voice-config';
import type { ChannelAccount } from './channel-accounts.service';

const url = z.url().refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL');
const graph = {
  apiBaseUrl: url.default('https://graph.facebook.com'),
  apiVersion: z
    .string()
    .regex(/^v\d+\.\d+$/)
    .default('v21.0'),
};

/**
 * What each channel needs from its account: `config` (plain settings, provider base URLs that
 * tests point at a local server) and `secrets` (sealed at rest). Checked when an account is saved
 * and when it is used, so a misconfigured account fails with a reason instead of a crash.
 */
export const ChannelAccountSchemas = {
  webchat: {
    // topics: `"support"` (routes to the queue "support") or `{ name, queue?, skill?, minLevel? }`.
    // allowedOrigins: the sites that may embed the widget (empty: any), see webchat-origins.ts.
    config: z.object({
      topics: WebchatTopicsSchema.default([]),
      greeting: z.string().max(500).optional(),
      allowedOrigins: AllowedOriginsSchema,
    }),
    secrets: z.object({}),
  },
  whatsapp: {
    config: z.object({
      phoneNumberId: z.string().min(1).max(100),
      /** The WhatsApp Business Account whose approved templates the desk offers. */
      businessAccountId: z.string().min(1).max(100).optional(),
      ...graph,
    }),
    secrets: z.object({ appSecret: z.string().min(1), verifyToken: z.string().min(1), accessToken: z.string().min(1) }),
  },
  messenger: {
    config: z.object({ pageId: z.string().min(1).max(100), ...graph }),
    secrets: z.object({ appSecret: z.string().min(1), verifyToken: z.string().min(1), pageAccessToken: z.string().min(1) }),
  },
  instagram: {
    config: z.object({ instagramAccountId: z.string().min(1).max(100), ...graph }),
    secrets: z.object({ appSecret: z.string().min(1), verifyToken: z.string().min(1), accessToken: z.string().min(1) }),
  },
  sms: {
    config: z.object({
      accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio Account SID (AC…)'),
      phoneNumber: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number'),
      apiBaseUrl: url.default('https://api.twilio.com'),
    }),
    secrets: z.object({ authToken: z.string().min(1) }),
  },
  telegram: {
    config: z.object({ apiBaseUrl: url.default('https://api.telegram.org') }),
    secrets: z.object({ botToken: z.string().min(1), webhookSecret: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/) }),
  },
  email: {
    config: z
      .object({
        addresses: z.array(z.email()).min(1).max(20),
        fromAddress: z.email(),
        fromName: z.string().max(200).optional(),
        smtp: z.object({ host: z.string().min(1), port: z.number().int().min(1).max(65535), secure: z.boolean().default(false) }),
        /** How mail arrives: at Garda's SMTP listener (MX or forwarding rule), or read from an existing mailbox over IMAP. */
        inbound: z.enum(['smtp', 'imap']).default('smtp'),
        /** HTML signature for agents who have none of their own; `{{agent.name}}` is the replying agent. */
        signature: z.string().max(10_000).optional(),
        imap: ImapSettingsSchema.optional(),
      })
      .superRefine((config, context) => {
        if (config.inbound === 'imap' && !config.imap)
          context.addIssue({ code: 'custom', path: ['imap'], message: 'is required when inbound is "imap"' });
      }),
    secrets: z.object({ smtpUser: z.string().optional(), smtpPassword: z.string().optional(), ...ImapSecretsFields }),
  },
  voice: { config: VoiceAccountConfigSchema, secrets: VoiceAccountSecretsSchema },
} as const satisfies Record<Channel, { config: z.ZodType; secrets: z.ZodType }>;

export type ChannelConfig<C extends Channel> = z.output<(typeof ChannelAccountSchemas)[C]['config']>;
export type ChannelSecrets<C extends Channel> = z.output<(typeof ChannelAccountSchemas)[C]['secrets']>;

export class AccountMisconfigured extends Error {}

/** The account's settings and secrets, typed for its channel; throws AccountMisconfigured with the reason. */
export function settingsOf<C extends Channel>(
  channel: C,
  account: ChannelAccount,
): { config: ChannelConfig<C>; secrets: ChannelSecrets<C> } {
  const schemas = ChannelAccountSchemas[channel];
  const config = schemas.config.safeParse(account.config);
  const secrets = schemas.secrets.safeParse(account.secrets);
  if (!config.success || !secrets.success) {
    const issues = [
      ...(config.error?.issues ?? []),
      ...(secrets.error?.issues ?? []).map((issue) => ({ ...issue, path: ['secrets', ...issue.path] })),
    ];
    throw new AccountMisconfigured(
      `account ${account.id} is misconfigured: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return { config: config.data as ChannelConfig<C>, secrets: secrets.data as ChannelSecrets<C> };
}
