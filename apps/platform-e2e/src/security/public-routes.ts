/**
 * The only routes a caller reaches without a Garda access token (docs/security.md). `open`: no
 * credential at all (health, metrics, API description, login, the web-chat widget's assets and
 * session start). `own-credential`: a credential other than a Garda token, checked by the route
 * itself (a provider's signature, a web-chat session token, a signed media link): without it the
 * route refuses with a 4xx and accepts nothing (a webhook reads the account from the payload before
 * it can check the account's signature, so an empty body is a 400).
 */
export const PUBLIC_ROUTES: Array<{ method: string; path: RegExp; kind: 'open' | 'own-credential'; why: string }> = [
  { method: 'GET', path: /^\/health\/(live|ready)$/, kind: 'open', why: 'orchestrator probes' },
  { method: 'GET', path: /^\/metrics$/, kind: 'open', why: 'Prometheus scrape (METRICS_PORT moves it off the public port)' },
  { method: 'GET', path: /^\/docs(-json|-yaml)?(\/.*)?$/, kind: 'open', why: 'OpenAPI description' },
  { method: 'POST', path: /^\/auth\/login$/, kind: 'open', why: 'login (rate-limited)' },
  {
    method: 'GET',
    path: /^\/webchat\/(demo|widget\.js|socket\.io\.js|:accountId\/config)$/,
    kind: 'open',
    why: 'web-chat widget assets and its account config',
  },
  {
    method: 'POST',
    path: /^\/webchat\/:accountId\/sessions$/,
    kind: 'open',
    why: 'a visitor starts a chat (rate-limited per address, origin-checked)',
  },
  { method: '*', path: /^\/webchat\/:accountId\/(messages|attachments)$/, kind: 'own-credential', why: 'web-chat session token' },
  { method: '*', path: /^\/webhooks\//, kind: 'own-credential', why: "provider's signature (Meta, Twilio, Telegram secret token)" },
  { method: 'GET', path: /^\/media\/:id\/content$/, kind: 'own-credential', why: 'signed, expiring media link' },
];

export function publicRouteFor(method: string, path: string) {
  return PUBLIC_ROUTES.find((route) => (route.method === '*' || route.method === method) && route.path.test(path));
}
