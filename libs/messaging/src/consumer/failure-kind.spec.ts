import { failureKind } from './failure-kind';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('failureKind', () => {
  it('calls a database or broker that cannot be reached unavailable', () => {
    expect(failureKind(withCode('ECONNREFUSED'))).toBe('unavailable');
    expect(failureKind(withCode('57P01', 'terminating connection due to administrator command'))).toBe('unavailable');
    expect(failureKind(withCode('57P03', 'the database system is starting up'))).toBe('unavailable');
    expect(failureKind(withCode('53300', 'sorry, too many clients already'))).toBe('unavailable');
    expect(failureKind(new Error('Connection terminated unexpectedly'))).toBe('unavailable');
    expect(failureKind(new Error('timeout exceeded when trying to connect'))).toBe('unavailable');
    expect(failureKind(Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError' }))).toBe('unavailable');
  });

  it('looks through TypeORM’s QueryFailedError and error causes', () => {
    const queryFailed = Object.assign(new Error('query failed'), { driverError: withCode('08006') });
    expect(failureKind(queryFailed)).toBe('unavailable');
    expect(failureKind(new Error('outer', { cause: withCode('40P01', 'deadlock detected') }))).toBe('conflict');
  });

  it('calls a lost race a conflict and anything else a failure', () => {
    expect(failureKind(withCode('40001', 'could not serialize access'))).toBe('conflict');
    expect(failureKind(withCode('23505', 'duplicate key value violates unique constraint'))).toBe('failed');
    expect(failureKind(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe('failed');
    expect(failureKind(undefined)).toBe('failed');
  });
});
