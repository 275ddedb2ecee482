import { useEffect, useState } from 'react';
import { api } from '../api/http';
import type { CustomerProfile, PastTicket } from '../api/types';
import { ChannelIcon } from '../ui/ChannelIcon';

const IDENTITY_LABELS: Record<string, string> = {
  email: 'E-mail',
  phone: 'Phone',
  wa_id: 'WhatsApp',
  psid: 'Messenger',
  igsid: 'Instagram',
  telegram_id: 'Telegram',
  webchat_visitor: 'Web chat',
};

/** The customer's profile and tickets beside the conversation; refreshKey changes when the customer has a new conversation. */
export function CustomerPanel({
  customerId,
  token,
  currentTicketId,
  refreshKey,
}: {
  customerId: string;
  token: string;
  currentTicketId: string;
  refreshKey?: string;
}) {
  const [profile, setProfile] = useState<CustomerProfile>();
  const [tickets, setTickets] = useState<PastTicket[]>();
  const [error, setError] = useState<string>();
  const [ticketsError, setTicketsError] = useState<string>();

  useEffect(() => {
    setProfile(undefined);
    setTickets(undefined);
  }, [customerId]);

  useEffect(() => {
    let cancelled = false;
    setError(undefined);
    setTicketsError(undefined);
    api<CustomerProfile>(`/customers/${customerId}`, { token }).then(
      (result) => !cancelled && setProfile(result),
      (failure: Error) => !cancelled && setError(failure.message),
    );
    api<PastTicket[]>(`/customers/${customerId}/tickets`, { token }).then(
      (result) => !cancelled && setTickets(result),
      (failure: Error) => !cancelled && setTicketsError(failure.message),
    );
    return () => {
      cancelled = true;
    };
  }, [customerId, token, refreshKey]);

  return (
    <aside className="customer-panel" data-testid="customer-panel" aria-label="Customer">
      <h3>Customer</h3>
      {error && <p className="danger small">Profile unavailable: {error}</p>}
      {!profile && !error && <p className="muted small">Loading…</p>}
      {profile && (
        <dl className="profile">
          <dt>Name</dt>
          <dd data-testid="customer-name">{profile.displayName ?? '—'}</dd>
          <dt>E-mail</dt>
          <dd data-testid="customer-email" className="ellipsis" title={profile.email ?? undefined}>
            {profile.email ?? '—'}
          </dd>
          <dt>Phone</dt>
          <dd>{profile.phone ?? '—'}</dd>
          <dt>Since</dt>
          <dd>{new Date(profile.createdAt).toLocaleDateString()}</dd>
          <dt>Known on</dt>
          <dd className="identities">
            {[...new Set(profile.identities.map((identity) => IDENTITY_LABELS[identity.identityType] ?? identity.identityType))].join(
              ', ',
            ) || '—'}
          </dd>
        </dl>
      )}
      <h3>
        Tickets <span className="count">{tickets?.length ?? ''}</span>
      </h3>
      {ticketsError && <p className="danger small">Tickets unavailable: {ticketsError}</p>}
      {tickets === undefined && !ticketsError && <p className="muted small">Loading…</p>}
      {tickets?.length === 0 && <p className="muted small">No tickets.</p>}
      <ul className="ticket-list" data-testid="past-tickets">
        {tickets?.map((ticket) => (
          <li
            key={ticket.id}
            className={ticket.id === currentTicketId ? 'current' : ''}
            data-testid="past-ticket"
            data-current={ticket.id === currentTicketId ? 'true' : 'false'}
          >
            <div className="ticket-subject" title={ticket.subject}>
              {ticket.channels.map((channel) => (
                <ChannelIcon key={channel} channel={channel} />
              ))}
              <span>{ticket.subject}</span>
            </div>
            <div className="small muted">
              <span className={`ticket-status status-${ticket.status}`}>{ticket.status}</span> ·{' '}
              {new Date(ticket.createdAt).toLocaleDateString()}
              {ticket.disposition ? ` · ${ticket.disposition}` : ''}
              {ticket.id === currentTicketId ? ' · this one' : ''}
            </div>
          </li>
        ))}
      </ul>
    </aside>
  );
}
