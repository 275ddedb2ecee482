/** Why an operation was refused. The engine validates before it mutates, so a refusal leaves state untouched. */
export type RoutingErrorCode =
  | 'invalid-definition'
  | 'invalid-argument'
  | 'unknown-agent'
  | 'unknown-queue'
  | 'unknown-contact'
  | 'duplicate-contact'
  | 'queue-not-empty'
  | 'offer-not-pending'
  | 'wrong-agent'
  | 'contact-not-assigned'
  | 'contact-already-assigned'
  | 'agent-offline'
  | 'agent-at-capacity'
  | 'invalid-transfer';

export class RoutingError extends Error {
  constructor(
    readonly code: RoutingErrorCode,
    message: string,
    readonly details: Readonly<Record<string, string | number | undefined>> = {},
  ) {
    super(message);
    this.name = 'RoutingError';
  }
}

export function isRoutingError(error: unknown): error is RoutingError {
  return error instanceof RoutingError;
}
