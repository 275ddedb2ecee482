declare global {
  interface Window {
    GARDA_CONFIG?: { gatewayUrl?: string };
  }
}

/** The gateway the console talks to: from /config.js (GATEWAY_URL), else the same host on port 3000. */
export function gatewayUrl(): string {
  const configured = window.GARDA_CONFIG?.gatewayUrl;
  if (configured) return configured.replace(/\/$/, '');
  return `${window.location.protocol}//${window.location.hostname}:3000`;
}
