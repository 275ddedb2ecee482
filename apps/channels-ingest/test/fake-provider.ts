import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** When the request arrived (ms since the epoch), to check the waits between retries. */
  at: number;
}

type Reply = { status: number; body: unknown; headers?: Record<string, string> };

/**
 * A local HTTP server that plays a provider's API: it records every request exactly as it arrived
 * and answers with scripted replies (per path), falling back to a default success for the path.
 */
export class FakeProvider {
  readonly requests: ReceivedRequest[] = [];
  private readonly scripted = new Map<string, Reply[]>();
  private server: Server | undefined;
  url = '';

  constructor(private readonly success: (request: ReceivedRequest) => Reply) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const received = {
          method: request.method ?? '',
          path: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        };
        this.requests.push(received);
        const reply = this.scripted.get(received.path)?.shift() ?? this.success(received);
        response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        response.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next replies for a path, in order (e.g. two 503s before the default success). */
  script(path: string, ...replies: Reply[]): void {
    this.scripted.set(path, [...(this.scripted.get(path) ?? []), ...replies]);
  }

  to(path: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
