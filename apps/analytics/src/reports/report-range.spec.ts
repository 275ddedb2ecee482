import { bucketStarts, previousRange, resolveRange, segmentsBefore, segmentsOf } from './report-range';

const iso = (date: Date) => date.toISOString();

describe('report ranges in the tenant calendar', () => {
  it("starts today at the tenant's midnight when no range is given", () => {
    const range = resolveRange({}, 'Asia/Jakarta', new Date('2026-12-03T20:00:00Z'));
    expect(iso(range.from)).toBe('2026-12-03T17:00:00.000Z');
    expect(iso(range.to)).toBe('2026-12-03T20:00:00.000Z');
  });

  it('refuses an inverted range naming from, and a range over a year naming to', () => {
    expect(() => resolveRange({ from: '2026-12-03T00:00:00Z', to: '2026-12-02T00:00:00Z' }, 'UTC')).toThrow(
      expect.objectContaining({ field: 'from' }),
    );
    expect(() => resolveRange({ from: '2024-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'UTC')).toThrow(
      expect.objectContaining({ field: 'to' }),
    );
  });

  it('compares against the period of the same length just before', () => {
    const previous = previousRange(resolveRange({ from: '2026-11-02T00:00:00Z', to: '2026-11-04T00:00:00Z' }, 'UTC'));
    expect([iso(previous.from), iso(previous.to)]).toEqual(['2026-10-31T00:00:00.000Z', '2026-11-02T00:00:00.000Z']);
  });

  it('reads whole local days from day rows and the ragged edges from 15-minute rows', () => {
    const segments = segmentsOf(resolveRange({ from: '2026-11-01T12:00:00+07:00', to: '2026-11-03T09:30:00+07:00' }, 'Asia/Jakarta'));
    expect([segments.from, segments.fullDaysFrom, segments.fullDaysTo, segments.to].map(iso)).toEqual([
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T17:00:00.000Z',
      '2026-11-02T17:00:00.000Z',
      '2026-11-03T02:30:00.000Z',
    ]);
  });

  it('reads only 15-minute rows when the range holds no whole day', () => {
    const segments = segmentsOf(resolveRange({ from: '2026-11-02T08:00:00Z', to: '2026-11-02T17:00:00Z' }, 'UTC'));
    expect(iso(segments.fullDaysFrom)).toBe(iso(segments.to));
    expect(iso(segments.fullDaysTo)).toBe(iso(segments.to));
  });

  it('carries everything before the range for the backlog: whole days, then intervals up to its start', () => {
    const before = segmentsBefore(resolveRange({ from: '2026-11-02T10:20:00+05:30', to: '2026-11-03T00:00:00+05:30' }, 'Asia/Kolkata'));
    expect([before.fullDaysTo, before.to].map(iso)).toEqual(['2026-11-01T18:30:00.000Z', '2026-11-02T04:45:00.000Z']);
  });

  it('buckets weeks from Monday in the tenant time zone and refuses hours over a month naming bucket', () => {
    const range = resolveRange({ from: '2026-11-04T00:00:00+07:00', to: '2026-11-18T00:00:00+07:00' }, 'Asia/Jakarta');
    expect(bucketStarts(range, 'week').map(iso)).toEqual([
      '2026-11-01T17:00:00.000Z',
      '2026-11-08T17:00:00.000Z',
      '2026-11-15T17:00:00.000Z',
    ]);
    const long = resolveRange({ from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' }, 'UTC');
    expect(() => bucketStarts(long, 'hour')).toThrow(expect.objectContaining({ field: 'bucket' }));
  });
});
