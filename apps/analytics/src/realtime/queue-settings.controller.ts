import { Body, Controller, Inject, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { CurrentUser, Roles, ZodValidationPipe, zodBody } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import { z } from 'zod';

const QueueNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'lower-case letters, digits and dashes');
const QueueSettingsSchema = z.object({ serviceLevelSeconds: z.number().int().min(1).max(86_400) }).strict();

/**
 * A queue's service-level threshold (Y in "X % within Y s"). routing holds the same setting but
 * publishes no event for it, so admins set it here too; it applies to contacts answered or
 * abandoned from now on (past intervals keep the threshold they were counted with).
 */
@ApiTags('realtime')
@ApiBearerAuth()
@Controller('settings/queues')
export class QueueSettingsController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Put(':name')
  @Roles('admin')
  async put(
    @CurrentUser() user: AuthClaims,
    @Param('name', new ZodValidationPipe(QueueNameSchema)) name: string,
    @Body(zodBody(QueueSettingsSchema)) body: z.infer<typeof QueueSettingsSchema>,
  ) {
    await this.dataSource.query(
      `INSERT INTO "analytics"."queue" ("tenant_id", "name", "service_level_seconds") VALUES ($1, $2, $3)
       ON CONFLICT ("tenant_id", "name") DO UPDATE SET "service_level_seconds" = EXCLUDED."service_level_seconds"`,
      [user.tenantId, name, body.serviceLevelSeconds],
    );
    return { queueName: name, serviceLevelSeconds: body.serviceLevelSeconds };
  }
}
