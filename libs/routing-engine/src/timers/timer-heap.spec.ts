import { Timer, TimerHeap } from './timer-heap';

const timer = (at: number, seq: number): Timer => ({ at, seq, kind: 'offer-expiry', subjectId: `c${seq}`, epoch: 0 });

describe(TimerHeap.name, () => {
  it('pops timers by time, equal times in the order they were scheduled', () => {
    const heap = new TimerHeap();
    [timer(30, 1), timer(10, 2), timer(20, 3), timer(10, 4)].forEach((t) => heap.push(t));
    const order: number[] = [];
    for (let t = heap.pop(); t !== undefined; t = heap.pop()) order.push(t.seq);
    expect(order).toEqual([2, 4, 3, 1]);
  });

  it('keeps its order after dropping timers that no longer matter', () => {
    const heap = new TimerHeap();
    for (let i = 0; i < 200; i++) heap.push(timer((i * 7919) % 1000, i));
    heap.retain((t) => t.seq % 3 !== 0);
    const popped: Timer[] = [];
    for (let t = heap.pop(); t !== undefined; t = heap.pop()) popped.push(t);
    expect(popped).toHaveLength(133);
    expect(popped.every((t, i) => i === 0 || popped[i - 1].at < t.at || (popped[i - 1].at === t.at && popped[i - 1].seq < t.seq))).toBe(
      true,
    );
  });
});
