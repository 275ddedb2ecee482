import type { Provider } from '@nestjs/common';
import { CONFIG } from '@garda/service-kit';
import { deriveKey } from '../accounts/secret-box';
import type { ChannelsIngestConfig } from '../channels-ingest.config';
import { SessionTokens } from './session-token';

export const sessionTokensProvider: Provider = {
  provide: SessionTokens,
  inject: [CONFIG],
  useFactory: (config: ChannelsIngestConfig) =>
    new SessionTokens(
      config.WEBCHAT_SESSION_SECRET
        ? Buffer.from(config.WEBCHAT_SESSION_SECRET, 'utf8')
        : deriveKey(config.CHANNELS_SECRET_KEY, 'webchat-session'),
      config.WEBCHAT_SESSION_TTL_HOURS * 3600,
      undefined,
      // While CHANNELS_SECRET_KEY is rotated, visitors' sessions signed under the previous key stay valid.
      config.WEBCHAT_SESSION_SECRET ? [] : config.CHANNELS_SECRET_KEYS_PREVIOUS.map((key) => deriveKey(key, 'webchat-session')),
    ),
};
