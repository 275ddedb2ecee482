import type { DataSource } from 'typeorm';
import { CoreModule } from '../runtime/core.module';
import type { ServiceRuntime } from '../runtime/service-runtime';
import { MetricsController } from './metrics.controller';
import { startMetricsServer } from './metrics-server';
import { observabilityOptionsFrom } from './observability-config';
import { ServiceObservability } from './service-observability';

const notConnected = { isInitialized: false } as unknown as DataSource;

describe('metrics on a port of their own (METRICS_PORT)', () => {
  it('serves the registry on GET /metrics and nothing else', async () => {
    const observability = new ServiceObservability('routing', notConnected, 'routing', { metricsPort: 0 });
    observability.handled('routing.offer-made.v1', 'processed', 0.01);
    const server = await startMetricsServer(observability.metrics.registry, 0, '127.0.0.1');
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      expect(await metrics.text()).toContain(
        'garda_kafka_messages_total{topic="routing.offer-made.v1",outcome="processed",service="routing"} 1',
      );
      expect((await fetch(`${base}/health/live`)).status).toBe(404);
      expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
    } finally {
      await server.close();
    }
  });

  it('takes /metrics off the service HTTP app when it has its own port, and keeps it there otherwise', () => {
    const controllersWith = (metricsPort: number | undefined) => {
      const observability = new ServiceObservability('tickets', notConnected, 'tickets', { metricsPort });
      return CoreModule.forRuntime({ observability } as unknown as ServiceRuntime).controllers ?? [];
    };
    expect(controllersWith(9464)).not.toContain(MetricsController);
    expect(controllersWith(undefined)).toContain(MetricsController);
  });

  it('reads METRICS_PORT and the OTEL variables, treating empty as unset and refusing bad values by name', () => {
    expect(observabilityOptionsFrom('tickets', {})).toEqual({ otlpEndpoint: undefined, exportDelayMs: 2000, metricsPort: undefined });
    expect(observabilityOptionsFrom('tickets', { METRICS_PORT: '', OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toEqual({
      otlpEndpoint: undefined,
      exportDelayMs: 2000,
      metricsPort: undefined,
    });
    expect(
      observabilityOptionsFrom('tickets', {
        METRICS_PORT: '9464',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
        OTEL_BSP_SCHEDULE_DELAY: '200',
      }),
    ).toEqual({ otlpEndpoint: 'http://otel-collector:4318', exportDelayMs: 200, metricsPort: 9464 });
    expect(() => observabilityOptionsFrom('tickets', { METRICS_PORT: 'nine' })).toThrow(/METRICS_PORT/);
    expect(() => observabilityOptionsFrom('tickets', { OTEL_EXPORTER_OTLP_ENDPOINT: 'otel-collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT: must be an http\(s\) URL/,
    );
  });
});
