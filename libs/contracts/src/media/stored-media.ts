import { z } from 'zod';

/**
 * What channels-ingest adds to an attachment once it has fetched, checked and stored the file
 * (docs/channels.md, "Attachments"): the id of the stored copy, or why there is none. Desks show
 * the stored copy through short-lived signed links; the provider's own URL or id may expire.
 */
export const StoredMediaFields = {
  /** The stored copy in channels-ingest's media store. */
  mediaId: z.uuid().optional(),
  /** Why the file was not stored (too large, a refused type, the provider could not be reached). */
  unavailable: z.string().max(300).optional(),
  /** E-mail: shown inside the HTML body (Content-ID), not as a separate file. */
  inline: z.boolean().optional(),
};
