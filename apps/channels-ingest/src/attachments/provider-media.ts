import { Inject, Injectable } from '@nestjs/common';
import type { Attachment } from '@garda/contracts';
import { CONFIG, LOGGER, OutboundGuard, queryRows, type Logger } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { ChannelAccount } from '../accounts/channel-accounts.service';
import { settingsOf } from '../accounts/channel-config';
import type { ChannelsIngestConfig } from '../channels-ingest.config';
import type { InboundDraft } from '../inbound/inbound-publisher';
import { MediaRefused, MediaService } from './media.service';

type Download = { bytes: Buffer; contentType?: string; filename?: string };
class TooLarge extends Error {}

const WhatsAppMediaUrl = z.object({ url: z.url(), mime_type: z.string().optional(), file_size: z.coerce.number().optional() });
const TelegramFile = z.object({
  ok: z.literal(true),
  result: z.object({ file_path: z.string().min(1), file_size: z.number().optional() }),
});

/**
 * Fetches what customers send from each provider with the account's own credentials, exactly as
 * the provider documents it, checks it and stores it (MediaService). A file that cannot be had
 * (too large, a refused type, the provider did not answer) is kept on the message as `unavailable`
 * with the reason: the customer's message itself is never refused for its attachment.
 *
 * - WhatsApp Cloud API: GET /{version}/{media-id} (Bearer) → { url }, then GET url (Bearer).
 * - Telegram: GET /bot{token}/getFile?file_id= → file_path, then GET /file/bot{token}/{file_path}.
 * - Messenger / Instagram: the attachment's payload.url (a signed CDN URL, no token).
 * - Twilio MMS: GET MediaUrl{N} with HTTP Basic (Account SID, auth token), following Twilio's redirect.
 */
@Injectable()
export class ProviderMedia {
  constructor(
    @Inject(MediaService) private readonly media: MediaService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: ChannelsIngestConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(OutboundGuard) private readonly guard: OutboundGuard,
  ) {}

  /** The draft with its provider files stored (mediaId) or marked unavailable; a provider's retry of a known message fetches nothing. */
  async collect(account: ChannelAccount, draft: InboundDraft): Promise<InboundDraft> {
    const attachments = draft.attachments ?? [];
    if (!attachments.some((attachment) => this.fetchable(attachment))) return draft;
    const known = await queryRows(
      this.dataSource,
      z.unknown(),
      `SELECT 1 FROM "channels_ingest"."inbound_receipt" WHERE "account_id" = $1 AND "provider_message_id" = $2`,
      [account.id, draft.providerMessageId],
    );
    if (known.length > 0) return draft;
    const stored: Attachment[] = [];
    for (const attachment of attachments) stored.push(this.fetchable(attachment) ? await this.storeOne(account, attachment) : attachment);
    return { ...draft, attachments: stored };
  }

  private fetchable(attachment: Attachment): boolean {
    return (
      !attachment.mediaId &&
      !attachment.unavailable &&
      attachment.kind !== 'location' &&
      Boolean(attachment.providerMediaId ?? attachment.url)
    );
  }

  private async storeOne(account: ChannelAccount, attachment: Attachment): Promise<Attachment> {
    const providerKey = `${account.id}:${attachment.providerMediaId ?? attachment.url}`.slice(0, 1000);
    try {
      const download = await this.download(account, attachment);
      const media = await this.media.save({
        tenantId: account.tenantId,
        bytes: download.bytes,
        declaredType: attachment.mimeType ?? download.contentType,
        filename: attachment.filename ?? download.filename,
        source: 'customer',
        accountId: account.id,
        providerKey,
      });
      return this.media.describe(media, {
        ...(attachment.providerMediaId ? { providerMediaId: attachment.providerMediaId } : {}),
        ...(attachment.filename ? { filename: attachment.filename } : {}),
      });
    } catch (error) {
      const reason =
        error instanceof MediaRefused
          ? `not stored: ${error.message}`
          : error instanceof TooLarge
            ? `not stored: larger than the limit of ${Math.round(this.media.maxBytes / 1024 / 1024)} MB`
            : `could not be fetched from the provider: ${(error as Error).message}`;
      this.logger.warn({ accountId: account.id, providerMediaId: attachment.providerMediaId, reason }, 'customer attachment not stored');
      return { ...attachment, unavailable: reason.slice(0, 300) };
    }
  }

