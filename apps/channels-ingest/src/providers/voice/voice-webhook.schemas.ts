import { z } from 'zod';
import { identifier } from '../../inbound/nul-characters';
import { issuesOf, MalformedPayload } from '../normalised-batch';

const sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be a Twilio SID (${prefix}…)`);
// Numbers route to the account before the signature is checked: a NUL there is a 400, not a lookup.
const party = identifier(100);
const seconds = z.coerce
  .number()
  .int()
  .min(0)
  .max(10 * 24 * 3600);

/** The parameters Twilio sends with every voice webhook (https://www.twilio.com/docs/voice/twiml#request-parameters). */
export const TwilioVoiceRequest = z
  .object({
    CallSid: sid('CA'),
    AccountSid: sid('AC'),
    From: party,
    To: party,
    CallStatus: z.enum(['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled']),
    Direction: z.string().max(50).default('inbound'),
    ParentCallSid: sid('CA').optional(),
    Digits: z
      .string()
      .regex(/^[0-9*#]{0,20}$/)
      .optional(),
    CallDuration: seconds.optional(),
    DialCallStatus: z.enum(['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled']).optional(),
    DialCallDuration: seconds.optional(),
  })
  .loose();
export type TwilioVoiceRequest = z.output<typeof TwilioVoiceRequest>;

/** A <Dial record> recording status callback (https://www.twilio.com/docs/voice/twiml/dial#recordingstatuscallback). */
export const TwilioRecordingCallback = z
  .object({
    AccountSid: sid('AC'),
    CallSid: sid('CA'),
    RecordingSid: sid('RE'),
    RecordingUrl: z.url().max(2048),
    RecordingStatus: z.string().max(50),
    RecordingDuration: seconds.optional(),
  })
  .loose();
export type TwilioRecordingCallback = z.output<typeof TwilioRecordingCallback>;

export function parseVoice<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new MalformedPayload(issuesOf(parsed.error));
  return parsed.data;
}

/** Twilio's terminal call statuses: the call is over. */
export const ENDED_STATUSES = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
