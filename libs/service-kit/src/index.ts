export * from './config/load-config';
export * from './config/transport-security';
export * from './logging/logger';
export * from './http/zod-validation.pipe';
export * from './http/all-exceptions.filter';
export * from './http/security-headers';
export * from './errors/domain-errors';
export * from './auth/auth.decorators';
export * from './auth/auth.guard';
export * from './auth/tokens';
export * from './health/readiness';
export * from './health/health.controller';
export * from './database/database';
// The typed-query helpers live in messaging (its outbox and inbox need them too); service-kit re-exports them.
export {
  queryFirst,
  queryRows,
  pgRows,
  affectedRows,
  type PgQueryable,
  updatedRows,
  UnexpectedRowError,
  type Queryable,
} from '@garda/messaging';
export * from './database/cli-data-source';
export * from './runtime/service-runtime';
export * from './runtime/core.module';
export * from './runtime/bootstrap';
export * from './runtime/run-task';
export * from './secrets/secret-box';
export * from './transport';
export * from './observability';
export * from './rate-limit';
export * from './outbound';
export * from './privacy/privacy-kit';
export * from './retention/retention-config';
export * from './retention/periodic-job';
export * from './retention/inbox-housekeeping';
export * from './retention/retention-policy-projection';
export * from './retention/retention-policy.handler';
export * from './auth/route-inventory';
