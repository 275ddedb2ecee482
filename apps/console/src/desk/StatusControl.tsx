import { FormattedMessage, useIntl } from 'react-intl';
import type { Presence } from '../api/types';
import { awayReasonLabel, useAwayReasons } from '../lists/tenant-lists';
import { formatDuration, secondsSince } from '../ui/format';
import { useNow } from '../ui/useNow';
import { presenceMessages } from './presence-messages';

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
  const intl = useIntl();
  const reasons = useAwayReasons();
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
        {intl.formatMessage(presenceMessages[presence.state])}
        {presence.reason && presence.state === 'away' ? ` · ${awayReasonLabel(intl, presence.reason)}` : ''}
      </span>
      {acwLeft === undefined ? (
        <span className="state-time" data-testid="status-time" title={intl.formatMessage({ id: 'desk.status.timeInState' })}>
          {inState === null ? '—' : formatDuration(inState)}
        </span>
      ) : (
        <>
          <span className="state-time acw" data-testid="acw-countdown" title={intl.formatMessage({ id: 'desk.status.acwEndsTitle' })}>
            <FormattedMessage id="desk.status.acwLeft" values={{ time: formatDuration(acwLeft) }} />
          </span>
          <button className="mini-button" data-testid="acw-ready" disabled={pending} onClick={() => onChange('available')}>
            <FormattedMessage id="desk.status.ready" />
          </button>
        </>
      )}
      <select
        data-testid="status-select"
        aria-label={intl.formatMessage({ id: 'desk.status.changeLabel' })}
        value=""
        disabled={pending}
        onChange={(event) => {
          const [state, reason] = event.target.value.split(':') as [Settable, string | undefined];
          if (state) onChange(state, reason || undefined);
        }}
      >
        <option value="">{intl.formatMessage({ id: 'desk.status.changePlaceholder' })}</option>
        <option value="available" disabled={presence.state === 'available'}>
          {intl.formatMessage(presenceMessages.available)}
        </option>
        {reasons.map((reason) => (
          <option key={reason.code} value={`away:${reason.code}`} disabled={presence.state === 'away' && presence.reason === reason.code}>
            {intl.formatMessage({ id: 'common.presence.awayWithReason' }, { reason: reason.label })}
          </option>
        ))}
        <option value="offline" disabled={presence.state === 'offline'}>
          {intl.formatMessage(presenceMessages.offline)}
        </option>
      </select>
    </div>
  );
}
