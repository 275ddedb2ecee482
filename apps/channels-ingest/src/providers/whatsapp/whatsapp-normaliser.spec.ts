import { InboundMessageV1 } from '@garda/contracts';
import { MalformedPayload } from '../normalised-batch';
import { normaliseWhatsApp, parseWhatsAppWebhook } from './whatsapp-normaliser';

// Payloads as in Meta's "Webhooks payload examples" for the Cloud API.
const envelope = (value: Record<string, unknown>) => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '102290129340398',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
            ...value,
          },
        },
      ],
    },
  ],
});
const contacts = [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }];
const normalise = (value: Record<string, unknown>) => normaliseWhatsApp(parseWhatsAppWebhook(envelope(value)), () => 'acct');
const only = (value: Record<string, unknown>) => normalise(value)[0].messages[0];

describe('WhatsApp webhook normalisation', () => {
  it('text: sender wa_id and profile name, thread per customer, sent time from the timestamp', () => {
    const message = only({
      contacts,
      messages: [
        { from: '16505551234', id: 'wamid.A', timestamp: '1749416383', type: 'text', text: { body: 'Does it come in another color?' } },
      ],
    });
    expect(message).toMatchObject({
      providerMessageId: 'wamid.A',
      threadKey: 'acct:16505551234',
      sender: { identityType: 'wa_id', value: '16505551234', displayName: 'Sheena Nelson' },
      text: 'Does it come in another color?',
      sentAt: '2025-06-08T20:59:43.000Z',
    });
    expect(
      InboundMessageV1.safeParse({
        ...message,
        tenantId: '00000000-0000-4000-8000-000000000001',
        messageId: '00000000-0000-4000-8000-000000000009',
        accountId: 'acct',
        channel: 'whatsapp',
      }).success,
    ).toBe(true);
  });

  it('media: an attachment with the media id, mime type and caption as text', () => {
    const message = only({
      contacts,
      messages: [
        {
          from: '16505551234',
          id: 'wamid.B',
          timestamp: '1749416383',
          type: 'image',
          image: { caption: 'The damage', mime_type: 'image/jpeg', sha256: 'abc', id: '1003383421387256' },
        },
      ],
    });
    expect(message.text).toBe('The damage');
    expect(message.attachments).toEqual([{ kind: 'image', providerMediaId: '1003383421387256', mimeType: 'image/jpeg' }]);
  });

  it('document: keeps the file name', () => {
    const message = only({
      contacts,
      messages: [
        {
          from: '16505551234',
          id: 'wamid.C',
          timestamp: '1749416383',
          type: 'document',
          document: { filename: 'invoice.pdf', mime_type: 'application/pdf', sha256: 'x', id: '42' },
        },
      ],
    });
    expect(message.attachments).toEqual([{ kind: 'file', providerMediaId: '42', mimeType: 'application/pdf', filename: 'invoice.pdf' }]);
  });

  it('location: coordinates as an attachment, name and address as text', () => {
    const message = only({
      contacts,
      messages: [
        {
          from: '16505551234',
          id: 'wamid.D',
          timestamp: '1749416383',
          type: 'location',
          location: { address: '1 Hacker Way, Menlo Park, CA 94025', latitude: 37.483, longitude: -122.148, name: 'Main office' },
        },
      ],
    });
    expect(message.text).toBe('Main office, 1 Hacker Way, Menlo Park, CA 94025');
    expect(message.attachments).toEqual([{ kind: 'location', latitude: 37.483, longitude: -122.148 }]);
  });

  it('interactive replies: the chosen button or list row title is the text', () => {
    const button = only({
      contacts,
      messages: [
        {
          from: '16505551234',
          id: 'wamid.E',
          timestamp: '1749416383',
          type: 'interactive',
          interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes, please' } },
        },
      ],
    });
    const list = only({
      contacts,
      messages: [
        {
          from: '16505551234',
          id: 'wamid.F',
          timestamp: '1749416383',
          type: 'interactive',
          interactive: { type: 'list_reply', list_reply: { id: 'r1', title: 'Returns', description: 'Send it back' } },
        },
      ],
    });
    expect([button.text, list.text]).toEqual(['Yes, please', 'Returns']);
  });

  it('a reply to one of our messages keeps the context id for threading', () => {
    const message = only({
      contacts,
      messages: [
        {
          from: '16505551234',
          id: 'wamid.G',
          timestamp: '1749416383',
          type: 'text',
          text: { body: 'ok' },
          context: { from: '15550783881', id: 'wamid.OURS' },
        },
      ],
    });
    expect(message.inReplyTo).toEqual(['wamid.OURS']);
  });

  it('statuses: sent, delivered, read and failed (with the reason); unknown statuses are ignored', () => {
    const [batch] = normalise({
      statuses: [
        { id: 'wamid.1', status: 'delivered', timestamp: '1750263773', recipient_id: '16505551234' },
        {
          id: 'wamid.2',
          status: 'failed',
          timestamp: '1750263773',
          recipient_id: '16505551234',
          errors: [{ code: 131047, title: 'Re-engagement message', message: 'More than 24 hours have passed' }],
        },
        { id: 'wamid.3', status: 'deleted', timestamp: '1750263773' },
      ],
    });
    expect(batch.statuses.map(({ providerMessageId, status, error }) => ({ providerMessageId, status, error }))).toEqual([
      { providerMessageId: 'wamid.1', status: 'delivered', error: undefined },
      { providerMessageId: 'wamid.2', status: 'failed', error: '131047 Re-engagement message More than 24 hours have passed' },
    ]);
  });

  it('refuses a payload that is not the Cloud API shape, saying where', () => {
    expect(() => parseWhatsAppWebhook({ object: 'page', entry: [] })).toThrow(MalformedPayload);
    expect(() => parseWhatsAppWebhook(envelope({ messages: [{ id: 'x' }] }))).toThrow(/messages\.0\.from/);
  });
});
