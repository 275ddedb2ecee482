/**
 * What happened to every contact the load driver sent: when the customer's message left, when the
 * offer and the assignment reached an agent's socket, and to whom. Pure bookkeeping (no I/O), so
 * the figures `bench:load` and `npm run chaos` print are unit-tested.
 */
export interface ContactRecord {
  /** The customer's first message text: unique per contact, and the offer's preview carries it. */
  text: string;
  sentAt: number;
  /** HTTP status of the customer's message (201 accepted, 429 refused under overload, …). */
  status?: number;
  contactId?: string;
  offeredAt?: number;
  assignedAt?: number;
  /** Every agent a `contact:assigned` for this contact reached; more than one is a double assignment. */
  assignedTo: Set<string>;
  /** `contact:assigned` events seen for this contact (one agent can only see it once per assignment). */
  assignments: number;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface WindowSummary {
  /** Contacts whose message was sent inside the window. */
  sent: number;
  accepted: number;
  refused: number;
  failed: number;
  assigned: number;
  /** Accepted contacts of the window that were never assigned. */
  unassigned: number;
  assignedTwice: number;
  /** Assignments that reached agents inside the window, per second of the window. */
  assignedPerSecond: number;
  /** Accepted messages per second of the window. */
  acceptedPerSecond: number;
  messageToOfferMs: LatencySummary;
  messageToAssignmentMs: LatencySummary;
}

export class ContactLedger {
  private readonly byText = new Map<string, ContactRecord>();
  private readonly byContactId = new Map<string, ContactRecord>();
  /** Assignments for contacts whose offer this driver never saw (still counted for doubles). */
  private readonly orphans = new Map<string, { agents: Set<string>; assignments: number; at: number }>();

  sent(text: string, at: number): ContactRecord {
    const record: ContactRecord = { text, sentAt: at, assignedTo: new Set(), assignments: 0 };
    this.byText.set(text, record);
    return record;
  }

  answered(text: string, status: number): void {
    const record = this.byText.get(text);
    if (record) record.status = status;
  }

  /** An offer reached an agent. Only the first offer of a contact counts for latency. */
  offered(preview: string | undefined, contactId: string, at: number): void {
    const record = preview === undefined ? undefined : this.byText.get(preview);
    if (!record) return;
    if (record.contactId === undefined) {
      record.contactId = contactId;
      this.byContactId.set(contactId, record);
      const orphan = this.orphans.get(contactId);
      if (orphan) {
        this.orphans.delete(contactId);
        orphan.agents.forEach((agent) => record.assignedTo.add(agent));
        record.assignments += orphan.assignments;
        record.assignedAt ??= orphan.at;
      }
    }
    record.offeredAt ??= at;
  }

  assigned(contactId: string, agentId: string, at: number): void {
    const record = this.byContactId.get(contactId);
    if (!record) {
      const orphan = this.orphans.get(contactId) ?? { agents: new Set<string>(), assignments: 0, at };
      orphan.agents.add(agentId);
      orphan.assignments += 1;
      this.orphans.set(contactId, orphan);
      return;
    }
    record.assignedTo.add(agentId);
    record.assignments += 1;
    record.assignedAt ??= at;
  }

  records(): ContactRecord[] {
    return [...this.byText.values()];
  }

  /** Accepted contacts not assigned yet (the driver waits for this to reach 0 before judging). */
  pending(): number {
    let pending = 0;
    for (const record of this.byText.values()) if (isAccepted(record) && record.assignedAt === undefined) pending += 1;
    return pending;
  }

  /** Contacts assigned more than once: to two agents, or twice to the same one. */
  assignedTwice(): number {
    let twice = 0;
    for (const record of this.byText.values()) if (record.assignments > 1 || record.assignedTo.size > 1) twice += 1;
    for (const orphan of this.orphans.values()) if (orphan.assignments > 1 || orphan.agents.size > 1) twice += 1;
    return twice;
  }

  /** The figures for contacts sent in [from, to). */
  summarise(from: number, to: number): WindowSummary {
    const inWindow = this.records().filter((record) => record.sentAt >= from && record.sentAt < to);
    const accepted = inWindow.filter(isAccepted);
    const seconds = Math.max(0.001, (to - from) / 1000);
    const assignedInWindow = this.records().filter((r) => r.assignedAt !== undefined && r.assignedAt >= from && r.assignedAt < to).length;
    return {
      sent: inWindow.length,
      accepted: accepted.length,
      refused: inWindow.filter((record) => record.status === 429).length,
      failed: inWindow.filter((record) => record.status !== undefined && !isAccepted(record) && record.status !== 429).length,
      assigned: accepted.filter((record) => record.assignedAt !== undefined).length,
      unassigned: accepted.filter((record) => record.assignedAt === undefined).length,
      assignedTwice: inWindow.filter((record) => record.assignments > 1 || record.assignedTo.size > 1).length,
      assignedPerSecond: assignedInWindow / seconds,
      acceptedPerSecond: accepted.length / seconds,
      messageToOfferMs: latencies(
        accepted.map((record) => (record.offeredAt === undefined ? undefined : record.offeredAt - record.sentAt)),
      ),
      messageToAssignmentMs: latencies(
        accepted.map((record) => (record.assignedAt === undefined ? undefined : record.assignedAt - record.sentAt)),
      ),
    };
  }
}

const isAccepted = (record: ContactRecord) => record.status !== undefined && record.status >= 200 && record.status < 300;

export function latencies(values: Array<number | undefined>): LatencySummary {
  const sorted = values.filter((value): value is number => value !== undefined).sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { count: sorted.length, p50: pick(0.5), p95: pick(0.95), p99: pick(0.99), max: sorted[sorted.length - 1] };
}
