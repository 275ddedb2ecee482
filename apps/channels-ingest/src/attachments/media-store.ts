/**
 * The one storage interface of attachments: a local directory by default, S3-compatible object
 * storage when configured. Keys are `tenants/<tenantId>/<mediaId>`, so a tenant's files can be
 * erased by prefix and a customer's by the keys the media table lists for them.
 */
export interface MediaStore {
  readonly kind: 'local' | 's3';
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The bytes, or undefined when nothing is stored under the key. */
  get(key: string): Promise<Buffer | undefined>;
  delete(keys: string[]): Promise<void>;
  /** Deletes everything under a prefix; returns how many objects went. */
  deletePrefix(prefix: string): Promise<number>;
}

export const MEDIA_STORE = Symbol('MediaStore');

export const mediaKey = (tenantId: string, mediaId: string) => `tenants/${tenantId}/${mediaId}`;
export const tenantPrefix = (tenantId: string) => `tenants/${tenantId}/`;
