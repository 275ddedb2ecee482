import type { AgentFigures } from '@garda/contracts';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from '../api/http';
import { type AgentSocket, command } from '../api/socket';
import type { Session } from '../api/types';
import { AWAY_REASONS } from '../desk/StatusControl';
import { ChannelIcon, channelLabel } from '../ui/ChannelIcon';
import { formatDuration, secondsSince } from '../ui/format';
import { useToast } from '../ui/toasts';
import { useNow } from '../ui/useNow';
import { ArrivalsChart, ServiceLevelChart, WaitingTrendChart } from './Charts';
import { ReadOnlyConversation } from './ReadOnlyConversation';
import { useAnalytics } from './useAnalytics';
import { agentsByActivity, totals, useWallboard } from './useWallboard';
import { WaitingChart } from './WaitingChart';

const STATE_LABELS: Record<AgentFigures['state'], string> = {
  available: 'Available',
  away: 'Away',
  offline: 'Offline',
  'after-contact-work': 'After-contact work',
};

/** Analytics knows an agent's name once an event carried it. */
const agentName = (agent: AgentFigures) => agent.name ?? `Agent ${agent.agentId.slice(0, 8)}`;

const dash = (value: number | null | undefined, unit = '') => (value === null || value === undefined ? '—' : `${value}${unit}`);

