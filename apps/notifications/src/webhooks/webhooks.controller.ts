import { randomBytes, randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Inject, NotFoundException, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import {
  CurrentUser,
  InvalidInputError,
  OutboundGuard,
  OutboundRefused,
  Roles,
  affectedRows,
  queryRows,
  zodBody,
} from '@garda/service-kit';
import { DataSource } from 'typeorm';
import { type CreateWebhook, CreateWebhookSchema } from './webhook.schemas';
import { WebhookSecrets } from './webhook-secrets';
import { WEBHOOK_EVENT_TYPES } from './webhook-events';
import { z } from 'zod';

interface EndpointRow {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  createdAt: Date;
  secretHint: string;
}

/** A tenant's outbound webhook endpoints and their delivery log (admins only, own tenant only). */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks')
export class WebhooksController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(OutboundGuard) private readonly guard: OutboundGuard,
    @Inject(WebhookSecrets) private readonly secrets: WebhookSecrets,
  ) {}

  @Post()
  @Roles('admin')
  async create(@CurrentUser() user: AuthClaims, @Body(zodBody(CreateWebhookSchema)) body: CreateWebhook) {
    // Told now, and checked again (resolved and pinned) at every delivery.
    await this.guard.assertCallable(body.url, 'url').catch((error: unknown) => {
      throw error instanceof OutboundRefused ? new InvalidInputError('url', error.reason) : error;
    });
    const id = randomUUID();
    const secret = body.secret ?? `whsec_${randomBytes(24).toString('hex')}`;
    await this.dataSource.query(
      `INSERT INTO "notifications"."webhook_endpoint" ("id", "tenant_id", "url", "events", "secret_sealed", "secret_hint", "description")
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, user.tenantId, body.url, body.events, this.secrets.seal(secret), secret.slice(-4), body.description ?? null],
    );
    // The secret is shown once, when the caller did not choose it; it is never returned again.
    return { id, url: body.url, events: body.events, description: body.description ?? null, ...(body.secret ? {} : { secret }) };
  }

  @Get()
  @Roles('admin')
  async list(@CurrentUser() user: AuthClaims): Promise<{ eventTypes: readonly string[]; webhooks: EndpointRow[] }> {
    const webhooks = await queryRows(
      this.dataSource,
      z.object({
        id: z.string(),
        url: z.string(),
        events: z.array(z.string()),
        description: z.string().nullable(),
        createdAt: z.date(),
        secretHint: z.string(),
      }),
      `SELECT "id", "url", "events", "description", "created_at" AS "createdAt", '…' || "secret_hint" AS "secretHint"
       FROM "notifications"."webhook_endpoint" WHERE "tenant_id" = $1 AND "deleted_at" IS NULL ORDER BY "created_at"`,
      [user.tenantId],
    );
    return { eventTypes: WEBHOOK_EVENT_TYPES, webhooks };
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  async remove(@CurrentUser() user: AuthClaims, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    const affected = await affectedRows(
      this.dataSource,
      `UPDATE "notifications"."webhook_endpoint" SET "deleted_at" = now() WHERE "id" = $1 AND "tenant_id" = $2 AND "deleted_at" IS NULL`,
      [id, user.tenantId],
    );
    if (!affected) throw new NotFoundException('No such webhook');
  }

  /** The delivery log: newest first, with attempts, last HTTP status and error. */
  @Get(':id/deliveries')
  @Roles('admin')
  async deliveries(@CurrentUser() user: AuthClaims, @Param('id', new ParseUUIDPipe()) id: string) {
    const owned = await queryRows(
      this.dataSource,
      z.unknown(),
      `SELECT 1 FROM "notifications"."webhook_endpoint" WHERE "id" = $1 AND "tenant_id" = $2`,
      [id, user.tenantId],
    );
    if (owned.length === 0) throw new NotFoundException('No such webhook');
    return this.dataSource.query(
      `SELECT "id", "event_id" AS "eventId", "event_type" AS "eventType", "status", "attempts", "last_status_code" AS "lastStatusCode",
              "last_error" AS "lastError", "occurred_at" AS "occurredAt", "created_at" AS "createdAt", "next_attempt_at" AS "nextAttemptAt",
              "delivered_at" AS "deliveredAt"
       FROM "notifications"."webhook_delivery" WHERE "endpoint_id" = $1 AND "tenant_id" = $2 ORDER BY "created_at" DESC LIMIT 200`,
      [id, user.tenantId],
    );
  }
}
