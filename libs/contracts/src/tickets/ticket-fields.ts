import { z } from 'zod';

/**
 * A ticket's lifecycle (docs/tickets.md): `new` until someone works it, `open` while the team owes
 * the customer an answer, `pending` while the team waits on the customer, `on-hold` while it waits
 * on another team, `solved` when the agent thinks it is done (the customer may still reopen it),
 * `closed` when it can no longer change (a later message opens a follow-up ticket).
 */
export const TicketStatusSchema = z.enum(['new', 'open', 'pending', 'on-hold', 'solved', 'closed']);
export type TicketStatus = z.infer<typeof TicketStatusSchema>;

export const TicketPrioritySchema = z.enum(['low', 'normal', 'high', 'urgent']);
export type TicketPriority = z.infer<typeof TicketPrioritySchema>;

/** Routing serves higher numbers first (RoutingRequestedV1.priority, 0–100). */
export const ROUTING_PRIORITY: Record<TicketPriority, number> = { low: 0, normal: 25, high: 50, urgent: 75 };

export const TicketTypeSchema = z.enum(['question', 'incident', 'problem', 'complaint', 'request', 'task']);
export type TicketType = z.infer<typeof TicketTypeSchema>;

/** A tag: lower-case letters (any script), digits, '-', '_' or '.', as agents type them in a tag box. */
export const TicketTagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(50)
  .regex(/^[\p{Ll}\p{Lo}\p{N}][\p{Ll}\p{Lo}\p{N}._-]*$/u, 'a tag is one word: letters, digits, "-", "_" or "."');

/** Who made a change recorded in a ticket's history. */
export const TicketActorTypeSchema = z.enum(['agent', 'supervisor', 'admin', 'customer', 'system']);
export type TicketActorType = z.infer<typeof TicketActorTypeSchema>;

/** The fields whose every change is kept in the ticket's history. */
export const TicketHistoryFieldSchema = z.enum(['status', 'priority', 'tags', 'type', 'assignee', 'queue', 'subject']);
export type TicketHistoryField = z.infer<typeof TicketHistoryFieldSchema>;
