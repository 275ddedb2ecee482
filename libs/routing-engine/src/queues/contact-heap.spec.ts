import { ContactRecord } from '../contacts/contact-record';
import { ContactHeap } from './contact-heap';

function contact(id: string, priority: number, arrivedAt: number, seq: number): ContactRecord {
  return { id, priority, arrivedAt, seq, heapIndex: -1, bucket: undefined } as ContactRecord;
}

describe(ContactHeap.name, () => {
  it('serves higher priority first, then the earliest arrival, then the earliest request', () => {
    const heap = new ContactHeap();
    const items = [contact('late', 0, 50, 1), contact('vip', 2, 90, 2), contact('early', 0, 10, 3), contact('same-time', 0, 10, 4)];
    items.forEach((c) => heap.push(c, heap));
    const order: string[] = [];
    while (heap.peek()) {
      const head = heap.peek()!;
      order.push(head.id);
      heap.remove(head);
    }
    expect(order).toEqual(['vip', 'early', 'same-time', 'late']);
  });

  it('removes any contact and keeps the order of the rest', () => {
    const heap = new ContactHeap();
    const items = Array.from({ length: 50 }, (_, i) => contact(`c${i}`, i % 3, (i * 37) % 101, i));
    items.forEach((c) => heap.push(c, heap));
    items.filter((_, i) => i % 4 === 0).forEach((c) => heap.remove(c));
    const order: ContactRecord[] = [];
    while (heap.peek()) {
      const head = heap.peek()!;
      order.push(head);
      heap.remove(head);
    }
    const expected = items
      .filter((_, i) => i % 4 !== 0)
      .sort((a, b) => b.priority - a.priority || a.arrivedAt - b.arrivedAt || a.seq - b.seq);
    expect(order.map((c) => c.id)).toEqual(expected.map((c) => c.id));
  });
});
