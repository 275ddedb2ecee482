/**
 * The web-chat widget's texts and its demo page's, in Bahasa Indonesia and English: the catalogue
 * a translator edits. Placeholders are `{name}`. The widget picks the language from `data-lang` on
 * its script tag, then the page's `<html lang>`, then the visitor's browser languages, then
 * English (see widget-script.ts). The account's own texts (its name, greeting, topics) come from
 * its configuration as the account wrote them.
 */
const en = {
  title: 'Chat with us',
  greeting: 'Hi! How can we help?',
  namePlaceholder: 'Your name',
  emailPlaceholder: 'E-mail (optional)',
  topicLabel: 'Topic',
  start: 'Start chat',
  checkEmail: 'Please check your e-mail address.',
  unavailable: 'Chat is unavailable right now.',
  inputPlaceholder: 'Type a message…',
  inputLabel: 'Your message',
  send: 'Send',
  sendRefused: 'Your message could not be sent: {reason}',
  sendFailed: 'Your message could not be sent. Please try again.',
  typing: '{name} is typing…',
  agent: 'Agent',
  reconnecting: 'Reconnecting…',
  attach: 'Attach a file',
  file: 'File',
  fileTooLarge: '{name} is too large to send.',
  fileRefused: '{name} is a type of file that cannot be sent.',
  fileFailed: '{name} could not be sent. Please try again.',
} as const;

export type WidgetMessageKey = keyof typeof en;
export type WidgetLanguage = 'id' | 'en';

const id: Record<WidgetMessageKey, string> = {
  title: 'Chat dengan kami',
  greeting: 'Halo! Ada yang bisa kami bantu?',
  namePlaceholder: 'Nama Anda',
  emailPlaceholder: 'Email (opsional)',
  topicLabel: 'Topik',
  start: 'Mulai chat',
  checkEmail: 'Mohon periksa kembali alamat email Anda.',
  unavailable: 'Chat sedang tidak tersedia.',
  inputPlaceholder: 'Ketik pesan…',
  inputLabel: 'Pesan Anda',
  send: 'Kirim',
  sendRefused: 'Pesan Anda tidak dapat dikirim: {reason}',
  sendFailed: 'Pesan Anda gagal dikirim. Silakan coba lagi.',
  typing: '{name} sedang mengetik…',
  agent: 'Agen',
  reconnecting: 'Menghubungkan ulang…',
  attach: 'Lampirkan berkas',
  file: 'Berkas',
  fileTooLarge: '{name} terlalu besar untuk dikirim.',
  fileRefused: '{name} adalah jenis berkas yang tidak dapat dikirim.',
  fileFailed: '{name} gagal dikirim. Silakan coba lagi.',
};

export const WIDGET_MESSAGES: Record<WidgetLanguage, Record<WidgetMessageKey, string>> = { id, en };

const demoEn = {
  title: 'Garda web chat demo',
  intro: 'This page embeds the widget of account {account} with one tag:',
  howTo: 'Start a chat in the box at the bottom right; an available agent in the console will be offered it.',
  language:
    'The widget speaks the language on its tag (data-lang="id" or "en"); without one, the page\u2019s (<html lang>); without that, the visitor\u2019s browser\u2019s. This page is in English: try the {other} version.',
  otherLanguage: 'Bahasa Indonesia',
} as const;

export type DemoPageMessageKey = keyof typeof demoEn;

const demoId: Record<DemoPageMessageKey, string> = {
  title: 'Demo chat web Garda',
  intro: 'Halaman ini memasang widget akun {account} dengan satu tag:',
  howTo: 'Mulai chat di kotak kanan bawah; agen yang tersedia di konsol akan ditawari percakapan ini.',
  language:
    'Widget memakai bahasa yang tertulis pada tag-nya (data-lang="id" atau "en"); jika tidak ada, bahasa halaman (<html lang>); jika tidak ada juga, bahasa browser pengunjung. Halaman ini berbahasa Indonesia: coba versi {other}.',
  otherLanguage: 'English',
};

export const DEMO_PAGE_MESSAGES: Record<WidgetLanguage, Record<DemoPageMessageKey, string>> = { id: demoId, en: demoEn };

/** "id-ID" → "id", "in" (an old code for Indonesian) → "id", "en-GB" → "en"; anything else → undefined. */
export function widgetLanguage(tag: string | null | undefined): WidgetLanguage | undefined {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  const normalised = primary === 'in' ? 'id' : primary;
  return normalised === 'id' || normalised === 'en' ? normalised : undefined;
}

/** Fills `{name}` placeholders; an unknown one stays visible. */
export function fill(text: string, values: Record<string, string> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
