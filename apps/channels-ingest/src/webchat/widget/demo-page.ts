import { DEMO_PAGE_MESSAGES, fill, type WidgetLanguage, widgetLanguage } from './widget-messages';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The demo page's language: ?lang=, else the visitor's browser (Accept-Language), else English. */
export function demoPageLanguage(lang: string | undefined, acceptLanguage: string | undefined): WidgetLanguage {
  const asked = widgetLanguage(lang);
  if (asked) return asked;
  for (const entry of (acceptLanguage ?? '').split(',')) {
    const found = widgetLanguage(entry.split(';')[0]);
    if (found) return found;
  }
  return 'en';
}

/**
 * A plain page with the widget embedded exactly as a customer's site would embed it, in the
 * page's language (`<html lang>`), which the widget follows.
 */
export function renderDemoPage(accountId: string, language: WidgetLanguage = 'en'): string {
  const m = DEMO_PAGE_MESSAGES[language];
  const other: WidgetLanguage = language === 'id' ? 'en' : 'id';
  const account = escapeHtml(accountId);
  const otherLink = `<a href="?account=${encodeURIComponent(accountId)}&amp;lang=${other}" lang="${other}">${escapeHtml(m.otherLanguage)}</a>`;
  return `<!doctype html>
<html lang="${language}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(m.title)}</title>
  <link rel="icon" href="data:,">
  <style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2933}code{background:#f0f4f8;padding:.1rem .3rem;border-radius:3px}</style>
</head>
<body>
  <h1>${escapeHtml(m.title)}</h1>
  <p>${fill(escapeHtml(m.intro), { account: `<code>${account}</code>` })}</p>
  <pre><code>&lt;script src="/webchat/widget.js" data-account="${account}"&gt;&lt;/script&gt;</code></pre>
  <p>${escapeHtml(m.howTo)}</p>
  <p>${fill(escapeHtml(m.language), { other: otherLink })}</p>
  <script src="/webchat/widget.js" data-account="${account}"></script>
</body>
</html>`;
}
