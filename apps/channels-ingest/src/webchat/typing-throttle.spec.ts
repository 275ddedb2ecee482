import { shouldRelayVisitorTyping, VISITOR_TYPING_INTERVAL_MS } from './typing-throttle';

describe('shouldRelayVisitorTyping', () => {
  it('relays the first event and every change of state at once', () => {
    expect(shouldRelayVisitorTyping(undefined, true, 1_000)).toBe(true);
    expect(shouldRelayVisitorTyping({ isTyping: true, at: 1_000 }, false, 1_001)).toBe(true);
  });

  it('relays a repeated "typing" only once per interval', () => {
    const last = { isTyping: true, at: 1_000 };
    expect(shouldRelayVisitorTyping(last, true, 1_000 + VISITOR_TYPING_INTERVAL_MS - 1)).toBe(false);
    expect(shouldRelayVisitorTyping(last, true, 1_000 + VISITOR_TYPING_INTERVAL_MS)).toBe(true);
  });
});
