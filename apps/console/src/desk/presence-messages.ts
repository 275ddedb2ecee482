import { defineMessages, type MessageDescriptor } from 'react-intl';
import type { Presence } from '../api/types';

/** An agent's state as routing names it, shown on the desk and the wallboard alike. */
export const presenceMessages = defineMessages({
  available: { id: 'common.presence.available' },
  away: { id: 'common.presence.away' },
  offline: { id: 'common.presence.offline' },
  'after-contact-work': { id: 'common.presence.afterContactWork' },
}) satisfies Record<Presence['state'], MessageDescriptor>;
