import { baseConfigShape } from '@garda/service-kit';
import { z } from 'zod';

const seconds = (max: number) => z.coerce.number().int().min(1).max(max);

/** tickets' settings; the lifecycle periods are each tenant's defaults until an admin sets their own. */
export const ticketsConfigShape = {
  ...baseConfigShape,
  TICKETS_REOPEN_WINDOW_SECONDS: seconds(365 * 86_400)
    .default(7 * 86_400)
    .describe("How long after a ticket went pending, on-hold or solved a customer's message reopens it (tenant default)"),
  TICKETS_AUTO_CLOSE_SECONDS: seconds(365 * 86_400)
    .default(4 * 86_400)
    .describe('How long a solved ticket stays solved before it closes for good (tenant default)'),
  TICKETS_PENDING_REMINDER_SECONDS: seconds(365 * 86_400)
    .default(3 * 86_400)
    .describe('How long a pending ticket waits for the customer before they are reminded (tenant default)'),
  TICKETS_PENDING_SOLVE_SECONDS: seconds(365 * 86_400)
    .default(4 * 86_400)
    .describe('How long after the reminder a still-pending ticket is solved (tenant default)'),
  TICKETS_TIMER_POLL_MS: z.coerce
    .number()
    .int()
    .min(50)
    .max(600_000)
    .default(5_000)
    .describe('How often each replica looks for due ticket timers (auto-close, pending reminders)'),
  TICKETS_TIMER_BATCH: z.coerce.number().int().min(1).max(1_000).default(100).describe('Due timers one replica claims per transaction'),
};

export type TicketsConfig = z.output<z.ZodObject<typeof ticketsConfigShape>>;
