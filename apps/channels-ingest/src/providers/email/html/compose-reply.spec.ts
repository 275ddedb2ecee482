import { composeReply, fillSignature } from './compose-reply';
import { htmlToPlainText, sanitiseSignature } from './sanitise-html';

describe('an agent reply as HTML e-mail', () => {
  it('keeps paragraphs and line breaks, escapes what the agent typed, and adds the signature under "-- "', () => {
    const reply = composeReply({
      text: 'Hello Maria,\n\nyour <kettle> is on its way.\nRegards',
      signatureHtml: '<p><b>Ada</b> · Acme Support</p>',
      inlineImages: [],
    });
    expect(reply.html).toContain('<p>Hello Maria,</p>');
    expect(reply.html).toContain('<p>your &lt;kettle&gt; is on its way.<br>Regards</p>');
    expect(reply.html).toContain('-- <br><p><b>Ada</b> · Acme Support</p>');
    expect(reply.text).toBe('Hello Maria,\n\nyour <kettle> is on its way.\nRegards\n\n-- \nAda · Acme Support');
  });

  it('places inline images as cid: parts and names them in the plain text', () => {
    const reply = composeReply({ text: 'See the photo.', inlineImages: [{ cid: 'm1@garda', filename: 'label.png' }] });
    expect(reply.html).toContain('<img src="cid:m1@garda" alt="label.png"');
    expect(reply.text).toBe('See the photo.\n\n[label.png]');
  });

  it('strips scripts, event handlers, remote styles and javascript: links from signatures', () => {
    const clean = sanitiseSignature(
      '<p onclick="x()">Ada<script>alert(1)</script></p><a href="javascript:alert(1)">x</a><img src="http://tracker.example/p.gif"><link rel="stylesheet" href="https://x"><img src="https://acme.example/logo.png" alt="Acme">',
    );
    expect(clean).toBe('<p>Ada</p><a rel="noopener noreferrer">x</a><img /><img src="https://acme.example/logo.png" alt="Acme" />');
    expect(htmlToPlainText('<p>Ada &amp; Co</p><p>Support</p>')).toBe('Ada & Co\nSupport');
  });

  it("fills the agent's name into an account's signature template, escaped", () => {
    expect(fillSignature('<p>{{ agent.name }}, Acme</p>', { name: 'Ada <Lovelace>' })).toBe('<p>Ada &lt;Lovelace&gt;, Acme</p>');
  });
});
