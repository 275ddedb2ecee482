import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { CurrentUser, Roles, ZodValidationPipe } from '@garda/service-kit';
import { type StaffingQuery, StaffingQuerySchema } from './staffing.schemas';
import { StaffingService } from './staffing.service';

/** Staffing advice for supervisors: agents needed per 15 minutes (Erlang C), with "what if" inputs. */
@ApiTags('staffing')
@ApiBearerAuth()
@Roles('supervisor')
@Controller('staffing')
export class StaffingController {
  constructor(@Inject(StaffingService) private readonly staffing: StaffingService) {}

  @Get()
  advice(@CurrentUser() user: AuthClaims, @Query(new ZodValidationPipe(StaffingQuerySchema)) query: StaffingQuery) {
    return this.staffing.advice(user.tenantId, query);
  }
}
