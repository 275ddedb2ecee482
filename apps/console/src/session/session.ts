import { api } from '../api/http';
import type { Session } from '../api/types';

const KEY = 'garda.session';

/** Kept per browser tab, so a reload or a network drop does not log the agent out. */
export function loadSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

export async function login(email: string, password: string): Promise<Session> {
  const session = await api<Session>('/auth/login', { method: 'POST', body: { email, password } });
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function logout(): void {
  sessionStorage.removeItem(KEY);
}
