import { defineMessage } from 'react-intl';
import type { ConsoleFeature } from '../app/feature';
import { DeskPage } from './DeskPage';

/** The agent desk: offers, conversations, the customer beside them. */
export const feature: ConsoleFeature = {
  id: 'desk',
  routes: [{ path: 'desk', roles: ['agent'], Component: DeskPage, homeFor: ['agent'] }],
  nav: [{ to: '/desk', label: defineMessage({ id: 'desk.nav' }), roles: ['agent'], order: 10, testId: 'nav-desk' }],
};
