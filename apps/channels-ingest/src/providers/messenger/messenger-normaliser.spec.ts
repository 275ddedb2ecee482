import { MalformedPayload } from '../normalised-batch';
import { normaliseMetaMessaging, parseMetaMessagingWebhook } from './messenger-normaliser';

const event = (body: Record<string, unknown>) => ({
  sender: { id: 'PSID1' },
  recipient: { id: 'PAGE1' },
  timestamp: 1458692752478,
  ...body,
});
const normalise = (events: unknown[], object: 'page' | 'instagram' = 'page') =>
  normaliseMetaMessaging(
    parseMetaMessagingWebhook({ object, entry: [{ id: 'PAGE1', time: 1458692752478, messaging: events }] }, object),
    () => 'acct',
  )[0];

describe('Messenger / Instagram webhook normalisation', () => {
  it('a text message: PSID sender, thread per customer and page, sent time from the timestamp', () => {
    const batch = normalise([event({ message: { mid: 'm_1', text: 'hello, world!' } })]);
    expect(batch.messages).toEqual([
      expect.objectContaining({
        providerMessageId: 'm_1',
        threadKey: 'acct:PSID1',
        sender: { identityType: 'psid', value: 'PSID1' },
        text: 'hello, world!',
        sentAt: '2016-03-23T00:25:52.478Z',
      }),
    ]);
  });

  it('Instagram senders are IGSIDs', () => {
    expect(normalise([event({ message: { mid: 'm_2', text: 'hi' } })], 'instagram').messages[0].sender.identityType).toBe('igsid');
  });

  it('attachments keep their type and URL', () => {
    const [message] = normalise([
      event({
        message: {
          mid: 'm_3',
          attachments: [
            { type: 'image', payload: { url: 'https://scontent.example/img.jpg' } },
            { type: 'fallback', payload: null },
          ],
        },
      }),
    ]).messages;
    expect(message.attachments).toEqual([{ kind: 'image', url: 'https://scontent.example/img.jpg' }, { kind: 'file' }]);
  });

  it('echoes of our own messages are not customer messages; postbacks are; deliveries become statuses', () => {
    const batch = normalise([
      event({ message: { mid: 'm_echo', text: 'we said', is_echo: true } }),
      event({ postback: { mid: 'm_pb', title: 'Track my order', payload: 'TRACK' } }),
      event({ delivery: { mids: ['m_out1'], watermark: 1458668856253 } }),
    ]);
    expect(batch.messages.map((m) => [m.providerMessageId, m.text])).toEqual([['m_pb', 'Track my order']]);
    expect(batch.statuses.map((s) => [s.providerMessageId, s.status])).toEqual([['m_out1', 'delivered']]);
  });

  it('refuses the wrong object or a malformed entry', () => {
    expect(() => parseMetaMessagingWebhook({ object: 'instagram', entry: [] }, 'page')).toThrow(MalformedPayload);
    expect(() => parseMetaMessagingWebhook({ object: 'page', entry: [{ id: 5 }] }, 'page')).toThrow(MalformedPayload);
  });
});
