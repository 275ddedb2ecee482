import 'reflect-metadata';
import { runServiceMain, runTaskMain } from '@garda/service-kit';
import { notificationsService } from './notifications.service-definition';
import { reencryptWebhookSecrets, webhookSecretBoxFor } from './webhooks/webhook-secrets';

// `node main.js reencrypt-secrets`: seal every webhook secret under the current WEBHOOK_SECRET_KEY
// (key rotation, docs/operations.md); otherwise start the service.
if (process.argv[2] === 'reencrypt-secrets') {
  runTaskMain(notificationsService, async ({ config, dataSource, logger }) => {
    const report = await reencryptWebhookSecrets(dataSource, webhookSecretBoxFor(config), logger);
    logger.info(report, 'webhook secrets re-encrypted under the current WEBHOOK_SECRET_KEY');
    if (report.unreadable.length > 0)
      throw new Error(`secrets of ${report.unreadable.length} webhook(s) could not be opened: ${report.unreadable.join(', ')}`);
  });
} else {
  runServiceMain(notificationsService);
}
