import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { meQueries } from '../api/queries';
import { useGateway } from '../session/SessionProvider';
import { failureReason } from '../ui/failures';

export type TransferTarget = { queue: string } | { agentId: string; name: string };

const stateMessages = defineMessages({
  available: { id: 'desk.transfer.agentAvailable' },
  away: { id: 'desk.transfer.agentAway' },
  'after-contact-work': { id: 'desk.transfer.agentInWrapUp' },
});
const isKnownState = (state: string): state is keyof typeof stateMessages => state in stateMessages;

/** Transfer the open conversation to a queue or to a colleague who is not offline (routing decides who gets it). */
export function TransferPanel({
  busy,
  onConfirm,
  onCancel,
}: {
  busy: boolean;
  onConfirm: (target: TransferTarget) => void;
  onCancel: () => void;
}) {
  const intl = useIntl();
  const gateway = useGateway();
  const { data: targets, error } = useQuery(meQueries.transferTargets(gateway));
  const [choice, setChoice] = useState('');

  const confirm = () => {
    const [kind, value] = choice.split(':');
    if (kind === 'queue') onConfirm({ queue: value });
    const agent = targets?.agents.find((a) => a.agentId === value);
    if (kind === 'agent' && agent) onConfirm({ agentId: agent.agentId, name: agent.name });
  };

  return (
    <form
      className="pane-panel transfer"
      data-testid="transfer-panel"
      aria-label={intl.formatMessage({ id: 'desk.transfer.title' })}
      onSubmit={(event) => {
        event.preventDefault();
        confirm();
      }}
      onKeyDown={(event) => event.key === 'Escape' && onCancel()}
    >
      <strong>
        <FormattedMessage id="desk.transfer.title" />
      </strong>
      {error ? (
        <span className="danger small">
          <FormattedMessage id="desk.transfer.unavailable" values={{ reason: failureReason(intl, error) }} />
        </span>
      ) : (
        <select
          data-testid="transfer-target"
          aria-label={intl.formatMessage({ id: 'desk.transfer.targetLabel' })}
          value={choice}
          onChange={(event) => setChoice(event.target.value)}
          autoFocus
          disabled={!targets}
        >
          <option value="">
            {targets ? intl.formatMessage({ id: 'desk.transfer.targetPlaceholder' }) : intl.formatMessage({ id: 'common.loading' })}
          </option>
          {targets && (
            <>
              <optgroup label={intl.formatMessage({ id: 'desk.transfer.queues' })}>
                {targets.queues.map((queue) => (
                  <option key={queue} value={`queue:${queue}`}>
                    {intl.formatMessage({ id: 'desk.transfer.queueOption' }, { queue })}
                  </option>
                ))}
              </optgroup>
              <optgroup label={intl.formatMessage({ id: 'desk.transfer.agents' })}>
                {targets.agents.map((agent) => (
                  <option key={agent.agentId} value={`agent:${agent.agentId}`}>
                    {agent.name} ({isKnownState(agent.state) ? intl.formatMessage(stateMessages[agent.state]) : agent.state})
                  </option>
                ))}
              </optgroup>
            </>
          )}
        </select>
      )}
      <button data-testid="transfer-submit" className="primary" type="submit" disabled={!choice || busy}>
        <FormattedMessage id="desk.transfer.submit" />
      </button>
      <button type="button" onClick={onCancel} disabled={busy}>
        <FormattedMessage id="common.cancel" /> <kbd>Esc</kbd>
      </button>
    </form>
  );
}
