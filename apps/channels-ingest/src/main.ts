import 'reflect-metadata';
import { runServiceMain, runTaskMain } from '@garda/service-kit';
import { secretBoxFor } from './accounts/secret-box';
import { reencryptChannelSecrets } from './accounts/secrets-rotation';
import { channelsIngestService } from './channels-ingest.service-definition';

// `node main.js reencrypt-secrets`: seal every channel account's secrets under the current
// CHANNELS_SECRET_KEY (key rotation, docs/operations.md); otherwise start the service.
if (process.argv[2] === 'reencrypt-secrets') {
  runTaskMain(channelsIngestService, async ({ config, dataSource, logger }) => {
    const report = await reencryptChannelSecrets(dataSource, secretBoxFor(config), logger);
    logger.info(report, 'channel account secrets re-encrypted under the current CHANNELS_SECRET_KEY');
    if (report.unreadable.length > 0)
      throw new Error(`secrets of ${report.unreadable.length} account(s) could not be opened: ${report.unreadable.join(', ')}`);
  });
} else {
  runServiceMain(channelsIngestService);
}
