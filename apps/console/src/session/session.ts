import { RoleSchema } from '@garda/contracts';
import { z } from 'zod';
import { GatewayClient } from '../api/http';

/**
 * What the gateway answers to POST /auth/login, parsed at the boundary. `user.language` and
 * `tenant` are optional: the identity work adds the user's language and the tenant's settings
 * (time zone, default language, languages offered); until then they are absent and the console
 * falls back to the demo tenant's (see tenant-settings.ts). Unknown fields are ignored.
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
  tenant: z
    .object({
      name: z.string().optional(),
      timeZone: z.string().optional(),
      defaultLanguage: z.string().optional(),
      languages: z.array(z.string()).optional(),
    })
    .optional(),
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
  const session = await new GatewayClient().post('/auth/login', { email, password }, { schema: SessionSchema });
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function forgetSession(): void {
  sessionStorage.removeItem(KEY);
}
