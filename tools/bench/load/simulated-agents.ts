import type { AgentToServerEvents, ServerToAgentEvents } from '@garda/contracts';
import { signAccessToken } from '@garda/service-kit';
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { ContactLedger } from './contact-ledger';

type AgentSocket = Socket<ServerToAgentEvents, AgentToServerEvents>;

export interface AgentPoolOptions {
  /** Gateway base URLs; agents are spread over them round-robin (several gateway replicas). */
  gatewayUrls: string[];
  /** Routing base URL, for the agents' routing profiles (admin API). */
  routingUrl: string;
  tenantId: string;
  /** The platform's JWT secret: the driver signs its agents' tokens as the gateway's login would. */
  jwtSecret: string;
  agents: number;
  /** Web-chat capacity of each agent. */
  capacity: number;
  /** The skill the tenant's queue requires (the demo tenant's default queue: support). */
  skill: string;
  /** Handle time, drawn uniformly from [min, max] ms, between the assignment and the wrap-up. */
  handleTimeMs: { min: number; max: number };
  ledger: ContactLedger;
  onError?: (what: string, error: unknown) => void;
  /**
   * Go available again after a lost connection, as a person at the console does when the desk
   * reconnects or shows them offline because their connection dropped (chaos runs kill gateways).
   */
  comeBackAfterDisconnect?: boolean;
}

/**
 * Agents as the console drives them: a socket.io connection each, available, accepting every
 * offer, answering the customer and wrapping up (closing the conversation) after a random handle
 * time. Reusable by any load run (bench:load, chaos).
 */
export class AgentPool {
  private readonly sockets: AgentSocket[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  /** Wrap-ups that failed for good (the platform refused or never answered): a bench finding. */
  wrapUpFailures = 0;
  inHand = 0;

  constructor(private readonly options: AgentPoolOptions) {}

  static agentId(index: number): string {
    return `00000000-0000-4000-9000-${String(index + 1).padStart(12, '0')}`;
  }

  /** Give every agent a routing profile (PUT is idempotent), a few at a time. */
  async provision(adminToken: string): Promise<void> {
    const ids = Array.from({ length: this.options.agents }, (_, index) => AgentPool.agentId(index));
    await inParallel(ids, 4, async (agentId, index) => {
      const response = await fetch(`${this.options.routingUrl}/agents/${agentId}/profile`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: `Load Agent ${index + 1}`,
          skills: { [this.options.skill]: 3 },
          capacity: { webchat: this.options.capacity },
        }),
      });
      if (response.status !== 200) throw new Error(`profile of ${agentId}: ${response.status} ${await response.text()}`);
    });
  }

  /** Connect every agent and make them available; resolves when routing confirmed each one. */
  async connect(): Promise<void> {
    const ids = Array.from({ length: this.options.agents }, (_, index) => AgentPool.agentId(index));
    await inParallel(ids, 25, async (agentId, index) => {
      const token = signAccessToken(
        { sub: agentId, tenantId: this.options.tenantId, role: 'agent', name: `Load Agent ${index + 1}` },
        this.options.jwtSecret,
      );
      const url = this.options.gatewayUrls[index % this.options.gatewayUrls.length];
      const socket: AgentSocket = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: true });
      this.sockets.push(socket);
      await connected(socket, 30_000);
      this.wire(socket, agentId, token, url);
      const available = new Promise<void>((resolve) => {
        const listener = (status: { agentId: string; state: string }) => {
          if (status.agentId === agentId && status.state === 'available') {
            socket.off('agent:status', listener);
            resolve();
          }
        };
        socket.on('agent:status', listener);
      });
      const ack = await socket.timeout(30_000).emitWithAck('agent:set-state', { state: 'available' });
      if (!ack.ok) throw new Error(`agent ${agentId} could not go available: ${ack.error}`);
      await withTimeout(available, 60_000, `agent ${agentId} available`);
    });
  }

  private wire(socket: AgentSocket, agentId: string, token: string, gatewayUrl: string): void {
    const { ledger } = this.options;
    if (this.options.comeBackAfterDisconnect) {
      const goAvailable = () =>
        void socket
          .timeout(30_000)
          .emitWithAck('agent:set-state', { state: 'available' })
          .catch((error: unknown) => this.options.onError?.('agent:set-state', error));
      socket.io.on('reconnect', goAvailable);
      socket.on('agent:status', (status) => {
        if (status.agentId === agentId && status.state === 'offline' && status.reason === 'disconnected') goAvailable();
      });
    }
    socket.on('offer:new', (offer) => {
      if (offer.agentId !== agentId) return;
      ledger.offered(offer.preview, offer.contactId, Date.now());
      socket
        .timeout(30_000)
        .emitWithAck('offer:accept', { contactId: offer.contactId })
        .then(
          (ack) => !ack.ok && this.options.onError?.('offer:accept', ack.error),
          (error: unknown) => this.options.onError?.('offer:accept', error),
        );
    });
    socket.on('contact:assigned', (assignment) => {
      if (assignment.agentId !== agentId) return;
      ledger.assigned(assignment.contactId, agentId, Date.now());
      this.inHand += 1;
      const { min, max } = this.options.handleTimeMs;
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          void this.answerAndWrapUp(socket, token, gatewayUrl, assignment.conversationId).finally(() => (this.inHand -= 1));
        },
        min + Math.random() * (max - min),
      );
      this.timers.add(timer);
    });
  }

  private async answerAndWrapUp(socket: AgentSocket, token: string, gatewayUrl: string, conversationId: string): Promise<void> {
    if (this.closed) return;
    try {
      const ack = await socket
        .timeout(30_000)
        .emitWithAck('conversation:reply', { conversationId, messageId: randomUUID(), text: 'Thanks, that is sorted.' });
      if (!ack.ok) this.options.onError?.('conversation:reply', ack.error);
    } catch (error) {
      this.options.onError?.('conversation:reply', error);
    }
    // Tickets learns of the assignment over Kafka: a close right after it may be refused briefly.
    const deadline = Date.now() + 60_000;
    while (!this.closed) {
      try {
        const response = await fetch(`${gatewayUrl}/conversations/${conversationId}/close`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ disposition: 'resolved' }),
        });
        await response.arrayBuffer();
        if (response.status === 200 || response.status === 201) return;
        if (Date.now() > deadline) throw new Error(`close answered ${response.status}`);
      } catch (error) {
        if (Date.now() > deadline) {
          this.wrapUpFailures += 1;
          this.options.onError?.('wrap-up', error);
          return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  close(): void {
    this.closed = true;
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
    this.sockets.forEach((socket) => socket.close());
  }
}

export async function inParallel<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms))),
  ]);
}

/**
 * Resolves on the first connect. A transport error while the gateway is still warming up (the
 * smoke run starts every service at once on a busy machine) is retried by socket.io's own
 * reconnection, as the console's is; only an auth refusal, or no connection at all within the
 * deadline, fails.
 */
function connected(socket: AgentSocket, deadlineMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let lastError: Error | undefined;
    const timer = setTimeout(() => {
      socket.off('connect_error', onError);
      reject(lastError ?? new Error(`no connection within ${deadlineMs} ms`));
    }, deadlineMs);
    const onError = (error: Error) => {
      lastError = error;
      // socket.io reports a middleware refusal (bad token) as a plain error without `type`;
      // transport failures carry type 'TransportError' and are retried.
      if ((error as { type?: string }).type !== 'TransportError') {
        clearTimeout(timer);
        socket.off('connect_error', onError);
        reject(error);
      }
    };
    socket.on('connect_error', onError);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('connect_error', onError);
      resolve();
    });
  });
}
