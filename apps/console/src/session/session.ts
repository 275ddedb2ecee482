import type { Role } from '@garda/contracts';
import { z } from 'zod';
import { GatewayClient } from '../api/http';

// Types only from contracts: importing a value would bundle all of contracts (and its schemas) into the console.
const ROLES = ['agent', 'supervisor', 'admin'] as const satisfies readonly Role[];
const RoleSchema = z.enum(ROLES);

/** The tenant's settings as the gateway gives them to its users (GET /tenant, or with the login). */
export const TenantSchema = z.object({
  name: z.string().optional(),
  timeZone: z.string().optional(),
  defaultLanguage: z.string().optional(),
  languages: z.array(z.string()).optional(),
});

/**
 * What the console keeps of a login: POST /auth/login's answer, parsed at the boundary, with the
 * tenant's settings (from the answer when it carries them, else GET /tenant right after).
 * `user.language` is optional: the identity work adds the user's own language. Without settings
 * the console falls back to the demo tenant's (see tenant-settings.ts). Unknown fields are ignored.
 */
export const SessionSchema = z.object({
  accessToken: z.string().min(1),
  user: z.object({
    id: z.string().min(1),
    name: z.string(),
    role: RoleSchema,
    tenantId: z.string().min(1),
    language: z.string().optional(),
  }),
  tenant: TenantSchema.optional(),
});
export type Session = z.infer<typeof SessionSchema>;
export type SessionUser = Session['user'];

const KEY = 'garda.session';

/** Kept per browser tab, so a reload or a network drop does not log the agent out. */
export function loadSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return undefined;
    const parsed = SessionSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function login(email: string, password: string): Promise<Session> {
  // No token yet: a 401 here means a wrong password, not an expired session.
  const started = await new GatewayClient().post('/auth/login', { email, password }, { schema: SessionSchema });
  // The tenant's time zone and languages; a gateway that cannot say leaves the demo tenant's defaults.
  const tenant =
    started.tenant ??
    (await new GatewayClient({ token: started.accessToken }).get('/tenant', { schema: TenantSchema }).catch(() => undefined));
  const session: Session = { ...started, tenant };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function forgetSession(): void {
  sessionStorage.removeItem(KEY);
}
