/** A visitor's socket may announce "typing" this often; more is noise (and a flood is refused). */
export const VISITOR_TYPING_INTERVAL_MS = 1_000;

/**
 * Whether a visitor's typing change should go on to the agent: a change of state always does,
 * the same state repeated only once per interval (the widget repeats "typing" to keep it alive).
 */
export function shouldRelayVisitorTyping(last: { isTyping: boolean; at: number } | undefined, isTyping: boolean, now: number): boolean {
  if (!last || last.isTyping !== isTyping) return true;
  return now - last.at >= VISITOR_TYPING_INTERVAL_MS;
}
