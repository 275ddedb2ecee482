import type { Logger } from '@garda/service-kit';
import { type DataSource, IsNull, Not } from 'typeorm';
import { ChannelAccountEntity } from './channel-account.entity';
import type { SecretBox } from './secret-box';

export interface ReencryptionReport {
  /** Accounts with sealed secrets. */
  total: number;
  resealed: number;
  alreadyCurrent: number;
  /** Accounts whose secrets no configured key opens: their admins must enter the secrets again. */
  unreadable: string[];
}

/**
 * Seals every channel account's secrets again under the current CHANNELS_SECRET_KEY (step 2 of a
 * rotation, docs/operations.md). Idempotent and safe beside running replicas: each row is replaced
 * only if it still holds the value that was read (an admin who saved meanwhile sealed it under the
 * current key already).
 */
export async function reencryptChannelSecrets(dataSource: DataSource, box: SecretBox, logger: Logger): Promise<ReencryptionReport> {
  const accounts = dataSource.getRepository(ChannelAccountEntity);
  const rows = await accounts.find({
    select: { id: true, secretsEncrypted: true },
    where: { secretsEncrypted: Not(IsNull()) },
    order: { id: 'ASC' },
  });
  const report: ReencryptionReport = { total: rows.length, resealed: 0, alreadyCurrent: 0, unreadable: [] };
  for (const { id, secretsEncrypted: sealed } of rows) {
    if (sealed === null) continue;
    if (!box.needsResealing(sealed)) {
      report.alreadyCurrent += 1;
      continue;
    }
    let resealed: string;
    try {
      resealed = box.seal(box.open(sealed));
    } catch (error) {
      logger.error({ accountId: id, err: error }, 'channel account secrets cannot be opened with any configured key');
      report.unreadable.push(id);
      continue;
    }
    const result = await accounts.update({ id, secretsEncrypted: sealed }, { secretsEncrypted: resealed });
    if (result.affected) report.resealed += 1;
    else report.alreadyCurrent += 1;
  }
  return report;
}
