import { defineMessage } from 'react-intl';
import type { ConsoleFeature } from '../app/feature';
import { TicketsPage } from './TicketsPage';

/** Tickets: views with counts, search, and the ticket panel (status, priority, tags, SLA, history). */
export const feature: ConsoleFeature = {
  id: 'tickets',
  routes: [{ path: 'tickets', roles: ['agent', 'supervisor', 'admin'], Component: TicketsPage }],
  nav: [
    {
      to: '/tickets',
      label: defineMessage({ id: 'tickets.nav' }),
      roles: ['agent', 'supervisor', 'admin'],
      order: 15,
      testId: 'nav-tickets',
    },
  ],
};
