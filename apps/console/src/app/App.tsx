import { type ReactNode, useCallback, useState } from 'react';
import type { Session } from '../api/types';
import { DeskView } from '../desk/DeskView';
import { LoginView } from '../session/LoginView';
import { loadSession, logout } from '../session/session';
import { ToastProvider } from '../ui/toasts';
import { WallboardView } from '../wallboard/WallboardView';
import { type ConnectionState, useAgentSocket } from './useAgentSocket';

export function App() {
  const [session, setSession] = useState<Session | undefined>(() => loadSession());
  const signOut = useCallback(() => {
    logout();
    setSession(undefined);
  }, []);
  return (
    <ToastProvider>
      {session ? <Shell key={session.accessToken} session={session} onSignOut={signOut} /> : <LoginView onLoggedIn={setSession} />}
    </ToastProvider>
  );
}

const CONNECTION_LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  refused: 'Session expired',
};

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const { socket, state } = useAgentSocket(session.accessToken, onSignOut);
  const isSupervisor = session.user.role !== 'agent';
  const [view, setView] = useState<'desk' | 'wallboard'>(isSupervisor ? 'wallboard' : 'desk');
  const [statusControl, setStatusControl] = useState<ReactNode>(null);
  const connected = state === 'connected';

  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark">G</span> Garda
        </div>
        {isSupervisor && (
          <nav className="tabs" aria-label="Views">
            <button className={view === 'wallboard' ? 'active' : ''} data-testid="nav-wallboard" onClick={() => setView('wallboard')}>
              Wallboard
            </button>
          </nav>
        )}
        {view === 'desk' && statusControl}
        <span className="spacer" />
        <span className={`connection connection-${state}`} data-testid="connection-status" data-state={state} role="status">
          {CONNECTION_LABELS[state]}
        </span>
        <span className="user" data-testid="current-user">
          {session.user.name} <span className="muted">· {session.user.role}</span>
        </span>
        <button onClick={onSignOut} data-testid="logout">
          Log out
        </button>
      </header>
      {!connected && state !== 'connecting' && (
        <div className="banner">Connection lost — reconnecting. Your drafts and open conversations are kept.</div>
      )}
      <main className="content">
        {view === 'desk' ? (
          <DeskView session={session} socket={socket} connected={connected} onUnauthorized={onSignOut} renderStatus={setStatusControl} />
        ) : (
          <WallboardView session={session} socket={socket} connected={connected} onUnauthorized={onSignOut} />
        )}
      </main>
    </div>
  );
}
