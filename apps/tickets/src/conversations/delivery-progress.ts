import type { DeliveryStatusV1 } from '@garda/contracts';

type Reported = DeliveryStatusV1['status'];

const RANK: Record<string, number> = { pending: 0, sent: 1, delivered: 2, read: 3 };

/**
 * The status a message keeps when a channel reports one. Providers' callbacks arrive out of order
 * (WhatsApp may say "read" before "delivered"), so progress never goes backwards; a failure always
 * lands (the agent must see it), and after it only "delivered" or "read" (a retry that got through).
 * Returns null when the message keeps what it has.
 */
export function nextDeliveryStatus(current: string | null, reported: Reported): Reported | null {
  if (current === reported) return null;
  if (reported === 'failed' || current === null) return reported;
  // After a failure only proof of arrival counts: a late "sent" callback must not hide the failure.
  if (current === 'failed') return reported === 'delivered' || reported === 'read' ? reported : null;
  return (RANK[reported] ?? 0) > (RANK[current] ?? 0) ? reported : null;
}
