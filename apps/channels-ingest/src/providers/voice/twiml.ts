/**
 * TwiML (https://www.twilio.com/docs/voice/twiml): the XML a voice webhook answers with. A tiny
 * builder that escapes every attribute and text, so nothing a caller or an account sets can
 * change the document's structure.
 */
export type TwimlNode = {
  verb: string;
  attributes?: Record<string, string | number | boolean | undefined>;
  children?: Array<TwimlNode | string>;
};

const escape = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

function render(node: TwimlNode | string): string {
  if (typeof node === 'string') return escape(node);
  const attributes = Object.entries(node.attributes ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escape(String(value))}"`)
    .join('');
  const children = node.children ?? [];
  return children.length === 0
    ? `<${node.verb}${attributes}/>`
    : `<${node.verb}${attributes}>${children.map(render).join('')}</${node.verb}>`;
}

export function twiml(...verbs: TwimlNode[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${verbs.map(render).join('')}</Response>`;
}

export const say = (text: string, language: string): TwimlNode => ({ verb: 'Say', attributes: { language }, children: [text] });
export const redirect = (url: string): TwimlNode => ({ verb: 'Redirect', attributes: { method: 'POST' }, children: [url] });
export const hangup = (): TwimlNode => ({ verb: 'Hangup' });
