import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, LOGGER, PeriodicJob, affectedRows, expiredSql, type BaseConfig } from '@garda/service-kit';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';

const BATCH = 1000;

/**
 * Applies each tenant's retention policy to channels-ingest's data, one replica at a time, in
 * batches: raw provider payloads after rawPayloadDays (90 by default), web-chat transcript lines
 * after transcriptDays.
 */
@Injectable()
export class ChannelRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly job: PeriodicJob;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONFIG) config: BaseConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.job = new PeriodicJob('channels-retention', dataSource, logger, config.RETENTION_SWEEP_INTERVAL_SECONDS * 1000, async () => ({
      rawPayloads: await this.prune('inbound_raw', 'id', expiredSql('channels_ingest', 'rawPayloadDays', 'r', 'r."received_at"')),
      webchatTranscript: await this.prune(
        'webchat_transcript',
        'id',
        expiredSql('channels_ingest', 'transcriptDays', 'r', 'r."created_at"'),
      ),
    }));
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  private async prune(table: string, key: string, expired: string): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await affectedRows(
        this.dataSource,
        `DELETE FROM "channels_ingest"."${table}" WHERE "${key}" IN (SELECT r."${key}" FROM "channels_ingest"."${table}" r WHERE ${expired} LIMIT ${BATCH})`,
      );
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }
}
