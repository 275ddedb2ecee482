import { randomUUID } from 'node:crypto';
import type { AgentToServerEvents, ServerToAgentEvents } from '@garda/contracts';
import { io, type Socket } from 'socket.io-client';

export type AgentSocket = Socket<ServerToAgentEvents, AgentToServerEvents>;

export async function login(gatewayUrl: string, email: string, password = 'garda-demo'): Promise<{ token: string; userId: string }> {
  const response = await fetch(`${gatewayUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`login of ${email} failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { accessToken: string; user: { id: string } };
  return { token: body.accessToken, userId: body.user.id };
}

/** An agent's live connection to the gateway, recording every event it receives. */
export class AgentClient {
  readonly received: Array<{ event: string; payload: Record<string, unknown>; at: number }> = [];
  readonly socket: AgentSocket;

  constructor(gatewayUrl: string, token: string) {
    this.socket = io(gatewayUrl, { auth: { token }, transports: ['websocket'], forceNew: true });
    this.socket.onAny((event: string, payload: Record<string, unknown>) => this.received.push({ event, payload, at: Date.now() }));
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.connected) return resolve();
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
    });
  }

  async send<E extends keyof AgentToServerEvents>(event: E, command: Parameters<AgentToServerEvents[E]>[0]): Promise<void> {
    // socket.io's typed emitWithAck cannot follow a generic event name; the map above still types `command`.
    const untyped = this.socket.timeout(10_000) as unknown as { emitWithAck(event: string, payload: unknown): Promise<unknown> };
    const ack = (await untyped.emitWithAck(event, command)) as { ok: boolean; error?: string };
    if (!ack.ok) throw new Error(`${event} refused: ${ack.error}`);
  }

  /** Go available, as the desk's status control does, and wait until routing confirms it. */
  async goAvailable(timeoutMs = 60_000): Promise<void> {
    await this.send('agent:set-state', { state: 'available' });
    await this.waitFor('agent:status', (status) => status.state === 'available', timeoutMs);
  }

  /** Wait for an event matching the predicate (including one that already arrived). */
  waitFor(event: string, predicate: (payload: Record<string, unknown>) => boolean = () => true, timeoutMs = 30_000) {
    return waitUntil(
      () => this.received.find((entry) => entry.event === event && predicate(entry.payload)),
      timeoutMs,
      `agent event ${event}`,
    );
  }

  count(event: string, predicate: (payload: Record<string, unknown>) => boolean = () => true): number {
    return this.received.filter((entry) => entry.event === event && predicate(entry.payload)).length;
  }

  close(): void {
    this.socket.close();
  }
}

/** A web-chat customer: a session on channels-ingest, messages over HTTP, replies over socket.io. */
export class WebChatCustomer {
  readonly replies: Array<{ text: string; authorName?: string; at: number }> = [];
  sessionId = '';
  private token = '';
  private socket: Socket | undefined;

  constructor(
    private readonly channelsUrl: string,
    private readonly accountId = 'demo-web',
  ) {}

  async open(profile: { name: string; email?: string; topic?: string }): Promise<void> {
    const response = await fetch(`${this.channelsUrl}/webchat/${this.accountId}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(profile),
    });
    if (response.status !== 201) throw new Error(`web-chat session refused: ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { sessionId: string; token: string };
    this.sessionId = body.sessionId;
    this.token = body.token;
    this.socket = io(`${this.channelsUrl}/webchat`, { auth: { token: this.token }, transports: ['websocket'], forceNew: true });
    this.socket.on('message', (message: { text: string; authorName?: string }) => this.replies.push({ ...message, at: Date.now() }));
    await new Promise<void>((resolve, reject) => {
      this.socket!.once('connect', () => resolve());
      this.socket!.once('connect_error', reject);
    });
  }

  async say(text: string, clientMessageId: string = randomUUID()): Promise<{ status: number; body: unknown; clientMessageId: string }> {
    const response = await this.post({ clientMessageId, text });
    return { ...response, clientMessageId };
  }

  async post(body: unknown, rawBody?: string): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.channelsUrl}/webchat/${this.accountId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: rawBody ?? JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // keep the text
    }
    return { status: response.status, body: parsed };
  }

  waitForReply(predicate: (reply: { text: string }) => boolean, timeoutMs = 30_000) {
    return waitUntil(() => this.replies.find(predicate), timeoutMs, 'web-chat reply');
  }

  close(): void {
    this.socket?.close();
  }
}

export async function waitUntil<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
