import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { AuthClaims, Role } from '@garda/contracts';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import { bearerToken, verifyAccessToken } from './tokens';

/** Global guard: every HTTP route needs a valid token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwtSecret: string,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthClaims }>();
    const token = bearerToken(request.headers.authorization);
    const claims = token ? verifyAccessToken(token, this.jwtSecret) : undefined;
    if (!claims) throw new UnauthorizedException('A valid bearer token is required');
    request.user = claims;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && claims.role !== 'admin' && !roles.includes(claims.role)) {
      throw new ForbiddenException(`This needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}
