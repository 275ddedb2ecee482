import { Body, Controller, Get, HttpCode, Inject, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { CurrentUser, queryRows, zodBody } from '@garda/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { sanitiseSignature } from './sanitise-html';

const T = '"channels_ingest"."agent_signature"';

export async function signatureOf(manager: EntityManager, tenantId: string, userId: string): Promise<string | undefined> {
  const [row] = await queryRows(
    manager,
    z.object({ html: z.string() }),
    `SELECT "html" FROM ${T} WHERE "tenant_id" = $1 AND "user_id" = $2`,
    [tenantId, userId],
  );
  return row?.html || undefined;
}

const SignatureBody = z.strictObject({ html: z.string().max(10_000) });

/** Every agent keeps their own e-mail signature; it is sanitised when saved and again when sent. Empty removes it. */
@ApiTags('email')
@ApiBearerAuth()
@Controller('email-signatures')
export class SignaturesController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get('me')
  async mine(@CurrentUser() user: AuthClaims) {
    return { html: (await signatureOf(this.dataSource.manager, user.tenantId, user.sub)) ?? '' };
  }

  @Put('me')
  @HttpCode(200)
  async save(@CurrentUser() user: AuthClaims, @Body(zodBody(SignatureBody)) body: z.infer<typeof SignatureBody>) {
    const html = sanitiseSignature(body.html);
    if (!html) await this.dataSource.query(`DELETE FROM ${T} WHERE "tenant_id" = $1 AND "user_id" = $2`, [user.tenantId, user.sub]);
    else
      await this.dataSource.query(
        `INSERT INTO ${T} ("tenant_id", "user_id", "html") VALUES ($1, $2, $3)
         ON CONFLICT ("tenant_id", "user_id") DO UPDATE SET "html" = EXCLUDED."html", "updated_at" = now()`,
        [user.tenantId, user.sub, html],
      );
    return { html };
  }
}
