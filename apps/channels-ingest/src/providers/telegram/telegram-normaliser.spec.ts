import { normaliseTelegram, parseTelegramUpdate } from './telegram-normaliser';

const update = (message: Record<string, unknown>) =>
  parseTelegramUpdate({
    update_id: 10000,
    message: {
      message_id: 1365,
      date: 1441645532,
      chat: { id: 1111111, type: 'private' },
      from: { id: 1111111, is_bot: false, first_name: 'Test', last_name: 'Lastname', username: 'Test' },
      ...message,
    },
  });

describe('Telegram update normalisation', () => {
  it('a text message: deduplicated by update_id, threaded by chat', () => {
    expect(normaliseTelegram(update({ text: '/start' }), 'acct')).toMatchObject({
      providerMessageId: 'update:10000',
      threadKey: 'acct:1111111',
      sender: { identityType: 'telegram_id', value: '1111111', displayName: 'Test Lastname' },
      text: '/start',
      sentAt: '2015-09-07T17:05:32.000Z',
    });
  });

  it('a photo: the largest size as an attachment and the caption as text', () => {
    const draft = normaliseTelegram(
      update({
        caption: 'look',
        photo: [
          { file_id: 'small', file_unique_id: 's', file_size: 100 },
          { file_id: 'big', file_unique_id: 'b', file_size: 9000 },
        ],
      }),
      'acct',
    );
    expect(draft?.text).toBe('look');
    expect(draft?.attachments).toEqual([{ kind: 'image', providerMediaId: 'big', sizeBytes: 9000 }]);
  });

  it('ignores updates without a customer message (edits, bots)', () => {
    expect(normaliseTelegram(parseTelegramUpdate({ update_id: 1, edited_message: {} }), 'acct')).toBeUndefined();
    expect(normaliseTelegram(update({ text: 'hi', from: { id: 5, is_bot: true, first_name: 'Bot' } }), 'acct')).toBeUndefined();
  });
});
