import type { CustomerTimeline } from '../api/types';
import { buildTimeline } from './timeline';

const message = (id: string, text: string, createdAt: string) => ({
  id,
  direction: 'inbound' as const,
  authorType: 'customer' as const,
  authorName: 'Ada',
  text,
  internal: false,
  createdAt,
});

const timeline: CustomerTimeline = {
  customerId: 'ada',
  truncated: false,
  conversations: [
    {
      id: 'mail',
      ticketId: 't1',
      channel: 'email',
      status: 'closed',
      subject: 'Parcel',
      assignedAgentId: null,
      disposition: 'Resolved',
      createdAt: '2026-01-01T09:00:00.000Z',
      closedAt: '2026-01-01T09:30:00.000Z',
    },
    {
      id: 'chat',
      ticketId: 't2',
      channel: 'webchat',
      status: 'open',
      subject: null,
      assignedAgentId: 'alice',
      disposition: null,
      createdAt: '2026-01-02T10:00:00.000Z',
      closedAt: null,
    },
  ],
  messages: [
    { ...message('m1', 'Where is my parcel?', '2026-01-01T09:00:00.000Z'), conversationId: 'mail', channel: 'email' },
    { ...message('m2', 'Hello again', '2026-01-02T10:00:00.000Z'), conversationId: 'chat', channel: 'webchat' },
  ],
};

describe('the customer timeline', () => {
  it('shows every conversation of the customer, oldest first, each message with its channel', () => {
    const sections = buildTimeline(timeline, 'chat', []);
    expect(sections.map((s) => [s.conversationId, s.channel, s.current])).toEqual([
      ['mail', 'email', false],
      ['chat', 'webchat', true],
    ]);
    expect(sections[0].messages.map((m) => [m.text, m.channel])).toEqual([['Where is my parcel?', 'email']]);
  });

  it('uses the live messages of a conversation the desk holds, so what arrived after the fetch is there', () => {
    const live = [
      {
        id: 'chat',
        channel: 'webchat' as const,
        loaded: true,
        messages: [message('m2', 'Hello again', '2026-01-02T10:00:00.000Z'), message('m3', 'Anyone?', '2026-01-02T10:01:00.000Z')],
      },
    ];
    expect(buildTimeline(timeline, 'chat', live)[1].messages.map((m) => [m.text, m.channel])).toEqual([
      ['Hello again', 'webchat'],
      ['Anyone?', 'webchat'],
    ]);
  });

  it('shows the open conversation on its own while the timeline is not there yet', () => {
    const live = [{ id: 'new', channel: 'sms' as const, loaded: false, messages: [message('m9', 'Hi', '2026-01-03T10:00:00.000Z')] }];
    const sections = buildTimeline(undefined, 'new', live);
    expect(sections).toHaveLength(1);
    expect(sections[0]).toMatchObject({ conversationId: 'new', channel: 'sms', current: true });
  });
});
