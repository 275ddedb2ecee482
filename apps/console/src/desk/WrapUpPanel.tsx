import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useWrapUpCodes } from '../lists/tenant-lists';

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
  const intl = useIntl();
  const codes = useWrapUpCodes();
  const [disposition, setDisposition] = useState('');
  return (
    <form
      className="pane-panel wrapup"
      data-testid="wrapup-panel"
      aria-label={intl.formatMessage({ id: 'desk.wrapUp.title' })}
      onSubmit={(event) => {
        event.preventDefault();
        if (disposition) onConfirm(disposition);
      }}
      onKeyDown={(event) => event.key === 'Escape' && onCancel()}
    >
      <strong>
        <FormattedMessage id="desk.wrapUp.title" />
      </strong>
      <select
        data-testid="wrapup-disposition"
        aria-label={intl.formatMessage({ id: 'desk.wrapUp.dispositionLabel' })}
        value={disposition}
        onChange={(event) => setDisposition(event.target.value)}
        autoFocus
        required
      >
        <option value="">{intl.formatMessage({ id: 'desk.wrapUp.dispositionPlaceholder' })}</option>
        {codes.map((code) => (
          <option key={code.code} value={code.code}>
            {code.label}
          </option>
        ))}
      </select>
      <button data-testid="wrapup-submit" className="primary" type="submit" disabled={!disposition || busy}>
        <FormattedMessage id="desk.wrapUp.submit" />
      </button>
      <button type="button" onClick={onCancel} disabled={busy}>
        <FormattedMessage id="common.cancel" /> <kbd>Esc</kbd>
      </button>
      <span className="muted small">
        <FormattedMessage id="desk.wrapUp.acwHint" />
      </span>
    </form>
  );
}
