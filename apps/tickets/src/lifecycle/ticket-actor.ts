import type { AuthClaims, TicketActorType } from '@garda/contracts';

/** Who changes a ticket, as its history shows them. */
export interface TicketActor {
  type: TicketActorType;
  id: string | null;
  name: string | null;
}

export const SYSTEM: TicketActor = { type: 'system', id: null, name: null };

export const actorOf = (user: AuthClaims): TicketActor => ({ type: user.role, id: user.sub, name: user.name });
