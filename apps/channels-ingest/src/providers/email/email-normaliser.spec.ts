import { simpleParser } from 'mailparser';
import { automatedMailReason, normaliseEmail, threadReferences, threadRoot } from './email-normaliser';

const parse = (headers: string, body = 'Hello') => simpleParser(`${headers}\r\n\r\n${body}\r\n`);

describe('e-mail normalisation', () => {
  it('threads by In-Reply-To and References, nearest first, rooted at the oldest reference', async () => {
    const mail = await parse(
      'From: a@x.example\r\nTo: s@acme.example\r\nMessage-ID: <3@x>\r\nIn-Reply-To: <2@acme>\r\nReferences: <1@x> <2@acme>\r\nSubject: Re: hi',
    );
    expect(threadReferences(mail)).toEqual(['<2@acme>', '<1@x>']);
    expect(threadRoot(mail, '<3@x>')).toBe('<1@x>');
    const first = await parse('From: a@x.example\r\nMessage-ID: <1@x>\r\nSubject: hi');
    expect(threadRoot(first, '<1@x>')).toBe('<1@x>');
  });

  it('takes the sender, subject and plain text; falls back to the HTML part as text', async () => {
    const html = await simpleParser(
      'From: "Ann Smith" <Ann@X.example>\r\nTo: s@acme.example\r\nSubject: Help\r\nMessage-ID: <h@x>\r\nContent-Type: text/html\r\n\r\n<p>Line one</p><p>Line &amp; two</p>\r\n',
    );
    const draft = normaliseEmail(html, { providerMessageId: '<h@x>', threadKey: 't', recipient: 's@acme.example' });
    expect(draft).toMatchObject({
      sender: { identityType: 'email', value: 'ann@x.example', displayName: 'Ann Smith' },
      subject: 'Help',
      topic: 's@acme.example',
    });
    expect(draft?.text).toContain('Line & two');
  });

  it.each([
    ['Auto-Submitted: auto-replied', 'auto-replied'],
    ['X-Autoreply: yes', 'auto-responder'],
    ['Precedence: bulk', 'bulk'],
    ['X-Failed-Recipients: b@y.example', 'bounce'],
    ['Content-Type: multipart/report; report-type=delivery-status; boundary="b"', 'report'],
  ])('recognises %s as automated', async (header, reason) => {
    const mail = await parse(`From: a@x.example\r\nTo: s@acme.example\r\n${header}`);
    expect(automatedMailReason(mail, 'a@x.example')).toContain(reason);
  });

  it('recognises bounces by sender, and lets a person’s mail (Auto-Submitted: no) through', async () => {
    expect(automatedMailReason(await parse('From: MAILER-DAEMON@mx.example\r\nTo: s@acme.example'), 'x@y')).toContain('bounce');
    expect(automatedMailReason(await parse('From: a@x.example\r\nTo: s@acme.example'), false)).toContain('empty envelope sender');
    expect(
      automatedMailReason(await parse('From: a@x.example\r\nTo: s@acme.example\r\nAuto-Submitted: no'), 'a@x.example'),
    ).toBeUndefined();
  });
});
