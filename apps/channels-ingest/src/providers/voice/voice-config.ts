import { z } from 'zod';

const url = z.url().refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL');
const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number');
export const VoiceLanguageSchema = z.enum(['id', 'en']);
export type VoiceLanguage = z.infer<typeof VoiceLanguageSchema>;
/** A text the caller hears, per language; a missing language falls back to Garda's default wording. */
const spoken = z.partialRecord(VoiceLanguageSchema, z.string().trim().min(1).max(1000));

/** One key of the IVR menu: where the call goes, in which language it continues, or a callback. */
export const VoiceMenuOptionSchema = z.object({
  digit: z.string().regex(/^[0-9*#]$/, 'must be one key: 0-9, * or #'),
  label: spoken.optional(),
  queue: z.string().trim().min(1).max(100).optional(),
  skill: z.string().trim().min(1).max(100).optional(),
  minLevel: z.number().int().min(1).max(5).optional(),
  language: VoiceLanguageSchema.optional(),
  /** The caller asks to be called back instead of waiting. */
  callback: z.boolean().optional(),
});
export type VoiceMenuOption = z.infer<typeof VoiceMenuOptionSchema>;

/**
 * A Twilio Programmable Voice number (docs/channels.md, "Phone"). The number's "A call comes in"
 * webhook is /webhooks/twilio/voice and its "Call status changes" callback /webhooks/twilio/voice/status.
 */
export const VoiceAccountConfigSchema = z.object({
  accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio Account SID (AC…)'),
  phoneNumber: e164,
  apiBaseUrl: url.default('https://api.twilio.com'),
  language: VoiceLanguageSchema.default('id'),
  greeting: spoken.optional(),
  /** The queue calls wait in when the menu does not choose one (unset: the tenant's default queue). */
  queue: z.string().trim().min(1).max(100).optional(),
  menu: z
    .object({
      prompt: spoken.optional(),
      options: z
        .array(VoiceMenuOptionSchema)
        .min(1)
        .max(12)
        .refine((options) => new Set(options.map((option) => option.digit)).size === options.length, 'digits must be unique'),
      timeoutSeconds: z.number().int().min(1).max(30).default(6),
    })
    .optional(),
  /** Said in turn while the caller waits, between `holdMusicUrl` plays (or pauses). */
  holdMessages: z.partialRecord(VoiceLanguageSchema, z.array(z.string().trim().min(1).max(500)).min(1).max(10)).optional(),
  holdMusicUrl: url.optional(),
  holdPauseSeconds: z.number().int().min(1).max(120).default(15),
  /** Queues whose callers who hang up while waiting get a callback task; `true` for every queue. */
  callbackOnAbandon: z.union([z.boolean(), z.array(z.string().trim().min(1).max(100)).max(50)]).default(false),
  /** Record the conversation between caller and agent (both channels). */
  record: z.boolean().default(true),
  /** Where accepted calls ring: the agent's phone number, or the console (Twilio Voice JavaScript SDK). */
  agentConnection: z.enum(['phone', 'browser']).default('phone'),
  /** TwiML App whose Voice URL is /webhooks/twilio/voice/browser (browser connection only). */
  twimlAppSid: z
    .string()
    .regex(/^AP[0-9a-fA-F]{32}$/, 'must be a TwiML App SID (AP…)')
    .optional(),
  /** How long an agent's phone rings before the call is given up and a callback arranged. */
  agentRingSeconds: z.number().int().min(5).max(120).default(25),
});
export type VoiceAccountConfig = z.output<typeof VoiceAccountConfigSchema>;

/** The auth token signs webhooks and authorises REST; an API key mints Voice SDK access tokens. */
export const VoiceAccountSecretsSchema = z.object({
  authToken: z.string().min(1),
  apiKeySid: z
    .string()
    .regex(/^SK[0-9a-fA-F]{32}$/, 'must be a Twilio API key SID (SK…)')
    .optional(),
  apiKeySecret: z.string().min(1).optional(),
});

export const E164Schema = e164;
