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

type Settable = 'available' | 'away' | 'offline';

/**
 * The agent's state as routing last announced it, with time in state (or, in after-contact work,
 * the time left on routing's timer and a way to be ready sooner), and the control to change it.
 */
export function StatusControl({
  presence,
  pending,
  onChange,
}: {
  presence: Presence;
  pending: boolean;
  onChange: (state: Settable, reason?: string) => void;
}) {
  const now = useNow();
  const inState = secondsSince(presence.since, now);
  const acwLeft =
    presence.state === 'after-contact-work' && presence.until ? Math.max(0, (Date.parse(presence.until) - now) / 1000) : undefined;
  return (
    <div className="status-control" data-testid="status-control">
      <span
        className={`status-pill state-${presence.state}`}
        data-testid="status-current"
        data-state={presence.state}
        data-reason={presence.reason ?? ''}
      >
        <span className={`state-dot state-${presence.state}`} aria-hidden />
        {LABELS[presence.state]}
        {presence.reason && presence.state === 'away' ? ` · ${presence.reason}` : ''}
      </span>
      {acwLeft === undefined ? (
        <span className="state-time" data-testid="status-time" title="Time in state">
          {inState === null ? '—' : formatDuration(inState)}
        </span>
      ) : (
        <>
          <span className="state-time acw" data-testid="acw-countdown" title="After-contact work ends (routing's timer)">
            {formatDuration(acwLeft)} left
          </span>
          <button className="mini-button" data-testid="acw-ready" disabled={pending} onClick={() => onChange('available')}>
            Ready
          </button>
        </>
      )}
      <select
        data-testid="status-select"
        aria-label="Change your state"
        value=""
        disabled={pending}
        onChange={(event) => {
          const [state, reason] = event.target.value.split(':') as [Settable, string | undefined];
          if (state) onChange(state, reason || undefined);
        }}
      >
        <option value="">Change state…</option>
        <option value="available" disabled={presence.state === 'available'}>
          Available
        </option>
        {AWAY_REASONS.map((reason) => (
          <option key={reason} value={`away:${reason}`} disabled={presence.state === 'away' && presence.reason === reason}>
            Away — {reason}
          </option>
        ))}
        <option value="offline" disabled={presence.state === 'offline'}>
          Offline
        </option>
      </select>
    </div>
  );
}
