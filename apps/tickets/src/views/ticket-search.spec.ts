import { toPrefixQuery } from './ticket-search';

describe(toPrefixQuery.name, () => {
  it('joins the words and lets the last one match as a prefix', () => {
    expect(toPrefixQuery('tagihan ganda')).toBe('tagihan & ganda:*');
    expect(toPrefixQuery('Refund')).toBe('refund:*');
  });

  it('drops what full-text query syntax would choke on', () => {
    expect(toPrefixQuery("siti's & (order) | !x")).toBe('siti & s & order & x:*');
    expect(toPrefixQuery('  ::  ')).toBeNull();
  });
});
