import { useState } from 'react';
import { defineMessages, FormattedMessage, type MessageDescriptor, useIntl } from 'react-intl';
import { NavLink, Outlet } from 'react-router';
import { LanguageSwitcher } from '../i18n/LanguageSwitcher';
import { useSession, useSessionState } from '../session/SessionProvider';
import { roleMessages } from '../session/role-messages';
import { navigationFor } from './feature';
import { FEATURES } from './features';
import { useLive } from './LiveProvider';
import { TopBarSlotContext } from './TopBarSlot';
import type { ConnectionState } from './useAgentSocket';

const connectionMessages = defineMessages({
  connecting: { id: 'common.connection.connecting' },
  connected: { id: 'common.connection.connected' },
  reconnecting: { id: 'common.connection.reconnecting' },
  refused: { id: 'common.connection.refused' },
}) satisfies Record<ConnectionState, MessageDescriptor>;

/**
 * The frame of every logged-in screen: the top bar (brand, the navigation the user's role may
 * open, the screen's own controls, connection, language, who is logged in) and the screen below.
 */
export function Shell() {
  const intl = useIntl();
  const session = useSession();
  const { signOut } = useSessionState();
  const { state, connected } = useLive();
  const [slot, setSlot] = useState<HTMLElement | null>(null);
  const navigation = navigationFor(session.user.role, FEATURES);

  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark">G</span> Garda
        </div>
        {navigation.length > 0 && (
          <nav className="tabs" aria-label={intl.formatMessage({ id: 'common.nav.label' })}>
            {navigation.map((entry) => (
              <NavLink key={entry.to} to={entry.to} data-testid={entry.testId} className={({ isActive }) => (isActive ? 'active' : '')}>
                {intl.formatMessage(entry.label)}
              </NavLink>
            ))}
          </nav>
        )}
        <div className="topbar-slot" ref={setSlot} />
        <span className="spacer" />
        <span className={`connection connection-${state}`} data-testid="connection-status" data-state={state} role="status">
          {intl.formatMessage(connectionMessages[state])}
        </span>
        <LanguageSwitcher />
        <span className="user" data-testid="current-user">
          {session.user.name} <span className="muted">· {intl.formatMessage(roleMessages[session.user.role])}</span>
        </span>
        <button onClick={signOut} data-testid="logout">
          <FormattedMessage id="common.logout" />
        </button>
      </header>
      {!connected && state !== 'connecting' && (
        <div className="banner" role="alert">
          <FormattedMessage id="common.connection.lostBanner" />
        </div>
      )}
      <main className="content">
        <TopBarSlotContext.Provider value={slot}>
          <Outlet />
        </TopBarSlotContext.Provider>
      </main>
    </div>
  );
}
