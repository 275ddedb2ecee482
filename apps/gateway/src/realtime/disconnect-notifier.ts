import { type AuthClaims, Topics } from '@garda/contracts';
import type { UnitOfWork } from '@garda/messaging';
import type { Logger } from 'pino';

/**
 * Long enough to ride out a page reload or a network blip (socket.io reconnects within a second
 * or two), short enough that a pending offer moves to another agent long before it would time out.
 */
export const DISCONNECT_GRACE_MS = 3000;

/** Counts the user's sockets still open on every gateway replica (socket.io's fetchSockets through the adapter). */
export type OpenSockets = () => Promise<number>;

/**
 * Tells routing when an agent has no socket left (ADR 0011). An agent may have several tabs, on
 * several gateway replicas: a closing socket only starts a short grace, and when it ends the
 * agent's sockets are counted across the replicas. Only when none is left does the gateway publish
 * `agents.disconnected.v1` (through the outbox), so routing re-routes the agent's pending offers
 * at once instead of letting them time out.
 *
 * Each socket leaves its rooms before its disconnect is handled, so of two tabs closing at once on
 * two replicas at least the later one counts zero: the last close is never missed. A replica that
 * stops takes its timers with it: sockets it drops on shutdown reconnect elsewhere, and an agent
 * whose last socket was there then falls back to routing's offer timeout.
 */
export class DisconnectNotifier {
  private readonly graces = new Map<string, NodeJS.Timeout>();
  private stopping = false;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly logger: Logger,
    private readonly graceMs = DISCONNECT_GRACE_MS,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A socket of the user connected: a disconnect waiting out its grace is forgotten. */
  connected(user: AuthClaims): void {
    const key = keyOf(user);
    clearTimeout(this.graces.get(key));
    this.graces.delete(key);
  }

  /** A socket of the user closed (and has left its rooms); `openSockets` counts those left when the grace ends. */
  disconnected(user: AuthClaims, openSockets: OpenSockets): void {
    const key = keyOf(user);
    if (this.stopping || this.graces.has(key)) return;
    const closedAt = this.now();
    const timer = setTimeout(() => void this.settle(user, closedAt, openSockets), this.graceMs);
    timer.unref();
    this.graces.set(key, timer);
  }

  /** Nest's shutdown hook: the replica's sockets closing now is not their agents leaving. */
  onModuleDestroy(): void {
    this.stopping = true;
    for (const timer of this.graces.values()) clearTimeout(timer);
    this.graces.clear();
  }

  private async settle(user: AuthClaims, closedAt: Date, openSockets: OpenSockets): Promise<void> {
    this.graces.delete(keyOf(user));
    if (this.stopping) return;
    try {
      const open = await openSockets().catch((error: unknown) => {
        // A replica that cannot answer cannot deliver offers to the agent either: count it as gone.
        this.logger.warn(
          { err: error, userId: user.sub },
          'could not count the agent’s sockets on other replicas; treating them as closed',
        );
        return 0;
      });
      if (open > 0 || this.stopping) return;
      await this.unitOfWork.run(({ publish }) =>
        publish(
          Topics.AgentDisconnected,
          { tenantId: user.tenantId, agentId: user.sub, disconnectedAt: closedAt.toISOString() },
          { tenantId: user.tenantId, key: user.tenantId },
        ),
      );
      this.logger.info({ userId: user.sub, tenantId: user.tenantId }, 'agent has no socket left; routing told');
    } catch (error) {
      // Routing's offer timeout still moves the agent's offers on; nothing else depends on this.
      this.logger.error({ err: error, userId: user.sub }, 'could not announce that the agent disconnected');
    }
  }
}

function keyOf(user: AuthClaims): string {
  return `${user.tenantId}/${user.sub}`;
}
