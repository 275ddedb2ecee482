import { defineMessage } from 'react-intl';
import type { ConsoleFeature } from '../app/feature';
import { WallboardPage } from './WallboardPage';

/** The supervisor wallboard: queues and agents, live, with today's charts in the tenant's time zone. */
export const feature: ConsoleFeature = {
  id: 'wallboard',
  routes: [{ path: 'wallboard', roles: ['supervisor', 'admin'], Component: WallboardPage, homeFor: ['supervisor', 'admin'] }],
  nav: [
    { to: '/wallboard', label: defineMessage({ id: 'wallboard.nav' }), roles: ['supervisor', 'admin'], order: 20, testId: 'nav-wallboard' },
  ],
};
