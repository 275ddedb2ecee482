import type { AgentToServerEvents, Ack, ServerToAgentEvents } from '@garda/contracts';
import { io, type Socket } from 'socket.io-client';
import { gatewayUrl } from '../config';

export type AgentSocket = Socket<ServerToAgentEvents, AgentToServerEvents>;

/** The error of an ack that never came: the console says it in the user's language (ui/failures.ts). */
export const ACK_TIMEOUT = 'The gateway did not answer in time';

/**
 * One socket per session; socket.io reconnects by itself after a network drop. withCredentials:
 * the console is served from another origin than the gateway, and behind the Ingress socket.io's
 * HTTP requests must carry its affinity cookie (garda-affinity) to reach the pod holding the
 * session; browsers send cookies on cross-origin requests only when asked to.
 */
export function connectAgentSocket(token: string): AgentSocket {
  return io(gatewayUrl(), { auth: { token }, transports: ['websocket', 'polling'], reconnectionDelayMax: 5000, withCredentials: true });
}

/** Emit a command and wait for the gateway's ack (or fail after a timeout). */
export function command<E extends keyof AgentToServerEvents>(
  socket: AgentSocket,
  event: E,
  payload: Parameters<AgentToServerEvents[E]>[0],
): Promise<Ack> {
  return new Promise((resolve) => {
    const emit = socket.timeout(8000).emit as unknown as (
      event: string,
      payload: unknown,
      ack: (error: Error | null, result: Ack) => void,
    ) => void;
    emit.call(socket, event, payload, (error, result) => resolve(error ? { ok: false, error: ACK_TIMEOUT } : result));
  });
}
