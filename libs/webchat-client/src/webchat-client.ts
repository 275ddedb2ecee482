import { io, type Socket } from 'socket.io-client';
import {
  type SessionStorage,
  type WebchatAttachment,
  type WebchatConfig,
  WebchatError,
  type WebchatEvents,
  type WebchatMessage,
  type WebchatSessionInfo,
} from './types';

export interface WebchatClientOptions {
  /** Where channels-ingest is reachable, e.g. `https://chat.acme.example`. */
  baseUrl: string;
  /** The web-chat channel account (Garda admin: channel accounts). */
  accountId: string;
  /** Keeps the session across reloads / app restarts; without it a session lasts as long as the object. */
  storage?: SessionStorage;
  /** Defaults to the global fetch (browsers, React Native, Node 18+). */
  fetch?: typeof fetch;
  /** Defaults to socket.io-client's `io`; React Native apps may pass one configured with `transports: ['websocket']`. */
  io?: typeof io;
  /** Attempts per message send on network errors and 5xx (each with the same clientMessageId, so it is published once). */
  sendAttempts?: number;
}

type Listener<E extends keyof WebchatEvents> = WebchatEvents[E];

/** A random UUID v4, from crypto.randomUUID where the platform has it. */
function uuid(): string {
  const cryptoApi = (globalThis as { crypto?: { randomUUID?: () => string; getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (cryptoApi?.randomUUID) return cryptoApi.randomUUID();
  const bytes = new Uint8Array(16);
  if (cryptoApi?.getRandomValues) cryptoApi.getRandomValues(bytes);
  else for (let i = 0; i < 16; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Garda's web-chat protocol (docs/channels.md, "Web chat") as a small client: start or resume a
 * session, send messages and files, read the history, and receive agents' replies and typing live
 * over socket.io. No DOM is needed, so it runs in web pages and in React Native alike.
 */
export class WebchatClient {
  private session: WebchatSessionInfo | undefined;
  private socket: Socket | undefined;
  private readonly listeners: { [E in keyof WebchatEvents]: Set<Listener<E>> } = {
    message: new Set(),
    typing: new Set(),
    connection: new Set(),
  };
  private readonly seen = new Set<string>();
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: WebchatClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/$/, '');
    this.fetchImpl = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  }

  private get storageKey(): string {
    return `garda.webchat.${this.options.accountId}`;
  }

  private get path(): string {
    return `${this.baseUrl}/webchat/${encodeURIComponent(this.options.accountId)}`;
  }

  /** The session in use, if any. */
  get current(): WebchatSessionInfo | undefined {
    return this.session;
  }

  /** The account's name, greeting and topics, for a pre-chat form. */
  async config(): Promise<WebchatConfig> {
    return this.request<WebchatConfig>('GET', '/config', undefined, false);
  }

  /**
   * The stored session if there is one (and it still works), else a new one with the pre-chat
   * answers. `topic` must be one of the account's topics (400 otherwise).
   */
  async start(details: { name?: string; email?: string; topic?: string } = {}): Promise<WebchatSessionInfo> {
    if (!this.session) {
      const stored = await this.options.storage?.getItem(this.storageKey);
      if (stored) {
        try {
          this.session = JSON.parse(stored) as WebchatSessionInfo;
          await this.history();
          return this.session;
        } catch (error) {
          // A session that expired or was signed with a rotated key: start afresh.
          if (!(error instanceof WebchatError) || error.status !== 401) throw error;
          this.session = undefined;
        }
      }
    } else return this.session;
    const session = await this.request<WebchatSessionInfo>('POST', '/sessions', details, false);
    this.session = { sessionId: session.sessionId, token: session.token };
    await this.options.storage?.setItem(this.storageKey, JSON.stringify(this.session));
    return this.session;
  }

  /** Sends a message (text and/or uploaded files); retried safely, it is published once. */
  async send(text: string, attachments: Array<Pick<WebchatAttachment, 'mediaId'>> = []): Promise<{ messageId: string }> {
    const clientMessageId = uuid();
    const body = { clientMessageId, text, attachments: attachments.map((attachment) => ({ mediaId: attachment.mediaId })) };
    const attempts = Math.max(1, this.options.sendAttempts ?? 3);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.request<{ messageId: string }>('POST', '/messages', body);
      } catch (error) {
        const retriable = !(error instanceof WebchatError) || error.status >= 500;
        if (!retriable || attempt >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** (attempt - 1)));
      }
    }
  }

  /**
   * Uploads a file for the next message (then `send(text, [attachment])`). Blob/File in browsers;
   * bytes anywhere. Over the size limit → WebchatError 413, a refused type → 415.
   */
  async upload(file: Blob | ArrayBuffer | Uint8Array, meta: { filename?: string; contentType?: string } = {}): Promise<WebchatAttachment> {
    const contentType = meta.contentType ?? (typeof Blob !== 'undefined' && file instanceof Blob ? file.type : '') ?? '';
    const response = await this.fetchImpl(`${this.path}/attachments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.requireSession().token}`,
        'content-type': contentType || 'application/octet-stream',
        ...(meta.filename ? { 'x-filename': encodeURIComponent(meta.filename) } : {}),
      },
      body: file as BodyInit,
    });
    return this.parse<WebchatAttachment>(response);
  }

  /** The session's conversation so far (files with fresh links). */
  async history(): Promise<WebchatMessage[]> {
    const body = await this.request<{ messages: WebchatMessage[] }>('GET', '/messages');
    for (const message of body.messages) this.seen.add(message.messageId);
    return body.messages.map((message) => this.absolute(message));
  }

  /** Opens the live connection: `message` and `typing` events follow until disconnect(). */
  connect(): void {
    if (this.socket) return;
    const session = this.requireSession();
    const connect = this.options.io ?? io;
    const socket = connect(`${this.baseUrl}/webchat`, { path: '/socket.io', auth: { token: session.token } });
    socket.on('connect', () => this.emit('connection', 'connected'));
    socket.on('disconnect', () => this.emit('connection', 'disconnected'));
    socket.on('connect_error', (error: Error) => {
      if (error.message === 'unauthorized') this.emit('connection', 'unauthorized');
    });
    socket.on('message', (message: WebchatMessage) => {
      // A redelivered reply (at-least-once) is shown once.
      if (this.seen.has(message.messageId)) return;
      this.seen.add(message.messageId);
      this.emit('message', this.absolute(message));
    });
    socket.on('typing', (typing: { isTyping: boolean; authorName?: string }) => this.emit('typing', typing));
    this.socket = socket;
  }

  /** Tells the agent the visitor is (or stopped) typing; repeated states are throttled by the server. */
  typing(isTyping: boolean): void {
    this.socket?.emit('typing', { isTyping });
  }

  on<E extends keyof WebchatEvents>(event: E, listener: Listener<E>): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  /** Closes the live connection; the session stays (replies wait in the history, and a push webhook can tell the app). */
  disconnect(): void {
    this.socket?.disconnect();
    this.socket = undefined;
  }

  /** Forgets the session (e.g. the user signed out); the next start() begins a new conversation. */
  async forget(): Promise<void> {
    this.disconnect();
    this.session = undefined;
    await this.options.storage?.removeItem(this.storageKey);
  }

  /** File links may come relative to the service (no PUBLIC_BASE_URL): an app needs them absolute. */
  private absolute(message: WebchatMessage): WebchatMessage {
    if (!message.attachments?.length) return message;
    return {
      ...message,
      attachments: message.attachments.map((attachment) =>
        attachment.url && attachment.url.startsWith('/') ? { ...attachment, url: `${this.baseUrl}${attachment.url}` } : attachment,
      ),
    };
  }

  private emit<E extends keyof WebchatEvents>(event: E, ...args: Parameters<WebchatEvents[E]>): void {
    for (const listener of this.listeners[event]) (listener as (...values: Parameters<WebchatEvents[E]>) => void)(...args);
  }

  private requireSession(): WebchatSessionInfo {
    if (!this.session) throw new Error('call start() first');
    return this.session;
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown, authorised = true): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (authorised) headers.authorization = `Bearer ${this.requireSession().token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.fetchImpl(`${this.path}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return this.parse<T>(response);
  }

  private async parse<T>(response: Response): Promise<T> {
    const text = await response.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    if (!response.ok) throw new WebchatError(response.status, body);
    return body as T;
  }
}
