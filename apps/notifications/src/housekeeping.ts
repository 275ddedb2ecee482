import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { LOGGER } from '@garda/service-kit';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';

const EVERY_MS = 15 * 60_000;

/**
 * Keeps the working tables small: message links (only needed until the conversation's recipient is
 * known), finished SLA watches, and the webhook delivery log after 30 days. Safe on every replica.
 */
@Injectable()
export class Housekeeping implements OnModuleInit, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    try {
      await this.dataSource.query(`DELETE FROM "notifications"."message_link" WHERE "created_at" < now() - interval '2 days'`);
      await this.dataSource.query(
        `DELETE FROM "notifications"."waiting_contact" WHERE COALESCE("left_at", "alerted_at", "arrived_at") < now() - interval '2 days'`,
      );
      await this.dataSource.query(
        `DELETE FROM "notifications"."webhook_delivery" WHERE "status" <> 'pending' AND "created_at" < now() - interval '30 days'`,
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'housekeeping failed; will retry');
    }
  }
}
