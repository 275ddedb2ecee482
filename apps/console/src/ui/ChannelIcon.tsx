import type { ReactNode } from 'react';
import type { Channel } from '@garda/contracts';

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

const LABELS: Record<Channel, { glyph: ReactNode; label: string }> = {
  webchat: { glyph: BUBBLE, label: 'Web chat' },
  email: { glyph: ENVELOPE, label: 'E-mail' },
  whatsapp: { glyph: 'WA', label: 'WhatsApp' },
  messenger: { glyph: 'FB', label: 'Messenger' },
  instagram: { glyph: 'IG', label: 'Instagram' },
  sms: { glyph: 'SMS', label: 'SMS' },
  telegram: { glyph: 'TG', label: 'Telegram' },
  voice: { glyph: 'TEL', label: 'Phone' },
};

export function channelLabel(channel: string): string {
  return LABELS[channel as Channel]?.label ?? channel;
}

export function ChannelIcon({ channel }: { channel: string }) {
  const entry: { glyph: ReactNode; label: string } = LABELS[channel as Channel] ?? { glyph: '?', label: channel };
  return (
    <span
      className={`channel-icon channel-${channel}`}
      title={entry.label}
      aria-label={entry.label}
      data-testid="channel-icon"
      data-channel={channel}
    >
      {entry.glyph}
    </span>
  );
}
