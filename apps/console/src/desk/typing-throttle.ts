/** The desk tells the gateway "typing" at most this often while the agent types a reply. */
export const AGENT_TYPING_INTERVAL_MS = 2_000;

/**
 * Remembers when "typing" was last sent per conversation, so a burst of keystrokes becomes one
 * event every couple of seconds (the customer's widget keeps the indicator alive between them).
 */
export class TypingThrottle {
  private readonly lastSent = new Map<string, number>();

  constructor(private readonly intervalMs = AGENT_TYPING_INTERVAL_MS) {}

  /** True when an event should go out now (and records it as sent). */
  shouldSend(conversationId: string, now: number): boolean {
    const last = this.lastSent.get(conversationId);
    if (last !== undefined && now - last < this.intervalMs) return false;
    this.lastSent.set(conversationId, now);
    return true;
  }

  /** After a reply is sent the next keystroke announces typing again at once. */
  reset(conversationId: string): void {
    this.lastSent.delete(conversationId);
  }
}
