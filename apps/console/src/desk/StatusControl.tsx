import type { Presence } from '../api/types';
import { formatDuration, secondsSince } from '../ui/format';
import { useNow } from '../ui/useNow';

export const AWAY_REASONS = ['Break', 'Lunch', 'Meeting', 'Training', 'Coaching'];

const LABELS: Record<Presence['state'], string> = {
  available: 'Available',
  away: 'Away',
  offline: 'Offline',
  'after-contact-work': 'After-contact work',
};

/** The agent's state as routing last announced it, with time in state, and the control to change it. */
export function StatusControl({ presence, pending, onChange }: { presence: Presence; pending: boolean; onChange: (state: 'available' | 'away' | 'offline', reason?: string) => void }) {
  const now = useNow();
  const inState = secondsSince(presence.since, now);
  const value = presence.state === 'away' && presence.reason && AWAY_REASONS.includes(presence.reason) ? `away:${presence.reason}` : presence.state === 'away' ? 'away:' : presence.state;
  return (
    <div className="status-control">
      <span className={`state-dot state-${presence.state}`} aria-hidden />
      <select
        data-testid="status-select"
        aria-label="Your state"
        value={value}
        disabled={pending}
        onChange={(event) => {
          const [state, reason] = event.target.value.split(':') as ['available' | 'away' | 'offline', string | undefined];
          onChange(state, reason || undefined);
        }}
      >
        <option value="available">Available</option>
        {presence.state === 'after-contact-work' && <option value="after-contact-work" disabled>After-contact work</option>}
        {presence.state === 'away' && !AWAY_REASONS.includes(presence.reason ?? '') && <option value="away:">Away{presence.reason ? ` — ${presence.reason}` : ''}</option>}
        {AWAY_REASONS.map((reason) => (
          <option key={reason} value={`away:${reason}`}>
            Away — {reason}
          </option>
        ))}
        <option value="offline">Offline</option>
      </select>
      <span className="state-label" data-testid="status-current" data-state={presence.state}>
        {LABELS[presence.state]}
        {presence.reason && presence.state !== 'away' ? ` (${presence.reason})` : ''}
      </span>
      <span className="state-time" data-testid="status-time" title="Time in state">
        {inState === null ? '—' : formatDuration(inState)}
      </span>
    </div>
  );
}
