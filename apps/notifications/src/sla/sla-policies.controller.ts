import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { CONFIG, CurrentUser, Roles, ZodValidationPipe, queryRows, zodBody } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { NotificationsConfig } from '../notifications.config';

const QueueNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'lower-case letters, digits and dashes');
const SlaPolicySchema = z.object({ maxWaitSeconds: z.number().int().min(1).max(86_400) }).strict();

/** Max wait per queue before an SLA alert; queues without a policy use the service default. */
@ApiTags('sla')
@ApiBearerAuth()
@Controller('sla-policies')
export class SlaPoliciesController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: NotificationsConfig,
  ) {}

  @Get()
  @Roles('supervisor')
  async list(@CurrentUser() user: AuthClaims) {
    const policies = await queryRows(
      this.dataSource,
      z.unknown(),
      `SELECT "queue_name" AS "queueName", "max_wait_seconds" AS "maxWaitSeconds", "updated_at" AS "updatedAt"
       FROM "notifications"."sla_policy" WHERE "tenant_id" = $1 ORDER BY "queue_name"`,
      [user.tenantId],
    );
    return { defaultMaxWaitSeconds: this.config.NOTIFICATIONS_SLA_MAX_WAIT_SECONDS, policies };
  }

  @Put(':queue')
  @Roles('admin')
  async put(
    @CurrentUser() user: AuthClaims,
    @Param('queue', new ZodValidationPipe(QueueNameSchema)) queue: string,
    @Body(zodBody(SlaPolicySchema)) body: z.infer<typeof SlaPolicySchema>,
  ) {
    await this.dataSource.query(
      `INSERT INTO "notifications"."sla_policy" ("tenant_id", "queue_name", "max_wait_seconds") VALUES ($1, $2, $3)
       ON CONFLICT ("tenant_id", "queue_name") DO UPDATE SET "max_wait_seconds" = EXCLUDED."max_wait_seconds", "updated_at" = now()`,
      [user.tenantId, queue, body.maxWaitSeconds],
    );
    return { queueName: queue, maxWaitSeconds: body.maxWaitSeconds };
  }
}
