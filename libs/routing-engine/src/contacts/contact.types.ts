import { Channel } from '../agents/agent.types';
import { SkillExpression } from '../requirements/skill-expression';

/** A routing request: a call, chat, email... that needs an agent. */
export interface ContactRequest {
  readonly id: string;
  readonly queueId: string;
  readonly channel: Channel;
  /** Overrides the queue's priority; higher first. */
  readonly priority?: number;
  /** Extra requirement of this contact (e.g. its language); unlike queue steps it never relaxes. */
  readonly requires?: SkillExpression;
  /** The customer's last agent: only this agent is offered the contact for `preferredForSeconds`. */
  readonly preferredAgentId?: string;
  readonly preferredForSeconds?: number;
  /** When the customer first arrived (ordering by age); default: now. */
  readonly arrivedAt?: number;
}

export type ContactStatus = 'waiting' | 'offered' | 'assigned';

export type TransferTarget =
  { readonly queueId: string } | { readonly agentId: string; readonly queueId?: string; readonly timeoutSeconds?: number };
