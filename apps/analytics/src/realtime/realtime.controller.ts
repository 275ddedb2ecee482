import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { CurrentUser, Roles, ZodValidationPipe } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { startOfUtcDay, waitingAt } from '../projection/metrics-math';
import { RealtimeQueries } from './realtime-queries';
import { agentSnapshots, queueSnapshots } from './realtime-snapshot';

const WaitingTrendQuerySchema = z.object({
  minutes: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),
  stepSeconds: z.coerce.number().int().min(10).max(3600).default(60),
});

/** The supervisor wallboard's figures, for the caller's tenant only (never a tenant from the request). */
@ApiTags('realtime')
@ApiBearerAuth()
@Controller('realtime')
export class RealtimeController {
  private readonly queries: RealtimeQueries;

  constructor(@Inject(DataSource) dataSource: DataSource) {
    this.queries = new RealtimeQueries(dataSource);
  }

  @Get('queues')
  @Roles('supervisor')
  async queues(@CurrentUser() user: AuthClaims) {
    const now = new Date();
    const since = startOfUtcDay(now);
    const [queues, waiting, totals, agents] = await Promise.all([
      this.queries.queues(user.tenantId),
      this.queries.waiting(user.tenantId),
      // To the end of the day: an event stamped a little ahead of this clock still counts today.
      this.queries.totals(user.tenantId, since, new Date(since.getTime() + 86_400_000)),
      this.queries.agents(user.tenantId, since),
    ]);
    return {
      asOf: now.toISOString(),
      since: since.toISOString(),
      queues: queueSnapshots({ queues, waiting, totals, agents: agentSnapshots(agents, now), now }),
    };
  }

  @Get('agents')
  @Roles('supervisor')
  async agents(@CurrentUser() user: AuthClaims) {
    const now = new Date();
    const rows = await this.queries.agents(user.tenantId, startOfUtcDay(now));
    return { asOf: now.toISOString(), agents: agentSnapshots(rows, now) };
  }

  /** Contacts in queue sampled every stepSeconds over the last `minutes` (replayed from arrivals and answers). */
  @Get('waiting')
  @Roles('supervisor')
  async waiting(
    @CurrentUser() user: AuthClaims,
    @Query(new ZodValidationPipe(WaitingTrendQuerySchema)) query: z.output<typeof WaitingTrendQuerySchema>,
  ) {
    const now = new Date();
    const from = new Date(now.getTime() - query.minutes * 60_000);
    const stays = await this.queries.queueStays(user.tenantId, from);
    const instants: Date[] = [];
    for (let at = now.getTime(); at >= from.getTime(); at -= query.stepSeconds * 1000) instants.unshift(new Date(at));
    const queueNames = [...new Set(stays.map((stay) => stay.queueName))].sort();
    const parse = (list: typeof stays) =>
      list.map((stay) => ({ arrivedAt: new Date(stay.arrivedAt), leftAt: stay.leftAt ? new Date(stay.leftAt) : null }));
    const total = waitingAt(instants, parse(stays));
    const byQueue = Object.fromEntries(
      queueNames.map((name) => [name, waitingAt(instants, parse(stays.filter((stay) => stay.queueName === name)))]),
    );
    return {
      asOf: now.toISOString(),
      stepSeconds: query.stepSeconds,
      points: instants.map((at, index) => ({
        at: at.toISOString(),
        contactsInQueue: total[index],
        byQueue: Object.fromEntries(queueNames.map((name) => [name, byQueue[name][index]])),
      })),
    };
  }
}
