import type { AgentFigures, SupervisorSnapshot } from '@garda/contracts';
import { createContext, useContext } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { command } from '../api/socket';
import { useLive } from '../app/LiveProvider';
import { presenceMessages } from '../desk/presence-messages';
import { awayReasonLabel, useAwayReasons } from '../lists/tenant-lists';
import { useGateway } from '../session/SessionProvider';
import { ChannelIcon, channelLabel } from '../ui/ChannelIcon';
import { columnsOf, DataTable } from '../ui/DataTable';
import { failureReason, useFailureNotice } from '../ui/failures';
import { formatDuration, secondsSince } from '../ui/format';
import { useToast } from '../ui/toasts';
import { useNow } from '../ui/useNow';

const m = defineMessages({
  onContact: { id: 'wallboard.agent.onContact' },
  reassignFailure: { id: 'wallboard.agent.reassignFailure' },
});

/** What the cells need beyond their row: the whole snapshot (targets to move a contact to) and the drawer. */
const AgentsContext = createContext<{ snapshot: SupervisorSnapshot; onOpenConversation: (conversationId: string) => void } | undefined>(
  undefined,
);
const useAgents = () => {
  const context = useContext(AgentsContext);
  if (!context) throw new Error('AgentsTable cells outside AgentsTable');
  return context;
};

/** Analytics knows an agent's name once an event carried it. */
function useAgentName() {
  const intl = useIntl();
  return (agent: AgentFigures) => agent.name ?? intl.formatMessage({ id: 'wallboard.agent.unnamed' }, { id: agent.agentId.slice(0, 8) });
}

function StateCell({ agent }: { agent: AgentFigures }) {
  const intl = useIntl();
  const onContact = agent.activity === 'on-contact';
  return (
    <span className={`state-pill state-${onContact ? 'busy' : agent.state}`} data-testid="wallboard-agent-state" data-state={agent.state}>
      {onContact ? intl.formatMessage(m.onContact) : intl.formatMessage(presenceMessages[agent.state])}
      {agent.stateReason ? ` · ${awayReasonLabel(intl, agent.stateReason)}` : ''}
    </span>
  );
}

function TimeInState({ agent }: { agent: AgentFigures }) {
  const inState = secondsSince(agent.stateSince, useNow());
  return <>{inState === null ? '—' : formatDuration(inState)}</>;
}

/** Load against capacity per channel ("1/3"), busiest first; channels the agent takes nothing on are left out. */
function LoadCell({ agent: { load, capacity } }: { agent: AgentFigures }) {
  const intl = useIntl();
  const channels = [...new Set([...Object.keys(capacity ?? {}), ...Object.keys(load)])]
    .map((channel) => ({ channel, used: load[channel] ?? 0, capacity: capacity?.[channel] }))
    .filter((entry) => entry.used > 0 || (entry.capacity ?? 0) > 0)
    .sort((a, b) => b.used - a.used || (b.capacity ?? 0) - (a.capacity ?? 0));
  return (
    <span className="load-cell">
      {channels.map(({ channel, used, capacity: limit }) => (
        <span
          key={channel}
          className={`load${used === 0 ? ' idle' : ''}${limit !== undefined && used >= limit ? ' full' : ''}`}
          data-testid="wallboard-agent-load"
          data-channel={channel}
          title={intl.formatMessage(
            { id: 'wallboard.agent.loadTitle' },
            { channel: channelLabel(intl, channel), used, capacity: limit === undefined ? '?' : String(limit) },
          )}
        >
          <ChannelIcon channel={channel} />
          {used}
          {limit === undefined ? '' : `/${limit}`}
        </span>
      ))}
    </span>
  );
}

function ConversationsCell({ agent }: { agent: AgentFigures }) {
  const intl = useIntl();
  const now = useNow();
  const gateway = useGateway();
  const notify = useToast();
  const notice = useFailureNotice();
  const name = useAgentName();
  const { snapshot, onOpenConversation } = useAgents();

  const reassign = async (conversation: AgentFigures['contacts'][number], target: string) => {
    const [kind, value] = target.split(':');
    const body = kind === 'agent' ? { agentId: value } : { queue: value };
    try {
      await gateway.post(`/routing/contacts/${conversation.contactId}/transfer`, body);
      notify(
        intl.formatMessage(
          { id: 'wallboard.agent.reassigned' },
          { channel: channelLabel(intl, conversation.channel), queue: conversation.queueName },
        ),
      );
    } catch (failure) {
      notice(failure, m.reassignFailure);
    }
  };

  return (
    <>
      {agent.contacts.map((conversation) => (
        <div key={conversation.conversationId} className="agent-conversation">
          <ChannelIcon channel={conversation.channel} />
          <button
            className="link"
            data-testid="wallboard-open-conversation"
            data-conversation-id={conversation.conversationId}
            title={intl.formatMessage({ id: 'wallboard.agent.openReadOnly' })}
            onClick={() => onOpenConversation(conversation.conversationId)}
          >
            {conversation.queueName} · {formatDuration(secondsSince(conversation.assignedAt, now) ?? 0)}
          </button>
          <select
            className="mini"
            aria-label={intl.formatMessage(
              { id: 'wallboard.agent.reassignLabel' },
              { channel: channelLabel(intl, conversation.channel), queue: conversation.queueName },
            )}
            data-testid="wallboard-reassign"
            value=""
            onChange={(event) => void reassign(conversation, event.target.value)}
          >
            <option value="">{intl.formatMessage({ id: 'wallboard.agent.movePlaceholder' })}</option>
            {snapshot.agents
              .filter((other) => other.agentId !== agent.agentId)
              .map((other) => (
                <option key={other.agentId} value={`agent:${other.agentId}`}>
                  {intl.formatMessage({ id: 'wallboard.agent.moveToAgent' }, { name: name(other) })}
                </option>
              ))}
            {snapshot.queues.map((queue) => (
              <option key={queue.queueName} value={`queue:${queue.queueName}`}>
                {intl.formatMessage({ id: 'wallboard.agent.moveToQueue' }, { queue: queue.queueName })}
              </option>
            ))}
          </select>
        </div>
      ))}
    </>
  );
}

