import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { CurrentUser, Roles, zodBody } from '@garda/service-kit';
import { lockTenant } from '../routing/routing.service';
import { type SkillCatalogue, SkillCatalogueSchema } from './admin.schemas';
import { SkillCatalogueRepository } from './skill-catalogue.repository';
import { UnitOfWork } from '@garda/messaging';
import { DataSource } from 'typeorm';

/**
 * The tenant's skill catalogue: the skills and languages queues and agents' profiles may name,
 * read by supervisors, replaced as a whole by admins. The engine never sees it: it is the admin
 * API's vocabulary, checked when a queue or a profile is saved.
 */
@ApiTags('routing admin')
@ApiBearerAuth()
@Controller('skills')
export class SkillsController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(SkillCatalogueRepository) private readonly catalogue: SkillCatalogueRepository,
  ) {}

  /** Every catalogued skill with the queues and the number of agents that use it. */
  @Get()
  @Roles('supervisor')
  async skills(@CurrentUser() user: AuthClaims) {
    const manager = this.dataSource.manager;
    const [catalogue, usage] = await Promise.all([
      this.catalogue.load(manager, user.tenantId),
      this.catalogue.usage(manager, user.tenantId),
    ]);
    return { skills: catalogue.map((skill) => ({ ...skill, usedBy: usage.get(skill.name) ?? { queues: [], agents: 0 } })) };
  }

  /** Replaces the catalogue; 409 while a skill it leaves out is still used by a queue or an agent. */
  @Put()
  @Roles('admin')
  async putSkills(@CurrentUser() user: AuthClaims, @Body(zodBody(SkillCatalogueSchema)) body: SkillCatalogue) {
    await this.unitOfWork.run(async (tx) => {
      // The same lock as queue and profile changes, so a skill cannot be dropped while one is saved with it.
      await lockTenant(tx, user.tenantId);
      await this.catalogue.replace(tx.manager, user.tenantId, body.skills);
    });
    return body;
  }
}
