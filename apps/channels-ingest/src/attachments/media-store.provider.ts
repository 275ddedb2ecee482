import type { Provider } from '@nestjs/common';
import { CONFIG } from '@garda/service-kit';
import { deriveKey } from '../accounts/secret-box';
import type { ChannelsIngestConfig } from '../channels-ingest.config';
import { LocalDirectoryStore } from './local-directory-store';
import { MediaLinks } from './media-links';
import { MEDIA_LINKS } from './media.service';
import { MEDIA_STORE, type MediaStore } from './media-store';
import { S3MediaStore } from './s3-media-store';

export function createMediaStore(config: ChannelsIngestConfig): MediaStore {
  if (config.MEDIA_STORE === 'local') return new LocalDirectoryStore(config.MEDIA_LOCAL_DIR);
  if (!config.MEDIA_S3_BUCKET) throw new Error('MEDIA_STORE=s3 needs MEDIA_S3_BUCKET');
  return S3MediaStore.create({
    bucket: config.MEDIA_S3_BUCKET,
    region: config.MEDIA_S3_REGION,
    endpoint: config.MEDIA_S3_ENDPOINT,
    forcePathStyle: config.MEDIA_S3_FORCE_PATH_STYLE,
    accessKeyId: config.MEDIA_S3_ACCESS_KEY_ID,
    secretAccessKey: config.MEDIA_S3_SECRET_ACCESS_KEY,
  });
}

export const mediaProviders: Provider[] = [
  { provide: MEDIA_STORE, inject: [CONFIG], useFactory: createMediaStore },
  {
    provide: MEDIA_LINKS,
    inject: [CONFIG],
    useFactory: (config: ChannelsIngestConfig) => new MediaLinks(deriveKey(config.CHANNELS_SECRET_KEY, 'media-links')),
  },
];
