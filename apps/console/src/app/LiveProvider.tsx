import { createContext, type ReactNode, useContext, useMemo } from 'react';
import type { AgentSocket } from '../api/socket';
import { useSession, useSessionState } from '../session/SessionProvider';
import { type ConnectionState, useAgentSocket } from './useAgentSocket';

interface Live {
  /** The session's socket.io connection to the gateway (undefined for a moment after login). */
  socket: AgentSocket | undefined;
  state: ConnectionState;
  connected: boolean;
}

const LiveContext = createContext<Live | undefined>(undefined);

/** One socket per logged-in tab, shared by every screen; a refused one ends the session. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const session = useSession();
  const { signOut } = useSessionState();
  const { socket, state } = useAgentSocket(session.accessToken, signOut);
  const value = useMemo(() => ({ socket, state, connected: state === 'connected' }), [socket, state]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): Live {
  const live = useContext(LiveContext);
  if (!live) throw new Error('useLive outside LiveProvider');
  return live;
}
