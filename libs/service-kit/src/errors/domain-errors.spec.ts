import type { ArgumentsHost } from '@nestjs/common';
import pino from 'pino';
import { AllExceptionsFilter } from '../http/all-exceptions.filter';
import { ConflictError, InvalidInputError, NotFoundError, RateLimitedError } from './domain-errors';

function answer(error: unknown) {
  const sent: { status?: number; body?: unknown; headers: Record<string, string> } = { headers: {} };
  const response = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: unknown) {
      sent.body = body;
      return this;
    },
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
    },
  };
  const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new AllExceptionsFilter(pino({ level: 'silent' })).catch(error, host);
  return sent;
}

describe('domain errors over HTTP', () => {
  it('answers a refused transition with 409 and its reason', () => {
    const sent = answer(new ConflictError('a closed ticket cannot be reopened'));
    expect(sent.status).toBe(409);
    expect(sent.body).toMatchObject({ statusCode: 409, message: 'a closed ticket cannot be reopened' });
  });

  it('names the field of a bad value with 400', () => {
    expect(answer(new InvalidInputError('eta', 'the ETA is in the past'))).toMatchObject({
      status: 400,
      body: { field: 'eta', message: 'the ETA is in the past' },
    });
  });

  it('hides whether another tenant has the thing with a plain 404', () => {
    expect(answer(new NotFoundError('no such ticket')).status).toBe(404);
  });

  it('tells a limited caller when to come back', () => {
    const sent = answer(new RateLimitedError(30));
    expect(sent.status).toBe(429);
    expect(sent.headers['Retry-After']).toBe('30');
  });
});
