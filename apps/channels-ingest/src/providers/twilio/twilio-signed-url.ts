import { type ChannelsIngestConfig, publicBaseUrl } from '../../channels-ingest.config';
import type { RawBodyRequest } from '../../inbound/webhook-ingest';

/** Twilio signs the URL it called: PUBLIC_BASE_URL / PUBLIC_URL when set (behind a proxy), else what this request says. */
export function twilioSignedUrl(request: RawBodyRequest, config: Pick<ChannelsIngestConfig, 'PUBLIC_BASE_URL' | 'PUBLIC_URL'>): string {
  const base = publicBaseUrl(config);
  if (base) return `${base}${request.originalUrl}`;
  const proto = request.header('x-forwarded-proto')?.split(',')[0]?.trim() || request.protocol;
  return `${proto}://${request.header('host') ?? 'localhost'}${request.originalUrl}`;
}
