import { isTypingFresh, TYPING_TTL_MS } from './typing.v1';

describe('isTypingFresh', () => {
  const now = new Date('2026-01-01T12:00:00.000Z');
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

  it('shows a typing event from a moment ago', () => {
    expect(isTypingFresh(ago(1_000), now)).toBe(true);
  });

  it('drops one older than the time to live (e.g. replayed by a new consumer group)', () => {
    expect(isTypingFresh(ago(TYPING_TTL_MS), now)).toBe(false);
    expect(isTypingFresh(ago(60 * 60_000), now)).toBe(false);
  });

  it('tolerates a little clock skew but not a date far in the future or garbage', () => {
    expect(isTypingFresh(ago(-2_000), now)).toBe(true);
    expect(isTypingFresh(ago(-60_000), now)).toBe(false);
    expect(isTypingFresh('not a date', now)).toBe(false);
  });
});
