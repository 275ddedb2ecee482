import type { Provider } from '@nestjs/common';
import { CONFIG } from '@garda/service-kit';
import { UpstreamClient } from '../console-api/upstream-client';
import type { GatewayConfig } from '../gateway.config';

/** The services that contribute to a customer's export, in the order the document lists them. */
export const EXPORTING_SERVICES = ['customers', 'tickets', 'routing', 'channels-ingest', 'notifications', 'analytics'] as const;
export type ExportingService = (typeof EXPORTING_SERVICES)[number];
export type PrivacyUpstreams = Record<ExportingService, UpstreamClient>;

export const PRIVACY_UPSTREAMS = Symbol('PrivacyUpstreams');

const TIMEOUT_MS = 30_000;

export const privacyUpstreamsProvider: Provider = {
  provide: PRIVACY_UPSTREAMS,
  inject: [CONFIG],
  useFactory: (config: GatewayConfig): PrivacyUpstreams => ({
    customers: new UpstreamClient('customers', config.CUSTOMERS_URL, TIMEOUT_MS),
    tickets: new UpstreamClient('tickets', config.TICKETS_URL, TIMEOUT_MS),
    routing: new UpstreamClient('routing', config.ROUTING_URL, TIMEOUT_MS),
    'channels-ingest': new UpstreamClient('channels-ingest', config.CHANNELS_INGEST_URL, TIMEOUT_MS),
    notifications: new UpstreamClient('notifications', config.NOTIFICATIONS_URL, TIMEOUT_MS),
    analytics: new UpstreamClient('analytics', config.ANALYTICS_URL, TIMEOUT_MS),
  }),
};
