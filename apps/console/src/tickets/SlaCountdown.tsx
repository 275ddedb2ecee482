import { FormattedMessage } from 'react-intl';
import { formatDuration } from '../ui/format';
import { useNow } from '../ui/useNow';

/** Time left to the ticket's next SLA deadline, red once it has passed, amber within the hour. */
export function SlaCountdown({ dueAt }: { dueAt: string | null }) {
  const now = useNow(1000);
  if (!dueAt) return <span className="muted">—</span>;
  const left = Math.round((new Date(dueAt).getTime() - now) / 1000);
  const state = left < 0 ? 'breached' : left < 3600 ? 'warning' : 'ok';
  return (
    <span className={`sla sla-${state}`} data-testid="sla-countdown" data-state={state}>
      {left < 0 ? (
        <FormattedMessage id="tickets.sla.overdue" values={{ time: formatDuration(-left) }} />
      ) : (
        <FormattedMessage id="tickets.sla.left" values={{ time: formatDuration(left) }} />
      )}
    </span>
  );
}
