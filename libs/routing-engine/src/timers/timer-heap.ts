export type TimerKind = 'offer-expiry' | 'relaxation-step' | 'max-wait' | 'preference-end' | 'after-contact-work-end';

/**
 * A scheduled wake-up. Timers are never cancelled: each carries the epoch of the thing it
 * watches, and a timer whose epoch no longer matches is skipped when it comes due.
 */
export interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly kind: TimerKind;
  /** Contact id or agent id. */
  readonly subjectId: string;
  readonly epoch: number;
}

/** Min-heap by time, then by scheduling order, so equal-time timers fire deterministically. */
export class TimerHeap {
  private readonly items: Timer[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Timer | undefined {
    return this.items[0];
  }

  push(timer: Timer): void {
    const items = this.items;
    let index = items.length;
    items.push(timer);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!earlier(timer, items[parent])) break;
      items[index] = items[parent];
      index = parent;
    }
    items[index] = timer;
  }

  /** Keeps only the timers `keep` accepts, re-heapified in O(n). */
  retain(keep: (timer: Timer) => boolean): void {
    const kept = this.items.filter(keep);
    this.items.length = 0;
    for (const timer of kept) this.items.push(timer);
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftDown(start: number): void {
    const items = this.items;
    let index = start;
    const item = items[index];
    for (;;) {
      const left = 2 * index + 1;
      if (left >= items.length) break;
      const best = earlierOf(items, left, left + 1);
      if (!earlier(items[best], item)) break;
      items[index] = items[best];
      index = best;
    }
    items[index] = item;
  }

  pop(): Timer | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const best = right < items.length && earlier(items[right], items[left]) ? right : left;
      if (!earlier(items[best], last)) break;
      items[index] = items[best];
      index = best;
    }
    items[index] = last;
    return top;
  }
}

function earlierOf(items: Timer[], a: number, b: number): number {
  return b < items.length && earlier(items[b], items[a]) ? b : a;
}

function earlier(a: Timer, b: Timer): boolean {
  return a.at !== b.at ? a.at < b.at : a.seq < b.seq;
}
