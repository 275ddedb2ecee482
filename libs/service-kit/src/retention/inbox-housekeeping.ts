import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { pruneInbox } from '@garda/messaging';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { BaseConfig } from '../config/load-config';
import { CONFIG, LOGGER } from '../runtime/core.module';
import { PeriodicJob } from './periodic-job';
import { schemaOf } from './retention-policy-projection';

/** Every service's inbox forgets message ids older than INBOX_RETENTION_DAYS. */
@Injectable()
export class InboxHousekeeping implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly job: PeriodicJob;

  constructor(@Inject(DataSource) dataSource: DataSource, @Inject(CONFIG) config: BaseConfig, @Inject(LOGGER) logger: Logger) {
    const schema = schemaOf(dataSource);
    this.job = new PeriodicJob('inbox-pruning', dataSource, logger, config.RETENTION_SWEEP_INTERVAL_SECONDS * 1000, async () => ({
      inbox: await pruneInbox(dataSource, schema, { olderThanDays: config.INBOX_RETENTION_DAYS }),
    }));
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }
}
