import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthClaims, SlaCalendarRequest, SlaPoliciesRequest, type TenantSettingsChangedV1, Topics } from '@garda/contracts';
import { CurrentUser, type EventContext, EventPattern, InvalidInputError, Roles, zodBody } from '@garda/service-kit';
import { Ctx, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import { DEFAULT_WARNING_SECONDS } from './sla-clock';
import { SlaCalendarEntity, SlaPolicyEntity } from './sla.entities';

type PoliciesBody = z.infer<typeof SlaPoliciesRequest>;
type CalendarBody = z.infer<typeof SlaCalendarRequest>;

/**
 * The one place SLA targets live (docs/tickets.md#sla): per priority, optionally per queue or
 * channel, counted in the tenant's business hours. Everyone reads them; admins change them. A
 * change applies to tickets from then on (and to a ticket whose priority or queue changes).
 */
@ApiTags('sla')
@ApiBearerAuth()
@Controller('sla')
export class SlaController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get('policies')
  async policies(@CurrentUser() user: AuthClaims) {
    const rows = await this.dataSource
      .getRepository(SlaPolicyEntity)
      .find({ where: { tenantId: user.tenantId }, order: { createdAt: 'ASC' } });
    return {
      policies: rows.map(({ priority, queue, channel, firstResponseSeconds, nextResponseSeconds, resolutionSeconds }) => ({
        priority,
        queue,
        channel,
        firstResponseSeconds,
        nextResponseSeconds,
        resolutionSeconds,
      })),
    };
  }

  @Put('policies')
  @Roles('admin')
  async putPolicies(@CurrentUser() user: AuthClaims, @Body(zodBody(SlaPoliciesRequest)) body: PoliciesBody) {
    const scopes = body.policies.map((p) => `${p.priority ?? '*'}/${p.queue ?? '*'}/${p.channel ?? '*'}`);
    const twice = scopes.find((scope, index) => scopes.indexOf(scope) !== index);
    if (twice) throw new InvalidInputError('policies', `two policies for the same priority/queue/channel: ${twice}`);
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(SlaPolicyEntity).delete({ tenantId: user.tenantId });
      const now = Date.now();
      await manager.getRepository(SlaPolicyEntity).insert(
        body.policies.map((p, index) => ({
          id: randomUUID(),
          tenantId: user.tenantId,
          priority: p.priority ?? null,
          queue: p.queue ?? null,
          channel: p.channel ?? null,
          firstResponseSeconds: p.firstResponseSeconds ?? null,
          nextResponseSeconds: p.nextResponseSeconds ?? null,
          resolutionSeconds: p.resolutionSeconds ?? null,
          createdAt: new Date(now + index),
        })),
      );
    });
    return this.policies(user);
  }

  /** Business hours are counted in the tenant's time zone, as identity holds it. */
  @EventPattern(Topics.TenantSettingsChanged)
  async tenantSettingsChanged(@Payload() settings: TenantSettingsChangedV1, @Ctx() { manager }: EventContext): Promise<void> {
    await manager.query(
      `INSERT INTO "tickets"."sla_calendar" ("tenant_id", "time_zone") VALUES ($1, $2)
       ON CONFLICT ("tenant_id") DO UPDATE SET "time_zone" = EXCLUDED."time_zone"`,
      [settings.tenantId, settings.timeZone],
    );
  }

  @Get('calendar')
  async calendar(@CurrentUser() user: AuthClaims) {
    const row = await this.dataSource.getRepository(SlaCalendarEntity).findOneBy({ tenantId: user.tenantId });
    return {
      timeZone: row?.timeZone ?? 'UTC',
      weekly: row?.weekly ?? null,
      holidays: row?.holidays ?? [],
      warningSeconds: row?.warningSeconds ?? DEFAULT_WARNING_SECONDS,
    };
  }

  @Put('calendar')
  @Roles('admin')
  async putCalendar(@CurrentUser() user: AuthClaims, @Body(zodBody(SlaCalendarRequest)) body: CalendarBody) {
    const current = await this.calendar(user);
    await this.dataSource.getRepository(SlaCalendarEntity).save({
      tenantId: user.tenantId,
      timeZone: current.timeZone,
      weekly: body.weekly !== undefined ? body.weekly : current.weekly,
      holidays: body.holidays ?? current.holidays,
      warningSeconds: body.warningSeconds ?? current.warningSeconds,
    });
    return this.calendar(user);
  }
}
