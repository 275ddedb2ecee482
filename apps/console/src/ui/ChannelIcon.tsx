import type { Channel } from '@garda/contracts';
import type { ReactNode } from 'react';
import { defineMessages, type IntlShape, type MessageDescriptor, useIntl } from 'react-intl';

// Plain glyphs and inline SVG: an agent's machine may have no emoji font.
const BUBBLE = (
  <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden>
    <path
      d="M2 3.5A1.5 1.5 0 0 1 3.5 2h9A1.5 1.5 0 0 1 14 3.5v6a1.5 1.5 0 0 1-1.5 1.5H7l-3.5 3v-3h0A1.5 1.5 0 0 1 2 9.5z"
      fill="currentColor"
    />
  </svg>
);
const ENVELOPE = (
  <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden>
    <rect x="1.5" y="3.5" width="13" height="9" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
    <path d="M2 4.5l6 4.5 6-4.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
  </svg>
);

const GLYPHS: Record<Channel, ReactNode> = {
  webchat: BUBBLE,
  email: ENVELOPE,
  whatsapp: 'WA',
  messenger: 'FB',
  instagram: 'IG',
  sms: 'SMS',
  telegram: 'TG',
};

const channelMessages = defineMessages({
  webchat: { id: 'common.channel.webchat' },
  email: { id: 'common.channel.email' },
  whatsapp: { id: 'common.channel.whatsapp' },
  messenger: { id: 'common.channel.messenger' },
  instagram: { id: 'common.channel.instagram' },
  sms: { id: 'common.channel.sms' },
  telegram: { id: 'common.channel.telegram' },
}) satisfies Record<Channel, MessageDescriptor>;

const isChannel = (channel: string): channel is Channel => channel in channelMessages;

/** A channel's name in the user's language; an unknown one as it came. */
export function channelLabel(intl: IntlShape, channel: string): string {
  return isChannel(channel) ? intl.formatMessage(channelMessages[channel]) : channel;
}

export function ChannelIcon({ channel }: { channel: string }) {
  const intl = useIntl();
  const label = channelLabel(intl, channel);
  return (
    <span className={`channel-icon channel-${channel}`} title={label} aria-label={label} data-testid="channel-icon" data-channel={channel}>
      {isChannel(channel) ? GLYPHS[channel] : '?'}
    </span>
  );
}
