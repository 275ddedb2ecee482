import { useState } from 'react';
import { formatDuration, secondsSince } from '../ui/format';
import { useNow } from '../ui/useNow';

export const DISPOSITIONS = ['Resolved', 'Information given', 'Follow-up needed', 'Escalated', 'Not resolved', 'Spam'];

/** Wrap-up: a disposition code, with the after-contact-work timer running since it opened. */
export function WrapUpPanel({ startedAt, busy, onConfirm, onCancel }: { startedAt: string; busy: boolean; onConfirm: (disposition: string) => void; onCancel: () => void }) {
  const now = useNow();
  const [disposition, setDisposition] = useState('');
  return (
    <div className="wrapup" data-testid="wrapup-panel" role="dialog" aria-label="Wrap-up">
      <strong>Wrap-up</strong>
      <span className="muted small">
        After-contact work <span data-testid="acw-timer">{formatDuration(secondsSince(startedAt, now) ?? 0)}</span>
      </span>
      <select data-testid="wrapup-disposition" aria-label="Disposition" value={disposition} onChange={(event) => setDisposition(event.target.value)} autoFocus>
        <option value="">Disposition…</option>
        {DISPOSITIONS.map((code) => (
          <option key={code} value={code}>
            {code}
          </option>
        ))}
      </select>
      <button data-testid="wrapup-submit" className="primary" disabled={!disposition || busy} onClick={() => onConfirm(disposition)}>
        Close conversation
      </button>
      <button onClick={onCancel} disabled={busy}>
        Cancel
      </button>
    </div>
  );
}