function SetStateCell({ agent }: { agent: AgentFigures }) {
  const intl = useIntl();
  const { socket } = useLive();
  const notify = useToast();
  const reasons = useAwayReasons();
  const name = useAgentName()(agent);

  const changeState = async (value: string) => {
    if (!socket) return;
    const [state, reason] = value.split(':') as ['available' | 'away' | 'offline', string | undefined];
    const ack = await command(socket, 'agent:set-state', { state, reason: reason || undefined, agentId: agent.agentId });
    const label = state === 'away' && reason ? awayReasonLabel(intl, reason) : intl.formatMessage(presenceMessages[state]);
    notify(
      ack.ok
        ? intl.formatMessage({ id: 'wallboard.agent.stateAsked' }, { name, state: label })
        : intl.formatMessage({ id: 'wallboard.agent.stateFailed' }, { name, reason: failureReason(intl, ack.error) }),
      ack.ok ? 'info' : 'error',
    );
  };

  return (
    <select
      aria-label={intl.formatMessage({ id: 'wallboard.agent.setStateLabel' }, { name })}
      data-testid="wallboard-agent-set-state"
      value=""
      onChange={(event) => void changeState(event.target.value)}
    >
      <option value="">{intl.formatMessage({ id: 'wallboard.agent.setStatePlaceholder' })}</option>
      <option value="available">{intl.formatMessage(presenceMessages.available)}</option>
      {reasons.map((reason) => (
        <option key={reason.code} value={`away:${reason.code}`}>
          {intl.formatMessage({ id: 'common.presence.awayWithReason' }, { reason: reason.label })}
        </option>
      ))}
      <option value="offline">{intl.formatMessage(presenceMessages.offline)}</option>
    </select>
  );
}

function AgentName({ agent }: { agent: AgentFigures }) {
  return <>{useAgentName()(agent)}</>;
}

const column = columnsOf<AgentFigures>();
const columns = [
  column.display({
    id: 'agent',
    header: () => <FormattedMessage id="wallboard.agent.agent" />,
    cell: (info) => <AgentName agent={info.row.original} />,
  }),
  column.display({
    id: 'state',
    header: () => <FormattedMessage id="wallboard.agent.state" />,
    cell: (info) => <StateCell agent={info.row.original} />,
  }),
  column.display({
    id: 'inState',
    header: () => <FormattedMessage id="wallboard.agent.inState" />,
    cell: (info) => <TimeInState agent={info.row.original} />,
    meta: { numeric: true },
  }),
  column.display({ id: 'load', header: () => <LoadHeader />, cell: (info) => <LoadCell agent={info.row.original} /> }),
  column.display({
    id: 'conversations',
    header: () => <FormattedMessage id="wallboard.agent.conversations" />,
    cell: (info) => <ConversationsCell agent={info.row.original} />,
  }),
  column.display({
    id: 'setState',
    header: () => <FormattedMessage id="wallboard.agent.setState" />,
    cell: (info) => <SetStateCell agent={info.row.original} />,
  }),
];

function LoadHeader() {
  const intl = useIntl();
  return (
    <span title={intl.formatMessage({ id: 'wallboard.agent.loadHeaderTitle' })}>{intl.formatMessage({ id: 'wallboard.agent.load' })}</span>
  );
}

/** Per agent: state and time in it, load against capacity, current contacts (open read-only or move), and a state control. */
export function AgentsTable({
  snapshot,
  onOpenConversation,
}: {
  snapshot: SupervisorSnapshot;
  onOpenConversation: (conversationId: string) => void;
}) {
  return (
    <AgentsContext.Provider value={{ snapshot, onOpenConversation }}>
      <DataTable
        columns={columns}
        data={snapshot.agents}
        getRowId={(agent) => agent.agentId}
        rowAttributes={(agent) => ({ 'data-testid': 'wallboard-agent', 'data-agent-id': agent.agentId })}
        testId="wallboard-agents"
      />
    </AgentsContext.Provider>
  );
}
