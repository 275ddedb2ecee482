import { baseConfigShape, outboundConfigShape, previousKeysSchema } from '@garda/service-kit';
import { z } from 'zod';
import { mediaConfigShape } from './attachments/media.config';

/** A rate limit's allowance (its window is fixed and named in the description). */
const perWindow = (fallback: number, description: string) =>
  z.coerce.number().int().min(1).max(1_000_000).default(fallback).describe(description);

/** channels-ingest's environment: the base variables plus the keys that protect channel secrets. */
export const channelsIngestConfigShape = {
  ...baseConfigShape,
  ...outboundConfigShape,
  CHANNELS_SECRET_KEY: z
    .string()
    .min(32, 'must be at least 32 characters')
    .describe(
      'Key that encrypts provider secrets at rest (AES-256-GCM); also signs web-chat sessions unless WEBCHAT_SESSION_SECRET is set',
    ),
  CHANNELS_SECRET_KEYS_PREVIOUS: previousKeysSchema.describe(
    'Earlier values of CHANNELS_SECRET_KEY (comma-separated), still accepted to open secrets and web-chat sessions while a rotation is under way (docs/operations.md)',
  ),
  WEBCHAT_SESSION_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .optional()
    .describe('Secret that signs web-chat session tokens; derived from CHANNELS_SECRET_KEY when unset'),
  WEBCHAT_SOCKET_ADAPTER: z
    .enum(['postgres', 'memory'])
    .default('postgres')
    .describe('How channels-ingest replicas share web-chat pushes: postgres (LISTEN/NOTIFY on DATABASE_URL) or memory (single replica)'),
  WEBCHAT_SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(24 * 30)
    .describe('How long a web-chat visitor can resume a session'),
  WEBCHAT_SESSIONS_PER_ADDRESS: perWindow(
    30,
    'Web-chat sessions one source address may start per hour (a NAT or carrier network shares one address)',
  ),
  WEBCHAT_MESSAGES_PER_SESSION: perWindow(20, 'Messages one web-chat session may send per minute'),
  WEBCHAT_MESSAGES_PER_ADDRESS: perWindow(120, 'Web-chat messages one source address may send per minute, all its sessions together'),
  WEBCHAT_CONNECTIONS_PER_ADDRESS: perWindow(60, 'Web-chat socket connection attempts one source address may make per minute'),
  WEBCHAT_TYPING_PER_SESSION: perWindow(
    10,
    'Typing events of one web-chat session relayed to the agent per 10 seconds, all its sockets and replicas together',
  ),
  SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525).describe('Port of the inbound SMTP listener (0 = any free port)'),
  SMTP_HOST: z.string().min(1).default('0.0.0.0').describe('Interface the inbound SMTP listener binds to'),
  SMTP_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true')
    .describe('Run the inbound SMTP listener'),
  SMTP_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(25 * 1024 * 1024)
    .describe('Largest inbound e-mail kept; past it the data is discarded as it arrives and the message refused with 552'),
  SMTP_MAX_CLIENTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(10)
    .describe('Simultaneous SMTP connections per replica (memory: at most this × SMTP_MAX_MESSAGE_BYTES); more are answered 421'),
  SMTP_MAX_CONNECTIONS_PER_ADDRESS: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(3)
    .describe('Simultaneous SMTP connections one source address may hold on a replica; more are answered 421'),
  SMTP_CONNECTIONS_PER_ADDRESS: perWindow(
    30,
    'SMTP connections one source address may open per minute, all replicas together; more are answered 421',
  ),
  SMTP_TLS_CERT_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('PEM certificate (chain) the SMTP listener offers with STARTTLS; with SMTP_TLS_KEY_FILE (both or neither)'),
  SMTP_TLS_KEY_FILE: z.string().min(1).optional().describe('PEM private key of SMTP_TLS_CERT_FILE'),
  SMTP_REQUIRE_TLS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .describe('Refuse mail (530) from clients that did not STARTTLS; leave false for an MX that must take mail from any server'),
  IMAP_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true')
    .describe('Read the mailboxes of e-mail accounts set to inbound "imap" (docs/channels.md, "Existing mailboxes")'),
  IMAP_SCAN_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(30)
    .describe('How often each replica looks for IMAP mailboxes nobody reads (new accounts, a replica gone)'),
  IMAP_LEASE_SECONDS: z.coerce
    .number()
    .int()
    .min(3)
    .max(3600)
    .default(60)
    .describe('How long a replica holds a mailbox without renewing; another replica takes over a stalled reader after this'),
  OUTBOUND_RETRY_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(10)
    .default(4)
    .describe('Attempts per provider request on 429/5xx/network errors'),
  OUTBOUND_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(500).describe('First retry delay; doubles each attempt'),
  OUTBOUND_RETRY_MAX_MS: z.coerce
    .number()
    .int()
    .min(1)
    .max(300_000)
    .default(8000)
    .describe('Longest wait between attempts; a Retry-After asking for longer fails the message at once'),
  OUTBOUND_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000).describe('Timeout of one provider request'),
  // Sends run inside the Kafka consumer's handler: past its 15 s session timeout the partition would
  // be reassigned and the message sent again, hence the ceiling (see delivery/http-delivery.ts).
  OUTBOUND_RETRY_BUDGET_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(14_000)
    .default(12_000)
    .describe(
      'Most time one outbound message may spend on provider requests and retry waits, all attempts included (below the consumer session timeout of 15 s)',
    ),
  PUBLIC_BASE_URL: z
    .url()
    .optional()
    .describe('The public URL providers reach this service at (Twilio signs the full URL); wins over PUBLIC_URL'),
  PUBLIC_URL: z.url().optional().describe("This service's own URL (set by the local launcher); used when PUBLIC_BASE_URL is unset"),
  ...mediaConfigShape,
};

export type ChannelsIngestConfig = z.output<z.ZodObject<typeof channelsIngestConfigShape>>;

/** Where providers reach us, without a trailing slash; undefined means "as the request says". */
export const publicBaseUrl = (config: Pick<ChannelsIngestConfig, 'PUBLIC_BASE_URL' | 'PUBLIC_URL'>): string | undefined =>
  (config.PUBLIC_BASE_URL ?? config.PUBLIC_URL)?.replace(/\/$/, '');
