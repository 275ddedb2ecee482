import { relayVisitorTyping, VISITOR_TYPING_INTERVAL_MS, type VisitorTypingState } from './typing-throttle';

/** Feeds a socket's events through the throttle and returns which ones went on to the agent. */
function relayed(events: Array<[isTyping: boolean, at: number]>): Array<[boolean, number]> {
  let state: VisitorTypingState | undefined;
  const out: Array<[boolean, number]> = [];
  for (const [isTyping, at] of events) {
    const decision = relayVisitorTyping(state, isTyping, at);
    state = decision.state;
    if (decision.relay) out.push([isTyping, at]);
  }
  return out;
}

describe('relayVisitorTyping', () => {
  it('relays the first "typing" and the "stopped" that follows it at once', () => {
    expect(
      relayed([
        [true, 1_000],
        [false, 1_001],
      ]),
    ).toEqual([
      [true, 1_000],
      [false, 1_001],
    ]);
  });

  it('relays a repeated "typing" only once per interval', () => {
    expect(
      relayed([
        [true, 1_000],
        [true, 1_000 + VISITOR_TYPING_INTERVAL_MS - 1],
        [true, 1_000 + VISITOR_TYPING_INTERVAL_MS],
      ]),
    ).toEqual([
      [true, 1_000],
      [true, 1_000 + VISITOR_TYPING_INTERVAL_MS],
    ]);
  });

  it('does not let flipping true/false bypass the interval: at most two events per interval', () => {
    const flips = Array.from({ length: 400 }, (_, i): [boolean, number] => [i % 2 === 0, 1_000 + i * 5]);
    const out = relayed(flips);
    // 400 events over two seconds: the first "typing" and its "stopped", then one more pair when the interval comes round.
    expect(out).toEqual([
      [true, 1_000],
      [false, 1_005],
      [true, 2_000],
      [false, 2_005],
    ]);
  });

  it('never relays a "stopped" the agent had not been told to start', () => {
    expect(
      relayed([
        [false, 1_000],
        [false, 1_500],
      ]),
    ).toEqual([]);
  });

  it('relays a new burst of typing after the visitor stopped for a while', () => {
    expect(
      relayed([
        [true, 1_000],
        [false, 4_000],
        [true, 4_500],
      ]),
    ).toEqual([
      [true, 1_000],
      [false, 4_000],
      [true, 4_500],
    ]);
  });
});
