/**
 * Errors a service's domain and persistence code throws when a caller asked for something that
 * cannot be done. They carry no HTTP status: the HTTP layer (AllExceptionsFilter) maps them, so a
 * repository or a domain function never depends on how it is called (HTTP, a Kafka handler, a CLI).
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'not-found' | 'conflict' | 'invalid-input' | 'forbidden' | 'rate-limited';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The thing does not exist, or the caller may not know it exists (another tenant's id): 404. */
export class NotFoundError extends DomainError {
  readonly kind = 'not-found';
}

/** The request is valid but clashes with the current state (a refused transition, a duplicate): 409. */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
}

/** A value the caller gave is not acceptable; `field` names it (e.g. `status`, `eta`): 400. */
export class InvalidInputError extends DomainError {
  readonly kind = 'invalid-input';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The caller is known but their role does not allow this: 403. */
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
}

/** Too many attempts; try again after `retryAfterSeconds`: 429 with Retry-After. */
export class RateLimitedError extends DomainError {
  readonly kind = 'rate-limited';
  constructor(
    readonly retryAfterSeconds: number,
    message = 'too many requests',
  ) {
    super(message);
  }
}
