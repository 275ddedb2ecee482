import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useGateway, useSession } from '../session/SessionProvider';
import { useCursorPages } from '../ui/cursor-pages';
import { columnsOf, DataTable } from '../ui/DataTable';
import { ticketStatusLabel } from '../ui/ticket-status';
import { SlaCountdown } from './SlaCountdown';
import { TicketPanel } from './TicketPanel';
import { fieldLabels, panelLabels, priorityLabels, viewLabels } from './ticket-labels';
import {
  AGENT_VIEWS,
  fetchSearch,
  fetchView,
  SUPERVISOR_VIEWS,
  ticketQueries,
  type TicketSummary,
  type TicketView,
} from './ticket-queries';

const columns = columnsOf<TicketSummary>();

/** Views with counts on the left, the view's tickets (or search results) in the middle, the ticket on the right. */
export function TicketsPage() {
  const intl = useIntl();
  const gateway = useGateway();
  const { user } = useSession();
  const views = user.role === 'agent' ? AGENT_VIEWS : SUPERVISOR_VIEWS;
  const [view, setView] = useState<TicketView>(views[0]!);
  const [search, setSearch] = useState('');
  const [submitted, setSubmitted] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const counts = useQuery(ticketQueries.counts(gateway));
  const pages = useCursorPages({
    queryKey: submitted ? ['tickets', 'search', submitted] : ['tickets', 'view', view],
    fetchPage: (cursor, signal) => (submitted ? fetchSearch(gateway, submitted, signal) : fetchView(gateway, view, cursor, signal)),
  });
  const table = [
    columns.accessor('number', {
      header: '#',
      // A button per row: Tab reaches it, Enter opens the ticket beside the list.
      cell: (c) => (
        <button className="link" data-testid={`ticket-open-${c.getValue()}`} onClick={() => setSelected(c.row.original.id)}>
          #{c.getValue()}
        </button>
      ),
    }),
    columns.accessor('subject', { header: intl.formatMessage(fieldLabels.subject) }),
    columns.accessor('status', {
      header: intl.formatMessage(fieldLabels.status),
      cell: (c) => ticketStatusLabel(intl, c.getValue()),
    }),
    columns.accessor('priority', {
      header: intl.formatMessage(fieldLabels.priority),
      cell: (c) => intl.formatMessage(priorityLabels[c.getValue()]),
    }),
    columns.accessor('customerName', { header: intl.formatMessage(fieldLabels.customer), cell: (c) => c.getValue() ?? '—' }),
    columns.accessor('slaDueAt', {
      header: intl.formatMessage(fieldLabels.sla),
      cell: (c) => <SlaCountdown dueAt={c.getValue()} />,
    }),
  ];

  return (
    <div className="tickets-layout" data-testid="tickets-page">
      <nav className="ticket-views" aria-label={intl.formatMessage(panelLabels.views)}>
        <form
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            setSubmitted(search.trim());
          }}
        >
          <input
            data-testid="ticket-search"
            type="search"
            value={search}
            placeholder={intl.formatMessage(panelLabels.searchPlaceholder)}
            aria-label={intl.formatMessage(panelLabels.searchPlaceholder)}
            onChange={(event) => {
              setSearch(event.target.value);
              if (!event.target.value) setSubmitted('');
            }}
          />
        </form>
        <ul>
          {views.map((name) => (
            <li key={name}>
              <button
                data-testid={`ticket-view-${name}`}
                aria-current={!submitted && view === name ? 'page' : undefined}
                onClick={() => {
                  setView(name);
                  setSubmitted('');
                  setSearch('');
                }}
              >
                <FormattedMessage {...viewLabels[name]} />{' '}
                <span className="badge" data-testid={`ticket-view-count-${name}`}>
                  {counts.data?.counts[name] ?? '…'}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main className="ticket-list">
        <DataTable
          testId="ticket-table"
          label={intl.formatMessage(submitted ? panelLabels.searchResults : viewLabels[view])}
          columns={table}
          data={pages.items}
          getRowId={(t) => t.id}
          rowAttributes={(t) => ({
            className: t.id === selected ? 'selected' : undefined,
            'data-testid': 'ticket-row',
            'data-ticket-id': t.id,
            'data-ticket-number': String(t.number),
          })}
          loading={pages.isPending}
          error={pages.error ? String(pages.error) : undefined}
          pager={submitted ? undefined : pages.pager}
        />
      </main>
      {selected && <TicketPanel ticketId={selected} />}
    </div>
  );
}
