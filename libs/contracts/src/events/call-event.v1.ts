import { z } from 'zod';
import { IdSchema, IsoDateSchema, UuidSchema } from '../common';

/**
 * Something that happened on a phone call, for the conversation that represents it (channels-ingest
 * publishes it once tickets has the conversation; docs/channels.md, "Phone"). tickets adds it to the
 * conversation as a system message; `abandoned` (the caller hung up before an agent took the call)
 * also ends the conversation, so routing counts the contact as abandoned.
 */
export const CallEventKindSchema = z.enum([
  'ringing',
  'queued',
  'connecting',
  'answered',
  'completed',
  'abandoned',
  'agent-unreachable',
  'recording',
  'callback-requested',
]);
export type CallEventKind = z.infer<typeof CallEventKindSchema>;

export const CallEventV1 = z.object({
  tenantId: UuidSchema,
  conversationId: UuidSchema,
  accountId: IdSchema,
  /** Twilio's CallSid (CA…), or the callback's id before its call is placed. */
  callSid: z.string().min(1).max(100),
  /** Unique per call and event: tickets stores it once. */
  eventId: UuidSchema,
  event: CallEventKindSchema,
  direction: z.enum(['inbound', 'callback']),
  /** What the conversation shows, e.g. "Call ended after 3 min 12 s". */
  text: z.string().min(1).max(2000),
  agentId: UuidSchema.optional(),
  durationSeconds: z.number().int().nonnegative().optional(),
  recordingUrl: z.string().max(2048).optional(),
  at: IsoDateSchema,
});
export type CallEventV1 = z.infer<typeof CallEventV1>;
