import type { IncomingMessage } from 'node:http';
import type { RateLimit } from './rate-limit';

/** What a refused client receives as `connect_error`: `err.message` and `err.data.retryAfterSeconds`. */
export class SocketRateLimitedError extends Error {
  readonly data: { retryAfterSeconds: number };
  constructor(retryAfterSeconds: number) {
    super('rate limited: too many connection attempts, retry later');
    this.data = { retryAfterSeconds };
  }
}

interface HandshakingSocket {
  request: IncomingMessage;
}

/**
 * socket.io middleware (`server.use` or `namespace.use`) that spends one point of `limit` per
 * connection attempt under `keyOf(socket)` (usually the client's address) before anything else
 * runs, so a flood of handshakes costs one upsert each and never reaches token verification.
 * Store failures let the connection through (logged by the caller's `onStoreError`): an outage of
 * the limiter must not lock every agent out.
 */
export function socketRateLimit<S extends HandshakingSocket>(
  limit: RateLimit,
  keyOf: (socket: S) => string,
  onStoreError: (error: unknown) => void,
): (socket: S, next: (error?: Error) => void) => void {
  return (socket, next) => {
    limit.take(keyOf(socket)).then(
      (decision) => next(decision.allowed ? undefined : new SocketRateLimitedError(decision.retryAfterSeconds)),
      (error: unknown) => {
        onStoreError(error);
        next();
      },
    );
  };
}
