import { ContactRecord, comesBefore } from '../contacts/contact-record';

/**
 * Binary heap of waiting contacts, best first (priority, then age), that can also remove any
 * member in O(log n) because each contact remembers its position. A contact is in at most one heap.
 */
export class ContactHeap {
  private readonly items: ContactRecord[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): ContactRecord | undefined {
    return this.items[0];
  }

  push(contact: ContactRecord, owner: unknown): void {
    contact.bucket = owner;
    contact.heapIndex = this.items.length;
    this.items.push(contact);
    this.siftUp(contact.heapIndex);
  }

  remove(contact: ContactRecord): void {
    const index = contact.heapIndex;
    if (index < 0 || this.items[index] !== contact) return;
    const last = this.items.pop() as ContactRecord;
    contact.heapIndex = -1;
    contact.bucket = undefined;
    if (last === contact) return;
    this.items[index] = last;
    last.heapIndex = index;
    this.siftUp(index);
    this.siftDown(last.heapIndex);
  }

  values(): readonly ContactRecord[] {
    return this.items;
  }

  private siftUp(start: number): void {
    let index = start;
    const item = this.items[index];
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = this.items[parentIndex];
      if (!comesBefore(item, parent)) break;
      this.items[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    this.items[index] = item;
    item.heapIndex = index;
  }

  private siftDown(start: number): void {
    let index = start;
    const length = this.items.length;
    const item = this.items[index];
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const best = right < length && comesBefore(this.items[right], this.items[left]) ? right : left;
      if (!comesBefore(this.items[best], item)) break;
      this.items[index] = this.items[best];
      this.items[index].heapIndex = index;
      index = best;
    }
    this.items[index] = item;
    item.heapIndex = index;
  }
}
