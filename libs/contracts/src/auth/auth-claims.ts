import { z } from 'zod';
import { UuidSchema } from '../common';

export const RoleSchema = z.enum(['agent', 'supervisor', 'admin']);
export type Role = z.infer<typeof RoleSchema>;

/** What a Garda access token (JWT) says about its bearer; every service trusts only these claims. */
export const AuthClaimsSchema = z.object({
  sub: UuidSchema,
  tenantId: UuidSchema,
  role: RoleSchema,
  name: z.string().max(200),
});
export type AuthClaims = z.infer<typeof AuthClaimsSchema>;
