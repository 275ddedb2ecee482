import type { VoiceAccountConfig, VoiceLanguage } from './voice-config';

/** Twilio <Say> language codes for Garda's languages. */
export const SAY_LANGUAGE: Record<VoiceLanguage, string> = { id: 'id-ID', en: 'en-US' };

/** What callers hear when the account does not say otherwise. */
const DEFAULTS: Record<VoiceLanguage, Record<'greeting' | 'hold' | 'callbackConfirmed' | 'agentUnreachable' | 'noChoice', string>> = {
  id: {
    greeting: 'Terima kasih telah menghubungi kami.',
    hold: 'Semua agen kami sedang melayani pelanggan lain. Mohon tetap di saluran, panggilan Anda akan segera dijawab.',
    callbackConfirmed: 'Terima kasih. Kami akan menelepon Anda kembali secepatnya. Sampai jumpa.',
    agentUnreachable: 'Maaf, agen kami tidak dapat dihubungi. Kami akan menelepon Anda kembali secepatnya.',
    noChoice: 'Kami akan menghubungkan Anda dengan agen berikutnya.',
  },
  en: {
    greeting: 'Thank you for calling.',
    hold: 'All our agents are helping other customers. Please stay on the line; your call will be answered shortly.',
    callbackConfirmed: 'Thank you. We will call you back as soon as we can. Goodbye.',
    agentUnreachable: 'Sorry, we could not reach an agent. We will call you back as soon as we can.',
    noChoice: 'We will connect you to the next available agent.',
  },
};

export function voiceText(
  config: VoiceAccountConfig,
  language: VoiceLanguage,
  key: keyof (typeof DEFAULTS)['id'],
  configured?: Partial<Record<VoiceLanguage, string>>,
): string {
  return configured?.[language] ?? configured?.[config.language] ?? DEFAULTS[language][key];
}

/** The menu prompt: the account's own, or "For sales, press 1. …" built from the options' labels. */
export function menuPrompt(config: VoiceAccountConfig, language: VoiceLanguage): string | undefined {
  const menu = config.menu;
  if (!menu) return undefined;
  const own = menu.prompt?.[language] ?? menu.prompt?.[config.language];
  if (own) return own;
  return menu.options
    .map((option) => {
      const label = option.label?.[language] ?? option.label?.[config.language] ?? option.queue ?? (option.callback ? 'callback' : '');
      return language === 'id' ? `Untuk ${label}, tekan ${option.digit}.` : `For ${label}, press ${option.digit}.`;
    })
    .join(' ');
}

export function holdMessage(config: VoiceAccountConfig, language: VoiceLanguage, turn: number): string {
  const messages = config.holdMessages?.[language] ?? config.holdMessages?.[config.language];
  if (!messages || messages.length === 0) return DEFAULTS[language].hold;
  return messages[turn % messages.length];
}

/** "3 min 12 s" / "45 s": how long a call lasted, for the conversation. */
export function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return minutes > 0 ? `${minutes} min ${rest} s` : `${rest} s`;
}
