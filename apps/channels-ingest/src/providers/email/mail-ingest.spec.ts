import { simpleParser } from 'mailparser';
import { addressedTo, returnPathOf } from './mail-ingest';

const mail = (headers: string) => simpleParser(Buffer.from(`${headers}\r\nSubject: hi\r\n\r\nbody\r\n`));

describe('mail read from a mailbox (no SMTP envelope)', () => {
  it('knows a bounce by its empty Return-Path, and a sender by a named one', async () => {
    expect(returnPathOf(await mail('Return-Path: <>\r\nFrom: MAILER-DAEMON@x.example'))).toBe('');
    expect(returnPathOf(await mail('Return-Path: <maria@customer.example>\r\nFrom: maria@customer.example'))).toBe(
      'maria@customer.example',
    );
    expect(returnPathOf(await mail('From: maria@customer.example'))).toBeUndefined();
  });

  it("finds which of the account's addresses the mail was for: Delivered-To, then To and Cc", async () => {
    const addresses = ['support@acme.example', 'billing@acme.example'];
    expect(addressedTo(await mail('From: a@b.example\r\nTo: Billing <Billing@acme.example>'), addresses)).toBe('billing@acme.example');
    expect(addressedTo(await mail('From: a@b.example\r\nDelivered-To: support@acme.example\r\nTo: all@acme.example'), addresses)).toBe(
      'support@acme.example',
    );
    expect(addressedTo(await mail('From: a@b.example\r\nTo: someone@else.example'), addresses)).toBeUndefined();
  });
});
