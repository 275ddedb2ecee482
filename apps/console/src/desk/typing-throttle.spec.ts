import { AGENT_TYPING_INTERVAL_MS, TypingThrottle } from './typing-throttle';

describe('TypingThrottle', () => {
  it('sends the first keystroke and then at most once per interval for a conversation', () => {
    const throttle = new TypingThrottle();
    expect(throttle.shouldSend('a', 0)).toBe(true);
    expect(throttle.shouldSend('a', 500)).toBe(false);
    expect(throttle.shouldSend('a', AGENT_TYPING_INTERVAL_MS - 1)).toBe(false);
    expect(throttle.shouldSend('a', AGENT_TYPING_INTERVAL_MS)).toBe(true);
  });

  it('keeps conversations apart, and starts over after a reset', () => {
    const throttle = new TypingThrottle();
    expect(throttle.shouldSend('a', 0)).toBe(true);
    expect(throttle.shouldSend('b', 10)).toBe(true);
    throttle.reset('a');
    expect(throttle.shouldSend('a', 20)).toBe(true);
  });
});
