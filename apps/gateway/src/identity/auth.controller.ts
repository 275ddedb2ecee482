import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Post, UnauthorizedException } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { CurrentUser, Public, queryRows, zodBody } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AppUserEntity } from './app-user.entity';
import { InvalidCredentialsError, LoginService } from './login.service';

const LoginRequestSchema = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(1024),
});
type LoginRequest = z.infer<typeof LoginRequestSchema>;

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    @Inject(LoginService) private readonly loginService: LoginService,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  /** Exchanges an e-mail address and password for an access token (JWT with tenant and role). */
  @Public()
  @Post('auth/login')
  @HttpCode(200)
  async login(@Body(zodBody(LoginRequestSchema)) body: LoginRequest) {
    try {
      return await this.loginService.login(body.email, body.password);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) throw new UnauthorizedException(error.message);
      throw error;
    }
  }

  /** Who the token belongs to, as stored now, with the last state routing announced for them. */
  @ApiBearerAuth()
  @Get('me')
  async me(@CurrentUser() claims: AuthClaims) {
    const user = await this.dataSource.getRepository(AppUserEntity).findOneBy({ id: claims.sub, tenantId: claims.tenantId });
    if (!user) throw new NotFoundException('This user no longer exists');
    const [presence] = await queryRows(
      this.dataSource,
      z.object({ state: z.string(), reason: z.string().nullable(), since: z.date() }),
      `SELECT "state", "reason", "since" FROM "gateway"."agent_presence" WHERE "tenant_id" = $1 AND "agent_id" = $2`,
      [user.tenantId, user.id],
    );
    return {
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      tenantId: user.tenantId,
      presence: presence
        ? { state: presence.state, ...(presence.reason ? { reason: presence.reason } : {}), since: new Date(presence.since).toISOString() }
        : { state: 'offline', since: null },
    };
  }
}
