import type { InboundDraft } from '../inbound/inbound-publisher';
import type { WebchatSession } from './session-token';
import type { PostMessageBody } from './webchat.schemas';

/** A visitor's message as the InboundMessage contract describes it; the session is the thread. */
export function normaliseWebchatMessage(
  session: WebchatSession,
  body: Pick<PostMessageBody, 'clientMessageId' | 'text'>,
  receivedAt: Date,
): InboundDraft {
  return {
    providerMessageId: body.clientMessageId,
    threadKey: session.sessionId,
    sender: {
      identityType: 'webchat_visitor',
      value: session.sessionId,
      ...(session.name ? { displayName: session.name } : {}),
      ...(session.email ? { email: session.email } : {}),
    },
    text: body.text,
    ...(session.topic ? { topic: session.topic } : {}),
    receivedAt: receivedAt.toISOString(),
  };
}
