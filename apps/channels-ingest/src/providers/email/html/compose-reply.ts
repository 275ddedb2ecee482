import { escapeHtml, htmlToPlainText, sanitiseSignature } from './sanitise-html';

export interface InlineImage {
  cid: string;
  filename: string;
}

/**
 * An agent's reply as e-mail: the text (paragraphs and line breaks kept, everything escaped), the
 * inline images where they belong (after the text, as `cid:` parts), and the signature below the
 * usual "-- " separator; with the same content as plain text for clients that show no HTML.
 */
export function composeReply(input: { text: string; signatureHtml?: string; inlineImages: InlineImage[] }): { html: string; text: string } {
  const paragraphs = input.text
    .trim()
    .split(/\n{2,}/)
    .filter((paragraph) => paragraph.length > 0)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`);
  const images = input.inlineImages.map(
    (image) => `<p><img src="cid:${escapeHtml(image.cid)}" alt="${escapeHtml(image.filename)}" style="max-width:100%"></p>`,
  );
  const signature = input.signatureHtml ? sanitiseSignature(input.signatureHtml) : '';
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;font-size:14px">',
    ...paragraphs,
    ...images,
    signature ? `<div class="signature">-- <br>${signature}</div>` : '',
    '</body></html>',
  ].join('\n');
  const signatureText = signature ? htmlToPlainText(signature) : '';
  const text = [
    input.text.trim(),
    ...input.inlineImages.map((image) => `[${image.filename}]`),
    signatureText ? `-- \n${signatureText}` : '',
  ]
    .filter((part) => part.length > 0)
    .join('\n\n');
  return { html, text };
}

/** `{{agent.name}}` in an account's signature template is the replying agent's name (escaped). */
export const fillSignature = (template: string, agent: { name?: string }): string =>
  template.replace(/\{\{\s*agent\.name\s*\}\}/g, escapeHtml(agent.name ?? ''));
