export * from './metrics';
export * from './tracing';
export * from './service-observability';
export * from './metrics.controller';
export * from './metrics-server';
export * from './observability-config';