/** The supervisor wallboard: queues and agents of the supervisor's tenant, live. */
export function WallboardView({
  session,
  socket,
  connected,
  onUnauthorized,
}: {
  session: Session;
  socket: AgentSocket | undefined;
  connected: boolean;
  onUnauthorized: () => void;
}) {
  const notify = useToast();
  const onError = useCallback(
    (error: Error) =>
      error instanceof ApiError && error.status === 401 ? onUnauthorized() : notify(`Wallboard: ${error.message}`, 'error'),
    [notify, onUnauthorized],
  );
  const { snapshot, history } = useWallboard(session.accessToken, socket, connected, onError);
  const now = useNow();
  const { figures: analytics, unavailable: analyticsUnavailable } = useAnalytics(session.accessToken, connected, snapshot?.asOf);
  const [openConversation, setOpenConversation] = useState<string>();

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setOpenConversation(undefined);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const changeState = async (agent: AgentFigures, value: string) => {
    if (!socket) return;
    const [state, reason] = value.split(':') as ['available' | 'away' | 'offline', string | undefined];
    const ack = await command(socket, 'agent:set-state', { state, reason: reason || undefined, agentId: agent.agentId });
    notify(
      ack.ok
        ? `Asked to set ${agentName(agent)} ${state}${reason ? ` (${reason})` : ''}`
        : `Could not change ${agentName(agent)}'s state: ${ack.error}`,
      ack.ok ? 'info' : 'error',
    );
  };

  const reassign = async (conversation: AgentFigures['contacts'][number], target: string) => {
    const [kind, value] = target.split(':');
    const body = kind === 'agent' ? { agentId: value } : { queue: value };
    try {
      await api(`/routing/contacts/${conversation.contactId}/transfer`, { token: session.accessToken, method: 'POST', body });
      notify(`The ${conversation.channel} contact from ${conversation.queueName} is being moved`);
    } catch (error) {
      onError(error as Error);
    }
  };

  if (!snapshot) return <p className="muted empty">Loading the wallboard…</p>;
  const sum = totals(snapshot.queues);
  const oldest = secondsSince(sum.oldestContactArrivedAt, now);
  const byState = agentsByActivity(snapshot.agents);
  // Each queue has its own threshold; the tiles use the default queue's.
  const threshold = (snapshot.queues.find((queue) => queue.isDefault) ?? snapshot.queues[0])?.serviceLevelThresholdSeconds ?? null;

  return (
    <div className="wallboard" data-testid="wallboard">
      <section className="tiles" aria-label="Totals">
        <Tile label="In queue" value={String(sum.contactsInQueue)} testId="wallboard-total-waiting" alert={sum.contactsInQueue > 0} />
        <Tile
          label="Oldest contact"
          value={oldest === null ? '—' : formatDuration(oldest)}
          alert={threshold !== null && (oldest ?? 0) > threshold}
        />
        <Tile label={threshold === null ? 'Service level' : `SL (${threshold} s)`} value={dash(sum.serviceLevelPercent, '%')} />
        <Tile label="Answered" value={String(sum.contactsAnswered)} testId="wallboard-total-answered" />
        <Tile label="Abandoned" value={String(sum.contactsAbandoned)} />
        <Tile label="ASA" value={sum.averageSpeedOfAnswerSeconds === null ? '—' : formatDuration(sum.averageSpeedOfAnswerSeconds)} />
        <span className="tile-gap" />
        <Tile label="Available" value={String(byState.available)} tone="available" testId="wallboard-agents-available" />
        <Tile label="On contact" value={String(byState.onContact)} tone="busy" />
        <Tile label="After-contact" value={String(byState.afterContactWork)} tone="acw" />
        <Tile label="Away" value={String(byState.away)} tone="away" />
        <Tile label="Offline" value={String(byState.offline)} tone="offline" />
      </section>

      <div className="wallboard-main">
        <section aria-label="Queues">
          <h2 className="section-title">Queues</h2>
          <table className="grid-table" data-testid="wallboard-queues">
            <thead>
              <tr>
                <th>Queue</th>
                <th className="num" title="Contacts in queue">
                  In queue
                </th>
                <th className="num" title="Oldest contact age">
                  Oldest
                </th>
                <th className="num" title="Service level: answered within the queue's threshold, of answered + abandoned">
                  SL
                </th>
                <th className="num">Answered</th>
                <th className="num">Abandoned</th>
                <th className="num" title="Average speed of answer">
                  ASA
                </th>
                <th className="num" title="Average handle time">
                  AHT
                </th>
                <th className="num" title="Agents of the queue available / on contact / after-contact work / away">
                  Staff
                </th>
              </tr>
            </thead>
            <tbody>
              {snapshot.queues.length === 0 && (
                <tr>
                  <td colSpan={9} className="muted">
                    No contacts yet today.
                  </td>
                </tr>
              )}
              {snapshot.queues.map((queue) => {
                const age = secondsSince(queue.oldestContactArrivedAt, now);
                return (
                  <tr key={queue.queueName} data-testid="wallboard-queue" data-queue={queue.queueName}>
                    <td>{queue.queueName}</td>
                    <td className={`num strong${queue.contactsInQueue > 0 ? ' warn' : ''}`} data-testid="wallboard-queue-waiting">
                      {queue.contactsInQueue}
                    </td>
                    <td className={`num${(age ?? 0) > queue.serviceLevelThresholdSeconds ? ' danger' : ''}`}>
                      {age === null ? '—' : formatDuration(age)}
                    </td>
                    <td className="num" title={`within ${queue.serviceLevelThresholdSeconds}s`}>
                      {dash(queue.serviceLevelPercent, '%')}
                    </td>
                    <td className="num" data-testid="wallboard-queue-answered">
                      {queue.contactsAnswered}
                    </td>
                    <td className="num">{queue.contactsAbandoned}</td>
                    <td className="num">
                      {queue.averageSpeedOfAnswerSeconds === null ? '—' : formatDuration(queue.averageSpeedOfAnswerSeconds)}
                    </td>
                    <td className="num">
                      {queue.averageHandleTimeSeconds === null ? '—' : formatDuration(queue.averageHandleTimeSeconds)}
                    </td>
                    <StaffCell staff={queue} />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>

        <section className="wallboard-charts" aria-label="Charts">
          <h2 className="section-title">Today</h2>
          {analytics ? (
            <div className="charts">
              <ArrivalsChart intervals={analytics.intervals} />
              <ServiceLevelChart intervals={analytics.intervals} thresholdSeconds={threshold ?? 0} />
              <WaitingTrendChart points={analytics.waiting} />
            </div>
          ) : (
            <WaitingChart samples={history} now={now} />
          )}
          {analyticsUnavailable && <p className="small muted">The analytics service does not answer: the charts are unavailable.</p>}
        </section>

        <section aria-label="Agents">
          <h2 className="section-title">Agents</h2>
          <table className="grid-table" data-testid="wallboard-agents">
            <thead>
              <tr>
                <th>Agent</th>
                <th>State</th>
                <th className="num">In state</th>
                <th title="Contacts held against capacity, per channel">Load / capacity</th>
                <th>Conversations</th>
                <th>Set state</th>
              </tr>
            </thead>
            <tbody>
              {snapshot.agents.map((agent) => {
                const inState = secondsSince(agent.stateSince, now);
                const onContact = agent.activity === 'on-contact';
                return (
                  <tr key={agent.agentId} data-testid="wallboard-agent" data-agent-id={agent.agentId}>
                    <td>{agentName(agent)}</td>
                    <td>
                      <span
                        className={`state-pill state-${onContact ? 'busy' : agent.state}`}
                        data-testid="wallboard-agent-state"
                        data-state={agent.state}
                      >
                        {onContact ? 'On contact' : STATE_LABELS[agent.state]}
                        {agent.stateReason ? ` · ${agent.stateReason}` : ''}
                      </span>
                    </td>
                    <td className="num">{inState === null ? '—' : formatDuration(inState)}</td>
                    <LoadCell load={agent.load} capacity={agent.capacity} />
                    <td>
                      {agent.contacts.map((conversation) => (
                        <div key={conversation.conversationId} className="agent-conversation">
                          <ChannelIcon channel={conversation.channel} />
                          <button
                            className="link"
                            data-testid="wallboard-open-conversation"
                            data-conversation-id={conversation.conversationId}
                            title="Open read-only"
                            onClick={() => setOpenConversation(conversation.conversationId)}
                          >
                            {conversation.queueName} · {formatDuration(secondsSince(conversation.assignedAt, now) ?? 0)}
                          </button>
                          <select
                            className="mini"
                            aria-label={`Reassign the ${conversation.channel} contact from ${conversation.queueName}`}
                            data-testid="wallboard-reassign"
                            value=""
                            onChange={(event) => void reassign(conversation, event.target.value)}
                          >
                            <option value="">Move…</option>
                            {snapshot.agents
                              .filter((other) => other.agentId !== agent.agentId)
                              .map((other) => (
                                <option key={other.agentId} value={`agent:${other.agentId}`}>
                                  To {agentName(other)}
                                </option>
                              ))}
                            {snapshot.queues.map((queue) => (
                              <option key={queue.queueName} value={`queue:${queue.queueName}`}>
                                To queue {queue.queueName}
                              </option>
                            ))}
                          </select>
                        </div>
                      ))}
                    </td>
                    <td>
                      <select
                        aria-label={`Set ${agentName(agent)}'s state`}
                        data-testid="wallboard-agent-set-state"
                        value=""
                        onChange={(event) => void changeState(agent, event.target.value)}
                      >
                        <option value="">Change…</option>
                        <option value="available">Available</option>
                        {AWAY_REASONS.map((reason) => (
                          <option key={reason} value={`away:${reason}`}>
                            Away — {reason}
                          </option>
                        ))}
                        <option value="offline">Offline</option>
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="small muted">
            Figures for today (UTC) from the analytics service&apos;s real-time projection of the event stream (docs/metrics.md). As of{' '}
            {new Date(snapshot.asOf).toLocaleTimeString()}.
          </p>
        </section>
      </div>
      {openConversation && (
        <ReadOnlyConversation
          conversationId={openConversation}
          token={session.accessToken}
          onClose={() => setOpenConversation(undefined)}
        />
      )}
    </div>
  );
}

/** Load against capacity per channel ("1/3"), busiest first; channels the agent takes nothing on are left out. */
function LoadCell({ load, capacity }: { load: AgentFigures['load']; capacity: AgentFigures['capacity'] }) {
  const channels = [...new Set([...Object.keys(capacity ?? {}), ...Object.keys(load)])]
    .map((channel) => ({ channel, used: load[channel] ?? 0, capacity: capacity?.[channel] }))
    .filter((entry) => entry.used > 0 || (entry.capacity ?? 0) > 0)
    .sort((a, b) => b.used - a.used || (b.capacity ?? 0) - (a.capacity ?? 0));
  return (
    <td className="load-cell">
      {channels.map(({ channel, used, capacity: limit }) => (
        <span
          key={channel}
          className={`load${used === 0 ? ' idle' : ''}${limit !== undefined && used >= limit ? ' full' : ''}`}
          data-testid="wallboard-agent-load"
          data-channel={channel}
          title={`${channelLabel(channel)}: ${used} of ${limit ?? '?'}`}
        >
          <ChannelIcon channel={channel} />
          {used}
          {limit === undefined ? '' : `/${limit}`}
        </span>
      ))}
    </td>
  );
}

function StaffCell({
  staff,
}: {
  staff?: { agentsAvailable: number; agentsOnContact: number; agentsAfterContactWork: number; agentsAway: number };
}) {
  if (!staff) return <td className="num muted">—</td>;
  return (
    <td className="num" data-testid="wallboard-queue-staff">
      {staff.agentsAvailable}/{staff.agentsOnContact}/{staff.agentsAfterContactWork}/{staff.agentsAway}
    </td>
  );
}

function Tile({ label, value, testId, alert, tone }: { label: string; value: string; testId?: string; alert?: boolean; tone?: string }) {
  return (
    <div className={`tile${alert ? ' alert' : ''}${tone ? ` tone-${tone}` : ''}`}>
      <div className="tile-value" data-testid={testId}>
        {value}
      </div>
      <div className="tile-label">{label}</div>
    </div>
  );
}
