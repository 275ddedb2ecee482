import { type RefObject, useState } from 'react';
import { ChannelIcon, channelLabel } from '../ui/ChannelIcon';
import { Composer } from './Composer';
import type { DeskConversation } from './desk-state';
import { MessageList } from './MessageList';
import { WrapUpPanel } from './WrapUpPanel';

interface Props {
  conversation: DeskConversation;
  agentName: string;
  connected: boolean;
  composerRef: RefObject<HTMLTextAreaElement | null>;
  onSend: (text: string, internal: boolean) => Promise<boolean>;
  onTyping: () => void;
  onStartWrapUp: () => void;
  onCancelWrapUp: () => void;
  onClose: (disposition: string) => Promise<void>;
}

export function ConversationPane({ conversation, agentName, connected, composerRef, onSend, onTyping, onStartWrapUp, onCancelWrapUp, onClose }: Props) {
  const [closing, setClosing] = useState(false);
  return (
    <section className="conversation-pane" aria-label="Conversation" data-testid="conversation-pane" data-conversation-id={conversation.id}>
      <header className="pane-header">
        <ChannelIcon channel={conversation.channel} />
        <div>
          <strong>{conversation.customerName ?? 'Customer'}</strong>
          <div className="muted small">
            {channelLabel(conversation.channel)}
            {conversation.queueName ? ` · ${conversation.queueName}` : ''}
            {conversation.subject ? ` · ${conversation.subject}` : ''}
          </div>
        </div>
        <span className="spacer" />
        {!conversation.wrapUpStartedAt && (
          <button data-testid="wrapup-open" onClick={onStartWrapUp}>
            Wrap up <kbd>Alt+W</kbd>
          </button>
        )}
      </header>
      <MessageList messages={conversation.messages} channel={conversation.channel} loaded={conversation.loaded} />
      {conversation.customerTypingUntil && (
        // Aligned with the message list's padding (styles.css belongs to the console's layout, not the desk).
        <p className="muted small" style={{ margin: 0, padding: '0 14px 6px' }} data-testid="pane-customer-typing" aria-live="polite">
          {conversation.customerName ?? 'The customer'} is typing…
        </p>
      )}
      {conversation.wrapUpStartedAt && (
        <WrapUpPanel
          startedAt={conversation.wrapUpStartedAt}
          busy={closing}
          onCancel={onCancelWrapUp}
          onConfirm={(disposition) => {
            setClosing(true);
            void onClose(disposition).finally(() => setClosing(false));
          }}
        />
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
