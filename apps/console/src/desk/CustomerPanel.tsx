import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { customerQueries } from '../api/queries';
import { wrapUpLabel } from '../lists/tenant-lists';
import { useGateway } from '../session/SessionProvider';
import { calendarDay } from '../time/formats';
import { ChannelIcon } from '../ui/ChannelIcon';
import { failureReason } from '../ui/failures';
import { ticketStatusLabel } from '../ui/ticket-status';

const identityMessages = defineMessages({
  email: { id: 'common.channel.email' },
  phone: { id: 'desk.customer.identity.phone' },
  wa_id: { id: 'common.channel.whatsapp' },
  psid: { id: 'common.channel.messenger' },
  igsid: { id: 'common.channel.instagram' },
  telegram_id: { id: 'common.channel.telegram' },
  webchat_visitor: { id: 'common.channel.webchat' },
});
const isKnownIdentity = (type: string): type is keyof typeof identityMessages => type in identityMessages;

/** The customer's profile and tickets beside the conversation; refreshKey changes when the customer has a new conversation. */
export function CustomerPanel({
  customerId,
  currentTicketId,
  refreshKey,
}: {
  customerId: string;
  currentTicketId: string;
  refreshKey?: string;
}) {
  const intl = useIntl();
  const gateway = useGateway();
  const queryClient = useQueryClient();
  const profile = useQuery(customerQueries.profile(gateway, customerId));
  const tickets = useQuery(customerQueries.tickets(gateway, customerId));

  // A new conversation of this customer's: what is shown is refetched (and kept on screen meanwhile).
  const shownKey = useRef(refreshKey);
  useEffect(() => {
    if (shownKey.current === refreshKey) return;
    shownKey.current = refreshKey;
    void queryClient.invalidateQueries({ queryKey: ['customers', customerId] });
  }, [refreshKey, customerId, queryClient]);

  const identities = [
    ...new Set(
      (profile.data?.identities ?? []).map((identity) =>
        isKnownIdentity(identity.identityType) ? intl.formatMessage(identityMessages[identity.identityType]) : identity.identityType,
      ),
    ),
  ];

  return (
    <aside className="customer-panel" data-testid="customer-panel" aria-label={intl.formatMessage({ id: 'desk.customer.title' })}>
      <h3>
        <FormattedMessage id="desk.customer.title" />
      </h3>
      {profile.error && (
        <p className="danger small">
          <FormattedMessage id="desk.customer.profileUnavailable" values={{ reason: failureReason(intl, profile.error) }} />
        </p>
      )}
      {profile.isPending && (
        <p className="muted small">
          <FormattedMessage id="common.loading" />
        </p>
      )}
      {profile.data && (
        <dl className="profile">
          <dt>
            <FormattedMessage id="desk.customer.name" />
          </dt>
          <dd data-testid="customer-name">{profile.data.displayName ?? '—'}</dd>
          <dt>
            <FormattedMessage id="desk.customer.email" />
          </dt>
          <dd data-testid="customer-email" className="ellipsis" title={profile.data.email ?? undefined}>
            {profile.data.email ?? '—'}
          </dd>
          <dt>
            <FormattedMessage id="desk.customer.phone" />
          </dt>
          <dd>{profile.data.phone ?? '—'}</dd>
          <dt>
            <FormattedMessage id="desk.customer.since" />
          </dt>
          <dd>{calendarDay(intl, profile.data.createdAt)}</dd>
          <dt>
            <FormattedMessage id="desk.customer.knownOn" />
          </dt>
          <dd className="identities">{identities.join(', ') || '—'}</dd>
        </dl>
      )}
      <h3>
        <FormattedMessage id="desk.customer.tickets" /> <span className="count">{tickets.data?.length ?? ''}</span>
      </h3>
      {tickets.error && (
        <p className="danger small">
          <FormattedMessage id="desk.customer.ticketsUnavailable" values={{ reason: failureReason(intl, tickets.error) }} />
        </p>
      )}
      {tickets.isPending && (
        <p className="muted small">
          <FormattedMessage id="common.loading" />
        </p>
      )}
      {tickets.data?.length === 0 && (
        <p className="muted small">
          <FormattedMessage id="desk.customer.noTickets" />
        </p>
      )}
      <ul className="ticket-list" data-testid="past-tickets">
        {tickets.data?.map((ticket) => (
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
              <span className={`ticket-status status-${ticket.status}`}>{ticketStatusLabel(intl, ticket.status)}</span> ·{' '}
              {calendarDay(intl, ticket.createdAt)}
              {ticket.disposition ? ` · ${wrapUpLabel(intl, ticket.disposition)}` : ''}
              {ticket.id === currentTicketId ? (
                <>
                  {' · '}
                  <FormattedMessage id="desk.customer.thisTicket" />
                </>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </aside>
  );
}
