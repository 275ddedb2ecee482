import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import proxyAddr from 'proxy-addr';
import { z } from 'zod';

/** false (no proxy: the peer is the client), a number of proxy hops, or the proxies' addresses/CIDRs. */
export type TrustProxySetting = false | number | string[];

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: which peers may say, in X-Forwarded-For, who the client is. Without it a limit per
 * source address would see the ingress controller as the only client; with `true` (trust anyone)
 * any client could claim a fresh address per request, so that value is refused.
 */
export const trustProxySchema = z
  .string()
  .trim()
  .default('false')
  .transform((value, context): TrustProxySetting => {
    if (value === '' || value === 'false' || value === '0') return false;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const invalid = entries.filter((entry) => !PROXY_NAMES.has(entry) && !isAddressOrCidr(entry));
    if (value === 'true' || invalid.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `must be false, a number of proxy hops, or proxies' addresses/CIDRs (loopback, linklocal, uniquelocal allowed)${invalid.length ? `; not an address: ${invalid.join(', ')}` : ''}`,
      });
      return z.NEVER;
    }
    return entries;
  });

function isAddressOrCidr(entry: string): boolean {
  const [address, bits, extra] = entry.split('/');
  if (extra !== undefined || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  const length = Number(bits);
  return /^\d+$/.test(bits) && length <= (family === 4 ? 32 : 128);
}

/** `::ffff:10.0.0.1` and `10.0.0.1` are one client; keys use the plain form. */
export function normaliseAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return (mapped?.[1] ?? address).toLowerCase();
}

/**
 * The client's address of an HTTP request or a socket.io handshake (`socket.request`), by the same
 * rule Express applies to `req.ip` once bootstrap sets `trust proxy` from TRUST_PROXY.
 */
export class ClientAddresses {
  private readonly trust: (address: string, hop: number) => boolean;

  constructor(setting: TrustProxySetting) {
    if (setting === false) this.trust = () => false;
    else if (typeof setting === 'number') this.trust = (_address, hop) => hop < setting;
    else this.trust = proxyAddr.compile(setting);
  }

  of(request: IncomingMessage): string {
    return normaliseAddress(proxyAddr(request, this.trust) || 'unknown');
  }
}

/**
 * The HTTP caller's address in a controller: Express's `req.ip`, which honours TRUST_PROXY (bootstrap
 * sets `trust proxy` from it), in the same plain form as ClientAddresses.
 */
export const ClientIp = createParamDecorator((_data: unknown, context: ExecutionContext): string =>
  normaliseAddress(context.switchToHttp().getRequest<{ ip?: string }>().ip || 'unknown'),
);
