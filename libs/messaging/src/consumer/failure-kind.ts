/**
 * What a failure of a message's handling says about retrying it:
 * - `unavailable`: the database or the broker is not there (connection refused or lost, server
 *   shutting down or starting, too many connections). Retried with backoff until it is back; the
 *   message is never dead-lettered and its offset never committed meanwhile.
 * - `conflict`: the transaction lost a race (deadlock, serialization failure, lock timeout). Retried
 *   promptly, never dead-lettered: running it again is the cure.
 * - `failed`: anything else (a bug, a row that is not there yet). Retried a few times, then
 *   dead-lettered, unless the database turns out not to answer (then it was `unavailable`).
 */
export type FailureKind = 'unavailable' | 'conflict' | 'failed';

/** PostgreSQL SQLSTATE classes and codes that mean "the server is not usable right now". */
const UNAVAILABLE_SQLSTATE = [/^08/, /^53/, /^57P0[123]$/, /^58/];
const CONFLICT_SQLSTATE = new Set(['40001', '40P01', '55P03']);
/** Node's socket errors: the server (database or broker) cannot be reached. */
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/** pg and TypeORM say it in words when the connection itself went away. */
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection (is )?(closed|lost|ended)/i,
  /terminating connection/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /Client has encountered a connection error/i,
  /Cannot use a pool after calling end/i,
];

export function failureKind(error: unknown): FailureKind {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const candidate = current as { code?: unknown; name?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    const code = typeof candidate.code === 'string' ? candidate.code : undefined;
    if (code && CONFLICT_SQLSTATE.has(code)) return 'conflict';
    if (code && (UNAVAILABLE_ERRNO.has(code) || UNAVAILABLE_SQLSTATE.some((pattern) => pattern.test(code)))) return 'unavailable';
    // kafkajs errors reaching a handler are the broker's (a dead-letter send, a direct publish).
    if (typeof candidate.name === 'string' && candidate.name.startsWith('KafkaJS')) return 'unavailable';
    if (typeof candidate.message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(candidate.message as string)))
      return 'unavailable';
    current = candidate.driverError ?? candidate.cause;
  }
  return 'failed';
}
