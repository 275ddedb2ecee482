import { useEffect, useState } from 'react';
import { api } from '../api/http';
import type { TransferTargets } from '../api/types';

export type TransferTarget = { queue: string } | { agentId: string; name: string };

const STATE_LABELS: Record<string, string> = { available: 'available', away: 'away', 'after-contact-work': 'in wrap-up' };

/** Transfer the open conversation to a queue or to a colleague who is not offline (routing decides who gets it). */
export function TransferPanel({
  token,
  busy,
  onConfirm,
  onCancel,
}: {
  token: string;
  busy: boolean;
  onConfirm: (target: TransferTarget) => void;
  onCancel: () => void;
}) {
  const [targets, setTargets] = useState<TransferTargets>();
  const [error, setError] = useState<string>();
  const [choice, setChoice] = useState('');

  useEffect(() => {
    let cancelled = false;
    api<TransferTargets>('/me/transfer-targets', { token }).then(
      (result) => !cancelled && setTargets(result),
      (failure: Error) => !cancelled && setError(failure.message),
    );
    return () => {
      cancelled = true;
    };
  }, [token]);

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
      aria-label="Transfer"
      onSubmit={(event) => {
        event.preventDefault();
        confirm();
      }}
      onKeyDown={(event) => event.key === 'Escape' && onCancel()}
    >
      <strong>Transfer</strong>
      {error ? (
        <span className="danger small">Targets unavailable: {error}</span>
      ) : (
        <select
          data-testid="transfer-target"
          aria-label="Transfer to"
          value={choice}
          onChange={(event) => setChoice(event.target.value)}
          autoFocus
          disabled={!targets}
        >
          <option value="">{targets ? 'To a queue or an agent…' : 'Loading…'}</option>
          {targets && (
            <>
              <optgroup label="Queues">
                {targets.queues.map((queue) => (
                  <option key={queue} value={`queue:${queue}`}>
                    Queue {queue}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Agents">
                {targets.agents.map((agent) => (
                  <option key={agent.agentId} value={`agent:${agent.agentId}`}>
                    {agent.name} ({STATE_LABELS[agent.state] ?? agent.state})
                  </option>
                ))}
              </optgroup>
            </>
          )}
        </select>
      )}
      <button data-testid="transfer-submit" className="primary" type="submit" disabled={!choice || busy}>
        Transfer
      </button>
      <button type="button" onClick={onCancel} disabled={busy}>
        Cancel <kbd>Esc</kbd>
      </button>
    </form>
  );
}
