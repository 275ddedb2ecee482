export const ROUTING_STRATEGIES = ['longest-idle', 'least-occupied', 'most-proficient', 'round-robin'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];
