import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AuthClaims, Role } from '@garda/contracts';

export const IS_PUBLIC = 'garda:is-public';
export const REQUIRED_ROLES = 'garda:required-roles';

/** Opens a route to callers without a token: health checks and signed provider webhooks only. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Restricts a route to these roles (admin is always allowed). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The verified claims of the caller. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthClaims => {
  const request = context.switchToHttp().getRequest<{ user: AuthClaims }>();
  return request.user;
});
