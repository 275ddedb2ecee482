import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { z } from 'zod';

/** An origin as a browser sends it: scheme, host, optional port, nothing else. */
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9a-f:.]+\](:\d{1,5})?$/i;

export const originListSchema = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .transform((value, context) => {
      const origins = value
        .split(',')
        .map((origin) => origin.trim().replace(/\/$/, ''))
        .filter(Boolean);
      const invalid = origins.filter((origin) => !ORIGIN.test(origin));
      if (invalid.length > 0) {
        context.addIssue({
          code: 'custom',
          message: `must be comma-separated origins like https://console.example.com; not one: ${invalid.join(', ')}`,
        });
        return z.NEVER;
      }
      return origins.map((origin) => origin.toLowerCase());
    });

export const securityHeadersConfigShape = {
  CORS_ALLOWED_ORIGINS: originListSchema('').describe(
    'Browser origins allowed to call this service cross-origin (CORS, comma-separated); empty: none (the gateway allows the console)',
  ),
  HSTS_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 * 31_536_000)
    .default(31_536_000)
    .describe('Strict-Transport-Security max-age, sent on requests that arrived over TLS (directly or per a trusted proxy); 0: never'),
};

/** An API answers JSON: nothing in it may run, load, be framed or submit anything. */
const API_POLICY = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};

/** The OpenAPI page (/docs) is Swagger UI: its own scripts and styles, nothing from elsewhere. */
const DOCS_POLICY = {
  defaultSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  styleSrc: ["'self'", "'unsafe-inline'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  objectSrc: ["'none'"],
};

const withPolicy = (directives: Record<string, string[]>) =>
  helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    // Sent only over TLS, below: over plain HTTP it means nothing and would pin a dev host to https.
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });

/**
 * Headers every response of every service carries (helmet): no X-Powered-By, nosniff, a
 * Content-Security-Policy that forbids framing (frame-ancestors 'none', X-Frame-Options DENY) and
 * running anything, no referrer, same-origin resource and opener policies; and HSTS when the request
 * came over TLS. A route that is meant to be embedded elsewhere (the web-chat widget's scripts)
 * sets its own Cross-Origin-Resource-Policy.
 */
export function securityHeaders(options: { hstsMaxAgeSeconds: number }): RequestHandler {
  const api = withPolicy(API_POLICY);
  const docs = withPolicy(DOCS_POLICY);
  return (request: Request, response: Response, next: NextFunction) => {
    if (options.hstsMaxAgeSeconds > 0 && request.secure)
      response.setHeader('Strict-Transport-Security', `max-age=${options.hstsMaxAgeSeconds}`);
    (request.path === '/docs' || request.path.startsWith('/docs/') ? docs : api)(request, response, next);
  };
}

/**
 * CORS: configured origins may call with credentials; paths a service declares public (the web-chat
 * widget runs on any site) answer any origin, without credentials; everything else sends no CORS
 * headers at all, so a browser on another origin cannot read the answer.
 */
export function corsPolicy(allowedOrigins: readonly string[], publicPaths: readonly string[] = []) {
  return (
    request: Request,
    callback: (error: Error | null, options: { origin: boolean; credentials?: boolean; maxAge?: number }) => void,
  ) => {
    const path = request.path ?? request.url ?? '';
    if (publicPaths.some((prefix) => path.startsWith(prefix))) return callback(null, { origin: true, credentials: false, maxAge: 600 });
    const origin = request.header('origin')?.toLowerCase();
    callback(null, { origin: origin !== undefined && allowedOrigins.includes(origin), credentials: true, maxAge: 600 });
  };
}
