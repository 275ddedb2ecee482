import { isAllowedType, sniffMediaType } from './media-type';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe(sniffMediaType.name, () => {
  it('tells the type from the bytes, whatever the sender claims', async () => {
    expect(await sniffMediaType(PNG, 'application/pdf')).toBe('image/png');
    expect(await sniffMediaType(Buffer.from('#!/bin/sh\necho hi\n'), 'image/png')).toBe('application/octet-stream');
  });

  it('keeps a declared text type only for valid UTF-8 without NUL', async () => {
    expect(await sniffMediaType(Buffer.from('order,qty\n4711,2\n'), 'text/csv; charset=utf-8')).toBe('text/csv');
    expect(await sniffMediaType(Buffer.from([0x61, 0x00, 0x62]), 'text/plain')).toBe('application/octet-stream');
    expect(await sniffMediaType(Buffer.from([0x61, 0xc3, 0x28]), 'text/plain')).toBe('application/octet-stream');
  });

  it('matches the allow-list with wildcards', () => {
    expect(isAllowedType('image/png', ['image/*'])).toBe(true);
    expect(isAllowedType('application/x-msdownload', ['image/*', 'application/pdf'])).toBe(false);
  });
});
