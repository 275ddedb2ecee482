import type { EntityManager } from 'typeorm';
import { z } from 'zod';

const MediaRow = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  storage_key: z.string(),
  content_type: z.string(),
  size_bytes: z.coerce.number().int(),
  filename: z.string().nullable(),
  source: z.enum(['customer', 'agent', 'recording']),
  account_id: z.string().nullable(),
  webchat_session_id: z.uuid().nullable(),
  customer_id: z.uuid().nullable(),
  conversation_id: z.uuid().nullable(),
  ticket_id: z.uuid().nullable(),
  created_at: z.coerce.date(),
});
export type StoredMedia = z.infer<typeof MediaRow>;

const rows = (result: unknown) => z.array(MediaRow).parse(Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result);
const T = '"channels_ingest"."media_object"';

/** What is stored in the media store, who it belongs to (tenant, customer, ticket), and where it came from. */
export class MediaRepository {
  constructor(private readonly manager: EntityManager) {}

  async insert(media: {
    id: string;
    tenantId: string;
    storageKey: string;
    contentType: string;
    sizeBytes: number;
    sha256: string;
    filename?: string;
    source: StoredMedia['source'];
    accountId?: string;
    webchatSessionId?: string;
    providerKey?: string;
    uploadedBy?: string;
  }): Promise<StoredMedia> {
    const inserted = rows(
      await this.manager.query(
        `INSERT INTO ${T} ("id", "tenant_id", "storage_key", "content_type", "size_bytes", "sha256", "filename", "source", "account_id",
           "webchat_session_id", "provider_key", "uploaded_by")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT ("tenant_id", "provider_key") WHERE "provider_key" IS NOT NULL DO NOTHING RETURNING *`,
        [
          media.id,
          media.tenantId,
          media.storageKey,
          media.contentType,
          media.sizeBytes,
          media.sha256,
          media.filename ?? null,
          media.source,
          media.accountId ?? null,
          media.webchatSessionId ?? null,
          media.providerKey ?? null,
          media.uploadedBy ?? null,
        ],
      ),
    );
    if (inserted[0]) return inserted[0];
    const existing = media.providerKey ? await this.byProviderKey(media.tenantId, media.providerKey) : undefined;
    if (!existing) throw new Error(`media ${media.id} was neither stored nor found`);
    return existing;
  }

  async byProviderKey(tenantId: string, providerKey: string): Promise<StoredMedia | undefined> {
    return rows(await this.manager.query(`SELECT * FROM ${T} WHERE "tenant_id" = $1 AND "provider_key" = $2`, [tenantId, providerKey]))[0];
  }

  async byId(tenantId: string, id: string): Promise<StoredMedia | undefined> {
    return rows(await this.manager.query(`SELECT * FROM ${T} WHERE "tenant_id" = $1 AND "id" = $2`, [tenantId, id]))[0];
  }

  async byIds(tenantId: string, ids: string[]): Promise<StoredMedia[]> {
    if (ids.length === 0) return [];
    return rows(await this.manager.query(`SELECT * FROM ${T} WHERE "tenant_id" = $1 AND "id" = ANY($2::uuid[])`, [tenantId, ids]));
  }

  /** tickets put the file on a conversation: it now belongs to that customer and ticket (links are scoped to the ticket). */
  async attach(tenantId: string, ids: string[], owner: { customerId: string; conversationId: string; ticketId: string }): Promise<void> {
    if (ids.length === 0) return;
    await this.manager.query(
      `UPDATE ${T} SET "customer_id" = $3, "conversation_id" = $4, "ticket_id" = $5 WHERE "tenant_id" = $1 AND "id" = ANY($2::uuid[])`,
      [tenantId, ids, owner.customerId, owner.conversationId, owner.ticketId],
    );
  }

  /** Removes the rows and returns their storage keys, for the caller to delete from the store. */
  async deleteWhere(tenantId: string, customerId?: string): Promise<string[]> {
    const deleted = rows(
      await this.manager.query(
        `DELETE FROM ${T} WHERE "tenant_id" = $1 ${customerId ? 'AND "customer_id" = $2' : ''} RETURNING *`,
        customerId ? [tenantId, customerId] : [tenantId],
      ),
    );
    return deleted.map((media) => media.storage_key);
  }
}
