import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { GatewayClient } from '../api/http';
import { forgetSession, loadSession, type Session } from './session';

interface SessionState {
  session: Session | undefined;
  signedIn: (session: Session) => void;
  signOut: () => void;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

/** Who is logged in in this tab; signing out forgets the session and every cached answer. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSession] = useState<Session | undefined>(() => loadSession());
  const signOut = useCallback(() => {
    forgetSession();
    setSession(undefined);
    queryClient.clear();
  }, [queryClient]);
  const value = useMemo(() => ({ session, signedIn: setSession, signOut }), [session, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionState(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSessionState outside SessionProvider');
  return state;
}

/** The logged-in session; only for screens under the console's protected routes. */
export function useSession(): Session {
  const { session } = useSessionState();
  if (!session) throw new Error('useSession outside a logged-in route');
  return session;
}

/** The gateway client of the logged-in user: their token on every call, a 401 back to the login page. */
export function useGateway(): GatewayClient {
  const { session, signOut } = useSessionState();
  const token = session?.accessToken;
  return useMemo(() => new GatewayClient({ token, onUnauthorized: signOut }), [token, signOut]);
}
