import { toCsv } from './csv';

describe(toCsv.name, () => {
  it('quotes commas, quotes and line breaks, leaves empty cells for missing figures', () => {
    expect(
      toCsv(
        ['name', 'value'],
        [
          ['Support, tier "1"', 3],
          ['email', null],
        ],
      ),
    ).toBe('name,value\r\n"Support, tier ""1""",3\r\nemail,\r\n');
  });

  it('keeps a name that a spreadsheet would run as a formula from running', () => {
    expect(toCsv(['name'], [['=HYPERLINK("x")']])).toBe('name\r\n"\'=HYPERLINK(""x"")"\r\n');
  });
});
