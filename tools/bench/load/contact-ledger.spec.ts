import { ContactLedger, latencies } from './contact-ledger';

describe('ContactLedger', () => {
  it('measures message → offer and → assignment from the customer message, first offer only', () => {
    const ledger = new ContactLedger();
    ledger.sent('hello 1', 1_000);
    ledger.answered('hello 1', 202);
    ledger.offered('hello 1', 'c1', 1_120);
    ledger.offered('hello 1', 'c1', 1_900); // a second offer after a timeout does not reset the clock
    ledger.assigned('c1', 'agent-a', 1_300);
    const window = ledger.summarise(0, 2_000);
    expect(window.messageToOfferMs).toMatchObject({ count: 1, p50: 120 });
    expect(window.messageToAssignmentMs).toMatchObject({ count: 1, p50: 300 });
    expect(window).toMatchObject({ sent: 1, accepted: 1, assigned: 1, unassigned: 0, assignedTwice: 0 });
    expect(ledger.pending()).toBe(0);
  });

  it('counts a contact assigned to two agents, or twice, as assigned twice', () => {
    const ledger = new ContactLedger();
    for (const text of ['a', 'b']) {
      ledger.sent(text, 0);
      ledger.answered(text, 202);
    }
    ledger.offered('a', 'ca', 10);
    ledger.assigned('ca', 'agent-1', 20);
    ledger.assigned('ca', 'agent-2', 30);
    // An assignment that overtakes its offer on another socket still counts.
    ledger.assigned('cb', 'agent-1', 15);
    ledger.offered('b', 'cb', 16);
    ledger.assigned('cb', 'agent-1', 40);
    expect(ledger.assignedTwice()).toBe(2);
  });

  it('keeps refused (429) and failed messages out of the assigned figures, and accepted ones pending until assigned', () => {
    const ledger = new ContactLedger();
    ledger.sent('ok', 0);
    ledger.answered('ok', 202);
    ledger.sent('busy', 0);
    ledger.answered('busy', 429);
    ledger.sent('broken', 0);
    ledger.answered('broken', 500);
    expect(ledger.pending()).toBe(1);
    expect(ledger.summarise(0, 1_000)).toMatchObject({ sent: 3, accepted: 1, refused: 1, failed: 1, unassigned: 1, acceptedPerSecond: 1 });
  });

  it('takes percentiles by rank', () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(latencies(values)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(latencies([undefined]).count).toBe(0);
  });
});
