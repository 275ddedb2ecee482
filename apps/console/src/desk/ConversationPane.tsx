import { type RefObject, useState } from 'react';
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
  token: string;
  connected: boolean;
  composerRef: RefObject<HTMLTextAreaElement | null>;
  onSend: (text: string, internal: boolean) => Promise<boolean>;
  onTyping: () => void;
  onPanel: (panel: DeskConversation['panel']) => void;
  onClose: (disposition: string) => Promise<void>;
  onTransfer: (target: TransferTarget) => Promise<void>;
}

export function ConversationPane({
  conversation,
  sections,
  agentName,
  token,
  connected,
  composerRef,
  onSend,
  onTyping,
  onPanel,
  onClose,
  onTransfer,
}: Props) {
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
    <section className="conversation-pane" aria-label="Conversation" data-testid="conversation-pane" data-conversation-id={conversation.id}>
      <header className="pane-header">
        <ChannelIcon channel={conversation.channel} />
        <div className="pane-title">
          <strong>{conversation.customerName ?? 'Customer'}</strong>
          <div className="muted small">
            {channelLabel(conversation.channel)}
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
          Transfer <kbd>Alt+T</kbd>
        </button>
        <button data-testid="wrapup-open" onClick={() => onPanel('wrap-up')} aria-pressed={conversation.panel === 'wrap-up'}>
          Wrap up <kbd>Alt+W</kbd>
        </button>
      </header>
      <MessageList sections={sections} loaded={conversation.loaded} />
      {conversation.customerTypingUntil && (
        <p className="typing-line muted small" data-testid="pane-customer-typing" aria-live="polite">
          {conversation.customerName ?? 'The customer'} is typing…
        </p>
      )}
      {conversation.panel === 'wrap-up' && (
        <WrapUpPanel busy={busy} onCancel={closePanel} onConfirm={(disposition) => run(onClose(disposition))} />
      )}
      {conversation.panel === 'transfer' && (
        <TransferPanel token={token} busy={busy} onCancel={closePanel} onConfirm={(target) => run(onTransfer(target))} />
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
