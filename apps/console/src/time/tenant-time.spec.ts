import { isSameTenantDay, startOfTenantDay } from './tenant-time';

describe('tenant time', () => {
  it("starts Jakarta's day at 00:00 WIB, which is 17:00 UTC the day before", () => {
    expect(startOfTenantDay(new Date('2026-03-12T02:30:00Z'), 'Asia/Jakarta').toISOString()).toBe('2026-03-11T17:00:00.000Z');
    // 18:00 UTC is already the next day in Jakarta.
    expect(startOfTenantDay(new Date('2026-03-11T18:00:00Z'), 'Asia/Jakarta').toISOString()).toBe('2026-03-11T17:00:00.000Z');
  });

  it('follows daylight saving time where the zone has it', () => {
    expect(startOfTenantDay(new Date('2026-07-01T12:00:00Z'), 'Europe/Amsterdam').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(startOfTenantDay(new Date('2026-01-15T12:00:00Z'), 'Europe/Amsterdam').toISOString()).toBe('2026-01-14T23:00:00.000Z');
  });

  it('tells whether two instants are on the same day in the zone, not in UTC', () => {
    expect(isSameTenantDay('2026-03-11T16:59:00Z', '2026-03-11T17:01:00Z', 'Asia/Jakarta')).toBe(false);
    expect(isSameTenantDay('2026-03-11T17:01:00Z', '2026-03-12T10:00:00Z', 'Asia/Jakarta')).toBe(true);
  });
});
