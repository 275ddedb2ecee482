import { logContext } from '@garda/messaging';
import type { LoggerService } from '@nestjs/common';
import pino, { type Logger, type LoggerOptions } from 'pino';
import { traceIdsOf } from '../observability/tracing';

/**
 * Set by the integration tests' jest environment (tools/testing/test-log-environment.cjs): the lines
 * of services booted inside a test file go to the running test's log file instead of stdout.
 */
const testLog = (globalThis as { __gardaTestLog?: (line: string) => void }).__gardaTestLog;

export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const options: LoggerOptions = {
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Every line carries the correlation, tenant and trace/span ids of the work it belongs to.
    mixin: () => {
      const context = logContext.getStore();
      if (!context) return {};
      return { correlationId: context.correlationId, tenantId: context.tenantId, ...traceIdsOf(context.traceParent) };
    },
  };
  return testLog ? pino(options, { write: testLog }) : pino(options);
}

/** Routes NestJS's own logging into the same structured JSON stream. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, stringify(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, stringify(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, stringify(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, stringify(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, stringify(message));
  }
}

function stringify(message: unknown): string {
  return typeof message === 'string' ? message : JSON.stringify(message);
}

export type { Logger };
