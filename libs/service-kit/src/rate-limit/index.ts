export * from './rate-limit';
export * from './attempt-throttle';
export * from './rate-limits';
export * from './rate-limit-table';
export * from './client-address';
export * from './socket-rate-limit';
export * from './rate-limits.module';
