import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { type Observable, throwError } from 'rxjs';
import type { Logger } from 'pino';
import { DomainError } from '../errors/domain-errors';

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
}

const DOMAIN_STATUS: Record<DomainError['kind'], number> = {
  'not-found': 404,
  conflict: 409,
  'invalid-input': 400,
  forbidden: 403,
  'rate-limited': 429,
};

/**
 * The last line of defence for HTTP: errors a caller caused (bad JSON, too large, validation)
 * answer 4xx with a reason; only our own faults answer 500, and those are logged. A Kafka handler's
 * error (rpc) is passed on untouched: the transport must see it to roll back and retry.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() === 'rpc') return throwError(() => exception);
    if (host.getType() !== 'http') return;
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;

    if (exception instanceof DomainError) {
      const status = DOMAIN_STATUS[exception.kind];
      if ('retryAfterSeconds' in exception) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
      response.status(status).json({
        statusCode: status,
        error: exception.name,
        message: exception.message,
        ...('field' in exception ? { field: exception.field } : {}),
      });
      return;
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      response.status(exception.getStatus()).json(typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : body);
      return;
    }
    const parserError = exception as BodyParserError;
    const status = parserError.status ?? parserError.statusCode;
    if (parserError.expose && status && status >= 400 && status < 500) {
      // body-parser marks client errors (malformed JSON, too large, bad encoding) as exposable.
      response.status(status).json({ statusCode: status, error: parserError.type ?? 'Bad Request', message: parserError.message });
      return;
    }
    this.logger.error({ err: exception }, 'unhandled error while serving a request');
    response.status(500).json({ statusCode: 500, message: 'Internal server error' });
  }
}
