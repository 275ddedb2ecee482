import { AgentState, Channel } from '../agents/agent.types';

/**
 * What the engine decided, in order. Plain data: the routing service persists the new state
 * and publishes each decision as an event. Every decision carries the (virtual) time it was made.
 */
export type RoutingDecision =
  | { readonly type: 'contact-queued'; readonly at: number; readonly contactId: string; readonly queueId: string }
  | {
      readonly type: 'offer-made';
      readonly at: number;
      readonly contactId: string;
      readonly agentId: string;
      readonly queueId: string;
      readonly channel: Channel;
      readonly expiresAt: number;
    }
  | { readonly type: 'offer-expired'; readonly at: number; readonly contactId: string; readonly agentId: string }
  | { readonly type: 'offer-rejected'; readonly at: number; readonly contactId: string; readonly agentId: string }
  | {
      readonly type: 'offer-revoked';
      readonly at: number;
      readonly contactId: string;
      readonly agentId: string;
      readonly reason: OfferRevokedReason;
    }
  | {
      readonly type: 'contact-assigned';
      readonly at: number;
      readonly contactId: string;
      readonly agentId: string;
      readonly queueId: string;
      readonly channel: Channel;
      readonly waitedMs: number;
      readonly manual: boolean;
    }
  | { readonly type: 'contact-requeued'; readonly at: number; readonly contactId: string; readonly queueId: string }
  | {
      readonly type: 'contact-overflowed';
      readonly at: number;
      readonly contactId: string;
      readonly fromQueueId: string;
      readonly toQueueId: string;
    }
  | {
      readonly type: 'contact-transferred';
      readonly at: number;
      readonly contactId: string;
      readonly fromAgentId: string | undefined;
      readonly toQueueId: string;
      readonly toAgentId: string | undefined;
    }
  | {
      readonly type: 'contact-abandoned';
      readonly at: number;
      readonly contactId: string;
      readonly queueId: string;
      readonly waitedMs: number;
    }
  | {
      readonly type: 'max-wait-exceeded';
      readonly at: number;
      readonly contactId: string;
      readonly queueId: string;
      readonly waitedMs: number;
    }
  | {
      readonly type: 'contact-completed';
      readonly at: number;
      readonly contactId: string;
      readonly agentId: string;
      readonly queueId: string;
    }
  | {
      readonly type: 'agent-state-changed';
      readonly at: number;
      readonly agentId: string;
      readonly state: AgentState;
      readonly reason: string | undefined;
    };

export type OfferRevokedReason = 'agent-disconnected' | 'agent-unavailable' | 'contact-abandoned' | 'manual-assignment' | 'transferred';

export type RoutingDecisionType = RoutingDecision['type'];

/** The reason set on an agent who missed too many offers in a row. */
export const MISSED_OFFERS_REASON = 'missed offers';
