// Webhook payloads as the providers document them, with our test accounts' ids.
import { createHmac, randomInt } from 'node:crypto';

// Business-side ids are random per test file: files share one database, and an id routes to one account.
const digits = (count: number) => Array.from({ length: count }, () => randomInt(10)).join('');

export const ids = {
  whatsappPhoneNumberId: `1${digits(14)}`,
  whatsappWabaId: '102290129340398',
  customerWaId: '16505551234',
  pageId: `1${digits(14)}`,
  instagramId: `178414${digits(11)}`,
  psid: '6578213462281234',
  igsid: '7012345678901234',
  twilioAccountSid: 'AC0123456789abcdef0123456789abcdef',
  twilioNumber: `+1555${digits(7)}`,
  customerPhone: '+15551234567',
  telegramChatId: 111222333,
};

/** Seconds since the epoch, as Meta and Telegram stamp messages. */
export const epochSeconds = (date = new Date()) => Math.floor(date.getTime() / 1000);

/** A text message as Meta delivers it; stamped now unless said otherwise (the 24-hour window runs from it). */
export function whatsappTextWebhook(messageId: string, text: string, from = ids.customerWaId, timestamp = epochSeconds()) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: ids.whatsappWabaId,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: ids.whatsappPhoneNumberId },
              contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: from }],
              messages: [{ from, id: messageId, timestamp: String(timestamp), type: 'text', text: { body: text } }],
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

export function whatsappStatusWebhook(wamid: string, status: string, recipient = ids.customerWaId) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: ids.whatsappWabaId,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: ids.whatsappPhoneNumberId },
              statuses: [
                {
                  id: wamid,
                  status,
                  timestamp: '1750263773',
                  recipient_id: recipient,
                  pricing: { billable: true, pricing_model: 'PMP', category: 'service', type: 'regular' },
                },
              ],
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

/** A template review result: a WhatsApp delivery for the business account that names no phone number. */
export function whatsappTemplateStatusWebhook() {
  return {
    entry: [
      {
        id: ids.whatsappWabaId,
        time: 1674864290,
        changes: [
          {
            value: {
              event: 'APPROVED',
              message_template_id: 1234567890,
              message_template_name: 'order_update',
              message_template_language: 'en_US',
              reason: 'NONE',
            },
            field: 'message_template_status_update',
          },
        ],
      },
    ],
    object: 'whatsapp_business_account',
  };
}

export function messengerTextWebhook(mid: string, text: string, object: 'page' | 'instagram' = 'page') {
  const [owner, sender] = object === 'page' ? [ids.pageId, ids.psid] : [ids.instagramId, ids.igsid];
  return {
    object,
    entry: [
      {
        id: owner,
        time: 1458692752478,
        messaging: [{ sender: { id: sender }, recipient: { id: owner }, timestamp: 1458692752478, message: { mid, text } }],
      },
    ],
  };
}

export function twilioInboundSms(messageSid: string, body: string) {
  return {
    ToCountry: 'US',
    ToState: 'CA',
    SmsMessageSid: messageSid,
    NumMedia: '0',
    ToCity: '',
    FromZip: '',
    SmsSid: messageSid,
    FromState: 'CA',
    SmsStatus: 'received',
    FromCity: '',
    Body: body,
    FromCountry: 'US',
    To: ids.twilioNumber,
    ToZip: '',
    NumSegments: '1',
    MessageSid: messageSid,
    AccountSid: ids.twilioAccountSid,
    From: ids.customerPhone,
    ApiVersion: '2010-04-01',
  };
}

export function telegramTextUpdate(updateId: number, text: string) {
  return {
    update_id: updateId,
    message: {
      message_id: 1365,
      from: { id: ids.telegramChatId, is_bot: false, first_name: 'Jane', last_name: 'Doe', username: 'janedoe', language_code: 'en' },
      chat: { id: ids.telegramChatId, first_name: 'Jane', last_name: 'Doe', username: 'janedoe', type: 'private' },
      date: 1700000000,
      text,
    },
  };
}

/** A message in a group the bot is in: the chat is the group, the sender one of its members. */
export function telegramGroupUpdate(updateId: number, text: string, groupId = -1001234567890) {
  return {
    update_id: updateId,
    message: {
      message_id: 42,
      from: { id: ids.telegramChatId, is_bot: false, first_name: 'Jane', last_name: 'Doe', username: 'janedoe' },
      chat: { id: groupId, title: 'Acme customers', type: 'supergroup' },
      date: epochSeconds(),
      text,
    },
  };
}

export const metaSignature = (body: string, appSecret: string) => `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;

export function twilioSign(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(data).digest('base64');
}
