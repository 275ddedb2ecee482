import { z } from 'zod';
import { loadConfig } from '../config/load-config';

/** An unset and an empty variable mean the same: not configured. */
const unsetWhenEmpty = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/**
 * Variables of the observability every service reads besides its own config schema (they are not
 * part of it so a service's schema stays about the service). Documented from these descriptions.
 */
export const observabilityConfigShape = {
  METRICS_PORT: z
    .preprocess(unsetWhenEmpty, z.coerce.number().int().min(0).max(65535).optional())
    .describe('Serve GET /metrics on this separate port only, not on PORT (Kubernetes: 9464, which no Ingress routes to); unset: on PORT'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .preprocess(
      (value) => (typeof value === 'string' ? unsetWhenEmpty(value.trim()) : value),
      z
        .string()
        .regex(/^https?:\/\/\S+$/, 'must be an http(s) URL')
        .optional(),
    )
    .describe(
      'Base URL of an OTLP/HTTP trace receiver, e.g. http://otel-collector:4318 (spans go to <url>/v1/traces); unset: trace ids are propagated and logged, nothing is exported',
    ),
  OTEL_BSP_SCHEDULE_DELAY: z
    .preprocess(unsetWhenEmpty, z.coerce.number().int().min(1).max(60_000).default(2000))
    .describe('Milliseconds finished spans wait before a batched export'),
};

export interface ObservabilityOptions {
  otlpEndpoint?: string;
  exportDelayMs?: number;
  /** Serve /metrics on its own port (and not on the service's HTTP port). */
  metricsPort?: number;
}

/** Reads and validates the observability variables; a bad value stops the start like any config error. */
export function observabilityOptionsFrom(service: string, env: NodeJS.ProcessEnv): ObservabilityOptions {
  const config = loadConfig(service, observabilityConfigShape, env);
  return {
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
    exportDelayMs: config.OTEL_BSP_SCHEDULE_DELAY,
    metricsPort: config.METRICS_PORT,
  };
}
