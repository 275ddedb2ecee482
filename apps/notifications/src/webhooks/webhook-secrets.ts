import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CONFIG, LOGGER, SecretBox, affectedRows, queryRows, type Logger } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import type { NotificationsConfig } from '../notifications.config';
import { z } from 'zod';

/** The columns a webhook endpoint keeps its signing secret in: sealed, or (before sealing) plain. */
export interface StoredSecret {
  secret: string | null;
  secret_sealed: string | null;
}

const PURPOSE = { salt: 'garda-notifications', info: 'webhook-secrets' };

export const webhookSecretBoxFor = (config: Pick<NotificationsConfig, 'WEBHOOK_SECRET_KEY' | 'WEBHOOK_SECRET_KEYS_PREVIOUS'>) =>
  new SecretBox({ current: config.WEBHOOK_SECRET_KEY, previous: config.WEBHOOK_SECRET_KEYS_PREVIOUS }, PURPOSE);

export interface WebhookReencryptionReport {
  total: number;
  resealed: number;
  alreadyCurrent: number;
  unreadable: string[];
}

/**
 * Webhook signing secrets at rest: sealed with WEBHOOK_SECRET_KEY (AES-256-GCM, key id in the value;
 * earlier keys in WEBHOOK_SECRET_KEYS_PREVIOUS still open), like channel secrets. Secrets stored in
 * plain text before are sealed when the service starts.
 */
@Injectable()
export class WebhookSecrets implements OnApplicationBootstrap {
  private readonly box: SecretBox;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONFIG) config: NotificationsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.box = webhookSecretBoxFor(config);
  }

  async onApplicationBootstrap(): Promise<void> {
    const sealed = await sealPlainSecrets(this.dataSource, this.box);
    if (sealed > 0) this.logger.info({ sealed }, 'webhook secrets stored in plain text sealed under WEBHOOK_SECRET_KEY');
  }

  seal(secret: string): string {
    return this.box.sealText(secret);
  }

  /** The secret to sign with; throws when no configured key opens it. */
  open(stored: StoredSecret): string {
    if (stored.secret_sealed) return this.box.openText(stored.secret_sealed);
    if (stored.secret) return stored.secret;
    throw new Error('the endpoint has no secret');
  }
}

/** Seals every secret still stored in plain text; safe beside other replicas doing the same. */
export async function sealPlainSecrets(dataSource: DataSource, box: SecretBox): Promise<number> {
  const rows = await queryRows(
    dataSource,
    z.object({ id: z.string(), secret: z.string() }),
    `SELECT "id", "secret" FROM "notifications"."webhook_endpoint" WHERE "secret" IS NOT NULL AND "secret_sealed" IS NULL`,
  );
  let sealed = 0;
  for (const row of rows) {
    const affected = await affectedRows(
      dataSource,
      `UPDATE "notifications"."webhook_endpoint" SET "secret_sealed" = $2, "secret" = NULL, "secret_hint" = right($3, 4)
       WHERE "id" = $1 AND "secret" = $3 AND "secret_sealed" IS NULL`,
      [row.id, box.sealText(row.secret), row.secret],
    );
    sealed += affected;
  }
  return sealed;
}

/** Seals every webhook secret again under the current WEBHOOK_SECRET_KEY (key rotation, docs/operations.md). */
export async function reencryptWebhookSecrets(dataSource: DataSource, box: SecretBox, logger: Logger): Promise<WebhookReencryptionReport> {
  await sealPlainSecrets(dataSource, box);
  const rows = await queryRows(
    dataSource,
    z.object({ id: z.string(), secret_sealed: z.string() }),
    `SELECT "id", "secret_sealed" FROM "notifications"."webhook_endpoint" WHERE "secret_sealed" IS NOT NULL ORDER BY "id"`,
  );
  const report: WebhookReencryptionReport = { total: rows.length, resealed: 0, alreadyCurrent: 0, unreadable: [] };
  for (const row of rows) {
    if (!box.needsResealing(row.secret_sealed)) {
      report.alreadyCurrent += 1;
      continue;
    }
    let resealed: string;
    try {
      resealed = box.sealText(box.openText(row.secret_sealed));
    } catch (error) {
      logger.error({ endpointId: row.id, err: error }, 'webhook secret cannot be opened with any configured key');
      report.unreadable.push(row.id);
      continue;
    }
    const affected = await affectedRows(
      dataSource,
      `UPDATE "notifications"."webhook_endpoint" SET "secret_sealed" = $2 WHERE "id" = $1 AND "secret_sealed" = $3`,
      [row.id, resealed, row.secret_sealed],
    );
    if (affected) report.resealed += 1;
    else report.alreadyCurrent += 1;
  }
  return report;
}
