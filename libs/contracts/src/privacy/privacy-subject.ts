import { z } from 'zod';
import { ChannelSchema, IdSchema, UuidSchema } from '../common';

/**
 * Whom a data-protection request is about, as the gateway resolved it from the services that know
 * the customer (customers: record and identities; tickets: conversations and their threads) before
 * it asked the others. Services that do not key their rows by customer id find the person's rows
 * by these: channels-ingest by thread (account + thread key) and by the terms inside raw provider
 * payloads, notifications by conversation and thread.
 */
export const PrivacySubjectSchema = z.object({
  customerId: UuidSchema,
  /** What identifies the person in free text: display name, e-mail, phone, every identity value. */
  terms: z.array(z.string().min(1).max(320)).max(200).default([]),
  threads: z
    .array(z.object({ channel: ChannelSchema, accountId: IdSchema, threadKey: z.string().min(1).max(500) }))
    .max(1000)
    .default([]),
  conversationIds: z.array(UuidSchema).max(1000).default([]),
});
export type PrivacySubject = z.output<typeof PrivacySubjectSchema>;
export type PrivacySubjectInput = z.input<typeof PrivacySubjectSchema>;

/**
 * The services that hold personal data of a customer and anonymise it on an erasure request; the
 * request is done when each has reported (privacy.erasure-completed.v1). analytics keeps only the
 * customer's random id (no name, address or text), which is not personal data once customers has
 * erased the record it points to, so it contributes to exports but has nothing to erase.
 */
export const ERASING_SERVICES = ['customers', 'tickets', 'routing', 'channels-ingest', 'notifications'] as const;
export type ErasingService = (typeof ERASING_SERVICES)[number];

/** What anonymised text reads as, everywhere: a reader sees that something was there and was erased. */
export const ERASED_TEXT = '[erased]';
