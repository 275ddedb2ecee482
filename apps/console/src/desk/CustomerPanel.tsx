import { useEffect, useState } from 'react';
import { api } from '../api/http';
import type { CustomerProfile, PastTicket } from '../api/types';
import { ChannelIcon } from '../ui/ChannelIcon';

/** The customer's profile and past tickets beside the conversation. */
export function CustomerPanel({ customerId, token, currentTicketId }: { customerId: string; token: string; currentTicketId: string }) {
  const [profile, setProfile] = useState<CustomerProfile>();
  const [tickets, setTickets] = useState<PastTicket[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    setProfile(undefined);
    setTickets(undefined);
    setError(undefined);
    api<CustomerProfile>(`/customers/${customerId}`, { token }).then(
      (result) => !cancelled && setProfile(result),
      (failure: Error) => !cancelled && setError(failure.message),
    );
    api<PastTicket[]>(`/customers/${customerId}/tickets`, { token }).then(
      (result) => !cancelled && setTickets(result),
      () => !cancelled && setTickets([]),
    );
    return () => {
      cancelled = true;
    };
  }, [customerId, token]);

  return (
    <aside className="customer-panel" data-testid="customer-panel" aria-label="Customer">
      <h3>Customer</h3>
      {error && <p className="muted small">Profile unavailable: {error}</p>}
      {profile && (
        <dl className="profile">
          <dt>Name</dt>
          <dd data-testid="customer-name">{profile.displayName ?? '—'}</dd>
          <dt>E-mail</dt>
          <dd>{profile.email ?? '—'}</dd>
          <dt>Phone</dt>
          <dd>{profile.phone ?? '—'}</dd>
          <dt>Known on</dt>
          <dd>
            {profile.identities.map((identity) => (
              <div key={`${identity.identityType}:${identity.value}`} className="small">
                {identity.identityType}: <span className="muted">{identity.value}</span>
              </div>
            ))}
          </dd>
          <dt>Customer since</dt>
          <dd>{new Date(profile.createdAt).toLocaleDateString()}</dd>
        </dl>
      )}
      <h3>Tickets</h3>
      {tickets === undefined && <p className="muted small">Loading…</p>}
      {tickets?.length === 0 && <p className="muted small">No tickets.</p>}
      <ul className="ticket-list" data-testid="past-tickets">
        {tickets?.map((ticket) => (
          <li key={ticket.id} className={ticket.id === currentTicketId ? 'current' : ''}>
            <div className="ticket-subject">{ticket.subject}</div>
            <div className="small muted">
              {ticket.channels.map((channel) => (
                <ChannelIcon key={channel} channel={channel} />
              ))}{' '}
              {ticket.status} · {new Date(ticket.createdAt).toLocaleDateString()}
              {ticket.disposition ? ` · ${ticket.disposition}` : ''}
              {ticket.id === currentTicketId ? ' · this one' : ''}
            </div>
          </li>
        ))}
      </ul>
    </aside>
  );
}
