import type { AnalyticsWallboard } from './analytics-wallboard';

let configured: AnalyticsWallboard | undefined;

/**
 * The analytics reader the snapshot pusher uses. The pusher is built by the realtime event fan-out
 * (which only hands it what it had for the old gateway-side projection), so the supervisor module
 * sets the reader here at start-up, with the gateway's validated config.
 */
export const wallboardSource = {
  use(reader: AnalyticsWallboard): void {
    configured = reader;
  },
  get(): AnalyticsWallboard | undefined {
    return configured;
  },
};
