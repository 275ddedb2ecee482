import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Attachment, ConversationMessageV1 } from '@garda/contracts';
import { CONFIG, LOGGER, type Logger, NotFoundError } from '@garda/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { type ChannelsIngestConfig, publicBaseUrl } from '../channels-ingest.config';
import { type LinkScope, MediaLinks } from './media-links';
import { MediaRepository, type StoredMedia } from './media.repository';
import { MEDIA_STORE, type MediaStore, mediaKey, tenantPrefix } from './media-store';
import { isAllowedType, kindOf, sniffMediaType } from './media-type';

export const MEDIA_LINKS = Symbol('MediaLinks');

/** Why a file was refused: too large (413) or of a type the tenant does not accept (415). Nothing was stored. */
export class MediaRefused extends Error {
  constructor(
    readonly reason: 'too-large' | 'type',
    message: string,
  ) {
    super(message);
  }
}

export interface NewMedia {
  tenantId: string;
  bytes: Buffer;
  declaredType?: string;
  filename?: string;
  source: StoredMedia['source'];
  accountId?: string;
  webchatSessionId?: string;
  /** A provider's own id of the file (per tenant): storing the same file again returns the first copy. */
  providerKey?: string;
  uploadedBy?: string;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;

/**
 * Attachments behind one storage interface (ADR 0040): checked (size, type sniffed from the bytes),
 * stored, described by a row, shown through short-lived signed links, and erasable by tenant or
 * customer for the retention and erasure rules to come.
 */
@Injectable()
export class MediaService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MEDIA_STORE) private readonly store: MediaStore,
    @Inject(MEDIA_LINKS) private readonly links: MediaLinks,
    @Inject(CONFIG) private readonly config: ChannelsIngestConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  get maxBytes(): number {
    return this.config.MEDIA_MAX_BYTES;
  }

  /** Throws MediaRefused (413/415) before anything is stored. */
  async check(bytes: Buffer, declaredType: string | undefined): Promise<string> {
    if (bytes.length > this.config.MEDIA_MAX_BYTES)
      throw new MediaRefused('too-large', `the file is ${megabytes(bytes.length)}; the limit is ${megabytes(this.config.MEDIA_MAX_BYTES)}`);
    if (bytes.length === 0) throw new MediaRefused('type', 'the file is empty');
    const type = await sniffMediaType(bytes, declaredType);
    if (!isAllowedType(type, this.config.MEDIA_ALLOWED_TYPES)) throw new MediaRefused('type', `files of type ${type} are not accepted`);
    return type;
  }

  async save(media: NewMedia, manager: EntityManager = this.dataSource.manager): Promise<StoredMedia> {
    const contentType = await this.check(media.bytes, media.declaredType);
    const repository = new MediaRepository(manager);
    if (media.providerKey) {
      const existing = await repository.byProviderKey(media.tenantId, media.providerKey);
      if (existing) return existing;
    }
    const id = randomUUID();
    const storageKey = mediaKey(media.tenantId, id);
    // The object first: a row never points at nothing. A row that fails after the put leaves an
    // orphan object under the tenant's prefix, which tenant erasure still removes.
    await this.store.put(storageKey, media.bytes, contentType);
    return repository.insert({
      id,
      tenantId: media.tenantId,
      storageKey,
      contentType,
      sizeBytes: media.bytes.length,
      sha256: createHash('sha256').update(media.bytes).digest('hex'),
      filename: media.filename?.slice(0, 255),
      source: media.source,
      accountId: media.accountId,
      webchatSessionId: media.webchatSessionId,
      providerKey: media.providerKey,
      uploadedBy: media.uploadedBy,
    });
  }

  /** The attachment as the contract describes it, for a stored file. */
  describe(media: StoredMedia, extra: Partial<Attachment> = {}): Attachment {
    return {
      kind: kindOf(media.content_type),
      mediaId: media.id,
      mimeType: media.content_type,
      sizeBytes: media.size_bytes,
      ...(media.filename ? { filename: media.filename } : {}),
      ...extra,
    };
  }

  async find(tenantId: string, id: string): Promise<StoredMedia | undefined> {
    return new MediaRepository(this.dataSource.manager).byId(tenantId, id);
  }

  async findMany(tenantId: string, ids: string[]): Promise<StoredMedia[]> {
    return new MediaRepository(this.dataSource.manager).byIds(tenantId, ids);
  }

  async content(media: StoredMedia): Promise<Buffer> {
    const bytes = await this.store.get(media.storage_key);
    if (!bytes) throw new NotFoundError('The file is no longer stored');
    return bytes;
  }

  /** A link for a desk user of the ticket the file is on (the gateway has checked they may see the ticket). */
  async linkForTicket(tenantId: string, mediaId: string, ticketId: string) {
    const media = await this.find(tenantId, mediaId);
    if (!media || media.ticket_id !== ticketId) throw new NotFoundError('No such attachment on this ticket');
    return { ...this.sign(media, { kind: 'ticket', id: ticketId }), ...this.describe(media) };
  }

  sign(media: Pick<StoredMedia, 'id' | 'tenant_id'>, scope: LinkScope, ttlSeconds = this.config.MEDIA_LINK_TTL_SECONDS) {
    return this.links.sign(publicBaseUrl(this.config) ?? '', { id: media.id, tenantId: media.tenant_id }, scope, ttlSeconds);
  }

  /** The file behind a signed link, if the link is genuine, unexpired, and for this file's tenant and scope. */
  async openLink(mediaId: string, query: Record<string, unknown>): Promise<{ media: StoredMedia; bytes: Buffer } | undefined> {
    const link = this.links.verify(mediaId, query);
    if (!link || !/^[0-9a-f-]{36}$/i.test(mediaId)) return undefined;
    const media = await this.find(link.tenantId, mediaId);
    if (!media) return undefined;
    const { scope } = link;
    const inScope =
      scope.kind === 'outbound' ||
      (scope.kind === 'ticket' && media.ticket_id === scope.id) ||
      (scope.kind === 'webchat' && (media.webchat_session_id === scope.id || media.source === 'agent'));
    if (!inScope) return undefined;
    return { media, bytes: await this.content(media) };
  }

  /** tickets threaded a message with stored files: they now belong to its customer and ticket. */
  async conversationThreaded(message: ConversationMessageV1, manager: EntityManager): Promise<void> {
    const ids = message.attachments.flatMap((attachment) => (attachment.mediaId ? [attachment.mediaId] : []));
    await new MediaRepository(manager).attach(message.tenantId, ids, {
      customerId: message.customerId,
      conversationId: message.conversationId,
      ticketId: message.ticketId,
    });
  }

  /** Erasure (the security work's retention rules will call these): the rows, then the objects. */
  async eraseCustomer(tenantId: string, customerId: string): Promise<number> {
    const keys = await new MediaRepository(this.dataSource.manager).deleteWhere(tenantId, customerId);
    await this.store.delete(keys);
    return keys.length;
  }

  async eraseTenant(tenantId: string): Promise<number> {
    const keys = await new MediaRepository(this.dataSource.manager).deleteWhere(tenantId);
    const deleted = await this.store.deletePrefix(tenantPrefix(tenantId));
    this.logger.info({ tenantId, rows: keys.length, objects: deleted }, 'tenant attachments erased');
    return keys.length;
  }
}
