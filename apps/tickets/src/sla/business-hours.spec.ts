import { addBusinessSeconds, ALWAYS_OPEN, type BusinessCalendar, businessSecondsBetween } from './business-hours';

// Jakarta has no daylight saving: 08:00 WIB is 01:00 UTC.
const jakartaOffice: BusinessCalendar = {
  timeZone: 'Asia/Jakarta',
  weekly: {
    1: [[480, 1020]],
    2: [[480, 1020]],
    3: [[480, 1020]],
    4: [[480, 1020]],
    5: [
      [480, 720],
      [780, 1020],
    ],
  },
  holidays: ['2026-12-25'],
};
const hours = (n: number) => n * 3600;

describe(addBusinessSeconds.name, () => {
  it('counts only opening hours: four hours asked at 15:00 on a Thursday end at 10:00 on Friday', () => {
    // Thursday 3 December 2026, 15:00 WIB.
    expect(addBusinessSeconds(new Date('2026-12-03T08:00:00Z'), hours(4), jakartaOffice).toISOString()).toBe('2026-12-04T03:00:00.000Z');
  });

  it('skips the weekend, the Friday lunch break and a holiday', () => {
    // Friday 11:00 WIB + 3 h: 11–12, lunch, 13–15 → Friday 15:00 WIB.
    expect(addBusinessSeconds(new Date('2026-12-04T04:00:00Z'), hours(3), jakartaOffice).toISOString()).toBe('2026-12-04T08:00:00.000Z');
    // Friday 16:00 WIB + 2 h: 1 h on Friday, then Monday 08:00–09:00.
    expect(addBusinessSeconds(new Date('2026-12-04T09:00:00Z'), hours(2), jakartaOffice).toISOString()).toBe('2026-12-07T02:00:00.000Z');
    // Thursday 24 December 16:00 + 2 h: 1 h, Christmas (Friday) closed, the weekend, Monday 28th 09:00 WIB.
    expect(addBusinessSeconds(new Date('2026-12-24T09:00:00Z'), hours(2), jakartaOffice).toISOString()).toBe('2026-12-28T02:00:00.000Z');
  });

  it('starts counting at opening time when asked at night', () => {
    // Tuesday 22:00 WIB + 30 min → Wednesday 08:30 WIB.
    expect(addBusinessSeconds(new Date('2026-12-01T15:00:00Z'), 1800, jakartaOffice).toISOString()).toBe('2026-12-02T01:30:00.000Z');
  });

  it('gives a round-the-clock tenant plain elapsed time, across a daylight-saving change', () => {
    // Amsterdam leaves summer time on 25 October 2026: that day has 25 hours.
    expect(addBusinessSeconds(new Date('2026-10-24T22:00:00Z'), hours(26), ALWAYS_OPEN('Europe/Amsterdam')).toISOString()).toBe(
      '2026-10-26T00:00:00.000Z',
    );
  });
});

describe(businessSecondsBetween.name, () => {
  it('is the inverse of addBusinessSeconds', () => {
    const from = new Date('2026-12-03T08:00:00Z');
    const to = addBusinessSeconds(from, hours(11), jakartaOffice);
    expect(businessSecondsBetween(from, to, jakartaOffice)).toBe(hours(11));
    expect(businessSecondsBetween(to, from, jakartaOffice)).toBe(0);
  });
});
