/** What the widget's pre-chat form shows: the account's name, greeting and topics. */
export interface WebchatConfig {
  accountId: string;
  displayName: string;
  topics: string[];
  greeting?: string;
}

export interface WebchatSessionInfo {
  sessionId: string;
  token: string;
}

/** A file on a message; `url` is a short-lived link for this session (re-read history for a fresh one). */
export interface WebchatAttachment {
  kind: 'image' | 'audio' | 'video' | 'file' | 'location' | 'sticker';
  mediaId?: string;
  mimeType?: string;
  filename?: string;
  sizeBytes?: number;
  url?: string;
  expiresAt?: string;
}

export interface WebchatMessage {
  messageId: string;
  text: string;
  /** inbound: from the visitor; outbound: an agent's reply. */
  direction: 'inbound' | 'outbound';
  authorName?: string;
  createdAt: string;
  attachments?: WebchatAttachment[];
}

export interface WebchatTyping {
  isTyping: boolean;
  authorName?: string;
}

/** Where a session survives a reload or an app restart: localStorage, AsyncStorage, or your own. */
export interface SessionStorage {
  getItem(key: string): string | null | Promise<string | null>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
}

export interface WebchatEvents {
  message: (message: WebchatMessage) => void;
  typing: (typing: WebchatTyping) => void;
  /** 'connected' after (re)connecting, 'disconnected' when the socket dropped (it reconnects by itself), 'unauthorized' for a dead session. */
  connection: (state: 'connected' | 'disconnected' | 'unauthorized') => void;
}

/** Garda refused a request; `status` and the server's `body` say why (400 lists `issues`). */
export class WebchatError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`web chat request failed with ${status}: ${messageOf(body)}`);
    this.name = 'WebchatError';
  }
}

const messageOf = (body: unknown): string => {
  const message = (body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : Array.isArray(message) ? message.join('; ') : 'no details';
};