  private async download(account: ChannelAccount, attachment: Attachment): Promise<Download> {
    switch (account.channel) {
      case 'whatsapp': {
        const { config, secrets } = settingsOf('whatsapp', account);
        const auth = { authorization: `Bearer ${secrets.accessToken}` };
        if (!attachment.providerMediaId) throw new Error('no media id');
        const meta = WhatsAppMediaUrl.parse(
          await this.json(
            `${config.apiBaseUrl.replace(/\/$/, '')}/${config.apiVersion}/${encodeURIComponent(attachment.providerMediaId)}`,
            auth,
          ),
        );
        return this.bytes(meta.url, auth);
      }
      case 'telegram': {
        const { config, secrets } = settingsOf('telegram', account);
        if (!attachment.providerMediaId) throw new Error('no file id');
        const base = config.apiBaseUrl.replace(/\/$/, '');
        const file = TelegramFile.parse(
          await this.json(`${base}/bot${secrets.botToken}/getFile?file_id=${encodeURIComponent(attachment.providerMediaId)}`, {}),
        );
        const download = await this.bytes(`${base}/file/bot${secrets.botToken}/${file.result.file_path}`, {});
        return { ...download, filename: download.filename ?? file.result.file_path.split('/').pop() };
      }
      case 'sms': {
        const { config, secrets } = settingsOf('sms', account);
        if (!attachment.url) throw new Error('no media URL');
        return this.bytes(attachment.url, {
          authorization: `Basic ${Buffer.from(`${config.accountSid}:${secrets.authToken}`).toString('base64')}`,
        });
      }
      case 'messenger':
      case 'instagram':
        if (!attachment.url) throw new Error('no attachment URL');
        return this.bytes(attachment.url, {});
      case 'email':
      case 'webchat':
      case 'voice':
        throw new Error(`${account.channel} delivers no files to fetch`);
    }
  }

  private async json(url: string, headers: Record<string, string>): Promise<unknown> {
    const response = await this.guarded(url, headers);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  }

  /**
   * Through the outbound-URL guard (a provider-given URL never reaches a private address), following
   * up to three redirects (Twilio's media URLs redirect to its CDN); credentials go to the first host only.
   */
  private async guarded(url: string, headers: Record<string, string>) {
    const deadline = AbortSignal.timeout(this.config.MEDIA_FETCH_TIMEOUT_MS);
    let target = url;
    let sent = headers;
    for (let hop = 0; ; hop += 1) {
      const response = await this.guard.fetch(target, { headers: sent, signal: deadline });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location || hop === 3) return response;
      await response.body?.cancel();
      const next = new URL(location, target);
      if (next.origin !== new URL(target).origin) sent = {};
      target = next.toString();
    }
  }

  /** Reads at most the size limit: a larger file is abandoned as soon as it passes it. */
  private async bytes(url: string, headers: Record<string, string>): Promise<Download> {
    const response = await this.guarded(url, headers);
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    const declaredLength = Number(response.headers.get('content-length') ?? 0);
    if (declaredLength > this.media.maxBytes) {
      await response.body.cancel();
      throw new TooLarge();
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of response.body) {
      total += chunk.length;
      if (total > this.media.maxBytes) throw new TooLarge();
      chunks.push(Buffer.from(chunk));
    }
    const disposition = /filename="?([^";]+)"?/i.exec(response.headers.get('content-disposition') ?? '')?.[1];
    return {
      bytes: Buffer.concat(chunks),
      contentType: response.headers.get('content-type') ?? undefined,
      ...(disposition ? { filename: disposition } : {}),
    };
  }
}
