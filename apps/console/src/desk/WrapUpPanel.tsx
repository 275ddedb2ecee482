import { useState } from 'react';

export const DISPOSITIONS = ['Resolved', 'Information given', 'Follow-up needed', 'Escalated', 'Not resolved', 'Spam'];

/**
 * Wrap-up: pick a disposition code and close. Closing tells routing the contact is done; routing
 * then puts the agent in after-contact work for the queue's time, which the status control counts
 * down (it is routing's timer, so it survives a reload and the wallboard sees it too).
 */
export function WrapUpPanel({
  busy,
  onConfirm,
  onCancel,
}: {
  busy: boolean;
  onConfirm: (disposition: string) => void;
  onCancel: () => void;
}) {
  const [disposition, setDisposition] = useState('');
  return (
    <form
      className="pane-panel wrapup"
      data-testid="wrapup-panel"
      aria-label="Wrap-up"
      onSubmit={(event) => {
        event.preventDefault();
        if (disposition) onConfirm(disposition);
      }}
      onKeyDown={(event) => event.key === 'Escape' && onCancel()}
    >
      <strong>Wrap up</strong>
      <select
        data-testid="wrapup-disposition"
        aria-label="Disposition"
        value={disposition}
        onChange={(event) => setDisposition(event.target.value)}
        autoFocus
        required
      >
        <option value="">Disposition…</option>
        {DISPOSITIONS.map((code) => (
          <option key={code} value={code}>
            {code}
          </option>
        ))}
      </select>
      <button data-testid="wrapup-submit" className="primary" type="submit" disabled={!disposition || busy}>
        Close conversation
      </button>
      <button type="button" onClick={onCancel} disabled={busy}>
        Cancel <kbd>Esc</kbd>
      </button>
      <span className="muted small">After-contact work starts when it closes.</span>
    </form>
  );
}
