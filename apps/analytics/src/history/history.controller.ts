import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { CurrentUser, Roles, ZodValidationPipe } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import { INTERVAL_MINUTES, intervalStarts, mean, percent, serviceLevelPercent } from '../projection/metrics-math';
import { HistoryQueries, REPEAT_CONTACT_WINDOW_DAYS } from './history-queries';
import { type HistoryRange, HistoryRangeSchema } from './history.schemas';

/** Charts and KPIs over a range, for the caller's tenant only. Definitions in docs/metrics.md. */
@ApiTags('history')
@ApiBearerAuth()
@Controller('history')
export class HistoryController {
  private readonly queries: HistoryQueries;

  constructor(@Inject(DataSource) dataSource: DataSource) {
    this.queries = new HistoryQueries(dataSource);
  }

  /** Every 15-minute interval of the range (empty ones included): arrivals, answers, abandons, service level. */
  @Get('intervals')
  @Roles('supervisor')
  async intervals(@CurrentUser() user: AuthClaims, @Query(new ZodValidationPipe(HistoryRangeSchema)) range: HistoryRange) {
    const rows = await this.queries.intervals(user.tenantId, range);
    const byStart = new Map(rows.map((row) => [new Date(row.intervalStart).getTime(), row]));
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      queue: range.queue ?? null,
      intervalMinutes: INTERVAL_MINUTES,
      intervals: intervalStarts(range.from, range.to).map((start) => {
        const row = byStart.get(start.getTime());
        const answered = row?.contactsAnswered ?? 0;
        const abandoned = row?.contactsAbandoned ?? 0;
        const within = row?.answeredWithinThreshold ?? 0;
        return {
          intervalStart: start.toISOString(),
          contactsQueued: row?.contactsQueued ?? 0,
          contactsAnswered: answered,
          contactsAbandoned: abandoned,
          answeredWithinThreshold: within,
          serviceLevelPercent: serviceLevelPercent({ answered, answeredWithinThreshold: within, abandoned }),
          averageSpeedOfAnswerSeconds: mean(row?.answerWaitSeconds ?? 0, answered),
          contactsHandled: row?.contactsHandled ?? 0,
          averageHandleTimeSeconds: mean(row?.handleSeconds ?? 0, row?.contactsHandled ?? 0),
        };
      }),
    };
  }

  @Get('kpis')
  @Roles('supervisor')
  async kpis(@CurrentUser() user: AuthClaims, @Query(new ZodValidationPipe(HistoryRangeSchema)) range: HistoryRange) {
    const [contacts, conversations] = await Promise.all([
      this.queries.contactKpis(user.tenantId, range),
      this.queries.conversationKpis(user.tenantId, range),
    ]);
    const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      queue: range.queue ?? null,
      contactsQueued: contacts.contactsQueued,
      contactsAnswered: contacts.contactsAnswered,
      contactsAbandoned: contacts.contactsAbandoned,
      contactsHandled: contacts.contactsHandled,
      answeredWithinThreshold: contacts.answeredWithinThreshold,
      firstResponseTimeSeconds: round(conversations.averageFirstResponseSeconds),
      averageHandleTimeSeconds: round(contacts.averageHandleTimeSeconds),
      averageSpeedOfAnswerSeconds: round(contacts.averageSpeedOfAnswerSeconds),
      serviceLevelPercent: serviceLevelPercent({
        answered: contacts.contactsAnswered,
        answeredWithinThreshold: contacts.answeredWithinThreshold,
        abandoned: contacts.contactsAbandoned,
      }),
      abandonmentRatePercent: percent(contacts.contactsAbandoned, contacts.contactsQueued),
      firstContactResolutionPercent: percent(conversations.resolvedOnFirstContact, conversations.conversationsClosed),
      firstContactResolutionWindowDays: REPEAT_CONTACT_WINDOW_DAYS,
      conversationsClosed: conversations.conversationsClosed,
      // No survey answers reach analytics yet (no contract carries them): see docs/metrics.md.
      csat: null,
      csatResponses: 0,
    };
  }
}
