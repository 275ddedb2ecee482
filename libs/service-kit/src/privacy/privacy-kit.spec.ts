import { termVariants } from './privacy-kit';

describe(termVariants.name, () => {
  it('finds a term as written, JSON-escaped and form-encoded, whatever its case', () => {
    const variants = termVariants(['Kartika "K" Wulandari', 'Ada+Lovelace@Example.id']);
    expect(variants).toEqual(
      expect.arrayContaining([
        'kartika "k" wulandari',
        'kartika \\"k\\" wulandari',
        'kartika%20%22k%22%20wulandari',
        'kartika+%22k%22+wulandari',
        'ada+lovelace@example.id',
        'ada%2blovelace%40example.id',
      ]),
    );
  });

  it('ignores terms too short to identify anyone, which would match most payloads', () => {
    expect(termVariants(['A', 'Bo', '  '])).toEqual([]);
  });
});
