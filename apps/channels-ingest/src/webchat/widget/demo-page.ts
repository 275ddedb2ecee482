/** A plain page with the widget embedded exactly as a customer's site would embed it. */
export function renderDemoPage(accountId: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Garda web chat demo</title>
  <link rel="icon" href="data:,">
  <style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2933}code{background:#f0f4f8;padding:.1rem .3rem;border-radius:3px}</style>
</head>
<body>
  <h1>Garda web chat demo</h1>
  <p>This page embeds the widget of account <code>${accountId}</code> with one tag:</p>
  <pre><code>&lt;script src="/webchat/widget.js" data-account="${accountId}"&gt;&lt;/script&gt;</code></pre>
  <p>Start a chat in the box at the bottom right; an available agent in the console will be offered it.</p>
  <script src="/webchat/widget.js" data-account="${accountId}"></script>
</body>
</html>`;
}
