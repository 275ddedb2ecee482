import { type RefObject, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { MessageAttachment } from '../api/types';
import { ChannelIcon, channelLabel } from '../ui/ChannelIcon';
import { Composer } from './Composer';
import type { DeskConversation } from './desk-state';
import { MessageList } from './MessageList';
import type { TimelineSection } from './timeline';
import { type TransferTarget, TransferPanel } from './TransferPanel';
import { WrapUpPanel } from './WrapUpPanel';

interface Props {
  conversation: DeskConversation;
  /** The customer's history across channels, this conversation included. */
  sections: TimelineSection[];
  agentName: string;
  connected: boolean;
  composerRef: RefObject<HTMLTextAreaElement | null>;
  onSend: (text: string, internal: boolean, attachments: MessageAttachment[]) => Promise<boolean>;
  onTyping: () => void;
  onPanel: (panel: DeskConversation['panel']) => void;
  onClose: (disposition: string) => Promise<void>;
  onTransfer: (target: TransferTarget) => Promise<void>;
}

export function ConversationPane({
  conversation,
  sections,
  agentName,
  connected,
  composerRef,
  onSend,
  onTyping,
  onPanel,
  onClose,
  onTransfer,
}: Props) {
  const intl = useIntl();
  const [busy, setBusy] = useState(false);
  const run = (work: Promise<void>) => {
    setBusy(true);
    void work.finally(() => setBusy(false));
  };
  const closePanel = () => {
    onPanel(undefined);
    composerRef.current?.focus();
  };
  return (
    <section
      className="conversation-pane"
      aria-label={intl.formatMessage({ id: 'desk.pane.label' })}
      data-testid="conversation-pane"
      data-conversation-id={conversation.id}
    >
      <header className="pane-header">
        <ChannelIcon channel={conversation.channel} />
        <div className="pane-title">
          <strong>{conversation.customerName ?? intl.formatMessage({ id: 'desk.customer.unnamed' })}</strong>
          <div className="muted small">
            {channelLabel(intl, conversation.channel)}
            {conversation.queueName ? ` · ${conversation.queueName}` : ''}
            {conversation.subject ? ` · ${conversation.subject}` : ''}
          </div>
        </div>
        <span className="spacer" />
        <button
          data-testid="transfer-open"
          onClick={() => onPanel('transfer')}
          disabled={!connected}
          aria-pressed={conversation.panel === 'transfer'}
        >
          <FormattedMessage id="desk.pane.transfer" /> <kbd>Alt+T</kbd>
        </button>
        <button data-testid="wrapup-open" onClick={() => onPanel('wrap-up')} aria-pressed={conversation.panel === 'wrap-up'}>
          <FormattedMessage id="desk.pane.wrapUp" /> <kbd>Alt+W</kbd>
        </button>
      </header>
      <MessageList sections={sections} loaded={conversation.loaded} />
      {conversation.customerTypingUntil && (
        <p className="typing-line muted small" data-testid="pane-customer-typing" aria-live="polite">
          {conversation.customerName ? (
            <FormattedMessage id="desk.pane.customerTyping" values={{ name: conversation.customerName }} />
          ) : (
            <FormattedMessage id="desk.pane.someoneTyping" />
          )}
        </p>
      )}
      {conversation.panel === 'wrap-up' && (
        <WrapUpPanel busy={busy} onCancel={closePanel} onConfirm={(disposition) => run(onClose(disposition))} />
      )}
      {conversation.panel === 'transfer' && (
        <TransferPanel busy={busy} onCancel={closePanel} onConfirm={(target) => run(onTransfer(target))} />
      )}
      <Composer
        ref={composerRef}
        conversationId={conversation.id}
        channel={conversation.channel}
        customerName={conversation.customerName}
        agentName={agentName}
        disabled={!connected}
        onSend={onSend}
        onTyping={onTyping}
      />
    </section>
  );
}
