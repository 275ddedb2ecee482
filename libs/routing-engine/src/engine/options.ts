import { CrossChannelRule } from '../agents/agent.types';
import { RoutingError } from '../errors';

export interface RoutingEngineOptions {
  /** How long an agent has to accept an offer unless the queue says otherwise. Default 20. */
  readonly offerTimeoutSeconds?: number;
  /** Missed (timed-out) offers in a row after which an agent goes away with reason "missed offers". Default 3. */
  readonly maxConsecutiveMissedOffers?: number;
  /** After-contact work unless the queue says otherwise. Default 0 (straight back to available). */
  readonly afterContactWorkSeconds?: number;
  /** How long a contact waits for its preferred (last) agent before the queue takes over. Default 30. */
  readonly preferredAgentSeconds?: number;
  /** How long a contact transferred to an agent waits for that agent before its queue takes over. Default 30. */
  readonly transferToAgentSeconds?: number;
  /** Cross-channel rule for agents whose profile has none. Default: a call blocks every other channel. */
  readonly defaultCrossChannel?: CrossChannelRule;
}

export type ResolvedOptions = Required<RoutingEngineOptions>;

export function resolveOptions(options: RoutingEngineOptions = {}): ResolvedOptions {
  const resolved: ResolvedOptions = {
    offerTimeoutSeconds: options.offerTimeoutSeconds ?? 20,
    maxConsecutiveMissedOffers: options.maxConsecutiveMissedOffers ?? 3,
    afterContactWorkSeconds: options.afterContactWorkSeconds ?? 0,
    preferredAgentSeconds: options.preferredAgentSeconds ?? 30,
    transferToAgentSeconds: options.transferToAgentSeconds ?? 30,
    defaultCrossChannel: options.defaultCrossChannel ?? { voice: '*' },
  };
  positive(resolved.offerTimeoutSeconds, 'offerTimeoutSeconds');
  positive(resolved.preferredAgentSeconds, 'preferredAgentSeconds');
  positive(resolved.transferToAgentSeconds, 'transferToAgentSeconds');
  if (!Number.isFinite(resolved.afterContactWorkSeconds) || resolved.afterContactWorkSeconds < 0) {
    throw new RoutingError('invalid-definition', 'afterContactWorkSeconds must be zero or more');
  }
  if (!Number.isInteger(resolved.maxConsecutiveMissedOffers) || resolved.maxConsecutiveMissedOffers < 1) {
    throw new RoutingError('invalid-definition', 'maxConsecutiveMissedOffers must be a positive integer');
  }
  return resolved;
}

function positive(value: number, name: string): void {
  if (!Number.isFinite(value) || value <= 0) throw new RoutingError('invalid-definition', `${name} must be positive`);
}
