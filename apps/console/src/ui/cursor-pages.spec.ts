import { FIRST_PAGE, pageAfter, pageBefore } from './cursor-pages';

describe('cursor pages', () => {
  it('goes forward with the cursor the server gave, and back without asking the server for one', () => {
    const second = pageAfter(FIRST_PAGE, 'c2');
    const third = pageAfter(second, 'c3');
    expect(third).toEqual({ cursors: [null, 'c2', 'c3'], index: 2 });
    expect(pageBefore(third)).toEqual({ cursors: [null, 'c2', 'c3'], index: 1 });
    expect(pageBefore(pageBefore(third)).index).toBe(0);
    expect(pageBefore(FIRST_PAGE)).toBe(FIRST_PAGE);
  });

  it('stays on the last page when there is no next cursor', () => {
    const second = pageAfter(FIRST_PAGE, 'c2');
    expect(pageAfter(second, null)).toBe(second);
  });

  it('forgets the pages after the current one when the list moves on from an earlier page', () => {
    const third = pageAfter(pageAfter(FIRST_PAGE, 'c2'), 'c3');
    const back = pageBefore(pageBefore(third));
    expect(pageAfter(back, 'c2-new')).toEqual({ cursors: [null, 'c2-new'], index: 1 });
  });
});
