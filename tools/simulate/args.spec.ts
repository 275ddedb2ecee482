import { parseArgs } from './args';

describe('npm run simulate options', () => {
  it('explains a missing or malformed option', () => {
    expect(() => parseArgs(['--agents', '5'])).toThrow(/--arrivals-per-hour is required/);
    expect(() => parseArgs(['--agents', 'x', '--arrivals-per-hour', '1', '--aht-seconds', '1'])).toThrow(/--agents must be/);
    expect(() => parseArgs(['--scenario', 'f.json', '--strategy', 'fastest'])).toThrow(/--strategy must be one of/);
  });
});
