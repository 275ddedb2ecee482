import { z } from 'zod';
import { stripNul } from '../inbound/nul-characters';

/** What a visitor typed: NUL removed (PostgreSQL cannot store it, a person cannot see it), then trimmed. */
const typed = (max: number) =>
  z
    .string()
    .transform((value) => stripNul(value).trim())
    .pipe(z.string().max(max));

/**
 * The pre-chat form. Every field is optional: a visitor may just start typing. The topic must be
 * one of the account's topics; that is checked against the account (see webchat-topics.ts).
 */
export const StartSessionBody = z
  .object({
    name: typed(200).optional(),
    email: z.email().max(320).optional(),
    topic: z.string().trim().max(100).optional(),
  })
  .transform(({ name, email, topic }) => ({
    name: name || undefined,
    email: email?.toLowerCase(),
    topic: topic || undefined,
  }));
export type StartSessionBody = z.output<typeof StartSessionBody>;

export const PostMessageBody = z
  .object({
    /** Chosen by the widget per message and kept across its retries: the dedupe key. */
    clientMessageId: z.uuid(),
    text: z.string().transform(stripNul).pipe(z.string().max(4000)).default(''),
    /** Files uploaded to POST /webchat/:accountId/attachments by this session. */
    attachments: z
      .array(z.strictObject({ mediaId: z.uuid() }))
      .max(10)
      .default([]),
  })
  .refine((body) => body.text.trim().length > 0 || body.attachments.length > 0, { path: ['text'], message: 'must not be empty' });
export type PostMessageBody = z.infer<typeof PostMessageBody>;

export const TypingEvent = z.object({ isTyping: z.boolean() });

/** What the widget receives on its socket (namespace /webchat). */
export interface WebchatServerEvents {
  message: (message: WebchatMessageView) => void;
  typing: (typing: { isTyping: boolean; authorName?: string }) => void;
}

export interface WebchatClientEvents {
  /** The optional acknowledgement says whether the event went on to the agent (throttles and limits). */
  typing: (typing: { isTyping: boolean }, ack?: (result: { relayed: boolean }) => void) => void;
}

/** A file on a web-chat message, with a short-lived link signed for the visitor's session. */
export interface WebchatAttachmentView {
  kind: 'image' | 'audio' | 'video' | 'file';
  mediaId: string;
  url: string;
  mimeType?: string;
  filename?: string;
  sizeBytes?: number;
}

export interface WebchatMessageView {
  messageId: string;
  text: string;
  attachments?: WebchatAttachmentView[];
  authorName?: string;
  direction: 'inbound' | 'outbound';
  createdAt: string;
}

/** Socket.io room of one visitor's session; tenant-scoped like every room in Garda. */
export const webchatRoom = (tenantId: string, sessionId: string) => `tenant:${tenantId}:webchat:${sessionId}`;
