import type { Channel } from '@garda/contracts';
import type { CustomerTimeline } from '../api/types';
import type { DeskMessage } from './desk-state';

export interface TimelineSection {
  conversationId: string;
  channel: Channel;
  status: 'open' | 'closed';
  subject: string | null;
  disposition: string | null;
  startedAt: string | null;
  /** The conversation the view is about (the others are the customer's history). */
  current: boolean;
  messages: Array<DeskMessage & { channel: Channel }>;
}

/** A conversation whose live messages the view already holds (the open one, others on the desk). */
export interface LiveConversation {
  id: string;
  channel: Channel;
  subject?: string | null;
  loaded: boolean;
  messages: DeskMessage[];
}

/**
 * One customer's history across channels as the conversation view shows it: a section per
 * conversation, oldest first, every message marked with its channel. Conversations the view holds
 * live (the open one, or others on the agent's desk) show their live messages, so nothing that
 * arrived after the timeline was fetched is missing; the rest show what tickets returned.
 */
export function buildTimeline(timeline: CustomerTimeline | undefined, currentId: string, live: LiveConversation[]): TimelineSection[] {
  const liveById = new Map(live.map((c) => [c.id, c]));
  const withChannel = (messages: DeskMessage[], channel: Channel) => messages.map((m) => ({ ...m, channel }));
  const sections: TimelineSection[] = (timeline?.conversations ?? []).map((conversation) => {
    const held = liveById.get(conversation.id);
    const messages =
      held && (held.loaded || held.messages.length > 0)
        ? withChannel(held.messages, conversation.channel)
        : (timeline?.messages ?? []).filter((m) => m.conversationId === conversation.id);
    return {
      conversationId: conversation.id,
      channel: conversation.channel,
      status: conversation.status,
      subject: conversation.subject,
      disposition: conversation.disposition,
      startedAt: conversation.createdAt,
      current: conversation.id === currentId,
      messages,
    };
  });
  const current = liveById.get(currentId);
  if (current && !sections.some((s) => s.current)) {
    // Not in the fetched timeline yet (just assigned, or the timeline is still loading).
    sections.push({
      conversationId: current.id,
      channel: current.channel,
      status: 'open',
      subject: current.subject ?? null,
      disposition: null,
      startedAt: current.messages[0]?.createdAt ?? null,
      current: true,
      messages: withChannel(current.messages, current.channel),
    });
  }
  // Older conversations whose messages fell outside the timeline's window say nothing: left out.
  return sections.filter((s) => s.current || s.messages.length > 0);
}
