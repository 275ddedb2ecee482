import type { Channel } from '@garda/contracts';

/**
 * The most a reply may hold on each channel, from the providers' own limits (WhatsApp Cloud API
 * 4096 characters, Messenger 2000, Instagram 1000, Telegram 4096, Twilio SMS 1600 = 10 segments).
 */
export const CHANNEL_LIMITS: Record<Channel, number> = {
  webchat: 5000,
  email: 64000,
  whatsapp: 4096,
  messenger: 2000,
  instagram: 1000,
  sms: 1600,
  telegram: 4096,
};

/** SMS is billed by segment: 160 GSM-7 characters, or 70 when anything needs UCS-2. */
export function smsSegments(text: string): number {
  if (text.length === 0) return 0;
  // eslint-disable-next-line no-control-regex
  const gsm7 = /^[\u000A\u000D\u0020-\u007E£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà€]*$/.test(text);
  const single = gsm7 ? 160 : 70;
  const multi = gsm7 ? 153 : 67;
  return text.length <= single ? 1 : Math.ceil(text.length / multi);
}

export interface ReplyCheck {
  length: number;
  limit: number;
  tooLong: boolean;
  empty: boolean;
  /** On SMS: how many billed segments the reply takes (the composer says it). */
  smsSegments?: number;
}

export function checkReply(channel: Channel, text: string): ReplyCheck {
  const limit = CHANNEL_LIMITS[channel];
  const length = text.length;
  const segments = channel === 'sms' && length > 0 ? smsSegments(text) : undefined;
  return { length, limit, tooLong: length > limit, empty: text.trim().length === 0, smsSegments: segments };
}
