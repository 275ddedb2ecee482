import { defineMessages, type IntlShape } from 'react-intl';

/** Ticket statuses as Zendesk, Freshdesk and Zammad name them (the tickets work adds pending and on-hold). */
const ticketStatusMessages = defineMessages({
  new: { id: 'common.ticketStatus.new' },
  open: { id: 'common.ticketStatus.open' },
  pending: { id: 'common.ticketStatus.pending' },
  'on-hold': { id: 'common.ticketStatus.onHold' },
  solved: { id: 'common.ticketStatus.solved' },
  closed: { id: 'common.ticketStatus.closed' },
});

export function ticketStatusLabel(intl: IntlShape, status: string): string {
  return status in ticketStatusMessages ? intl.formatMessage(ticketStatusMessages[status as keyof typeof ticketStatusMessages]) : status;
}
