/** A visitor's socket may announce "typing" this often; more is noise (and a flood is refused). */
export const VISITOR_TYPING_INTERVAL_MS = 1_000;

/** What one socket last relayed: whether the visitor was typing, and when a "typing" last went on. */
export interface VisitorTypingState {
  typing: boolean;
  startedAt?: number;
}

/**
 * Whether a visitor's typing event should go on to the agent. A "typing" goes on at most once per
 * interval, whatever came in between; a "stopped" only right after a relayed "typing" (so the
 * agent's indicator clears at once). Flipping true/false as fast as a socket can therefore relays
 * at most two events per interval per socket; the per-session limit (WebchatLimits) caps what all
 * of a session's sockets relay together.
 */
export function relayVisitorTyping(
  last: VisitorTypingState | undefined,
  isTyping: boolean,
  now: number,
): { relay: boolean; state: VisitorTypingState } {
  const state = last ?? { typing: false };
  if (!isTyping) return { relay: state.typing, state: { ...state, typing: false } };
  if (state.startedAt !== undefined && now - state.startedAt < VISITOR_TYPING_INTERVAL_MS) return { relay: false, state };
  return { relay: true, state: { typing: true, startedAt: now } };
}
