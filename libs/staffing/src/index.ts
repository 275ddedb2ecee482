export * from './erlang';
export * from './scenario';
export * from './simulation';
export * from './staffing-plan';
export * from './prng';
