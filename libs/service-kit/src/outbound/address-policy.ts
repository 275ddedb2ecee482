import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/**
 * Which addresses Garda may call on a tenant's behalf (webhook endpoints, providers' API base URLs,
 * SMTP relays). Only public unicast addresses, unless the operator allow-lists networks: loopback,
 * RFC 1918 private, link-local (cloud metadata at 169.254.169.254), CGNAT 100.64/10 (Alibaba's
 * metadata at 100.100.100.200), unique-local IPv6 (AWS's fd00:ec2::254), multicast, documentation
 * and other reserved ranges are refused; an IPv4-mapped IPv6 address is judged as the IPv4 address
 * it carries, and NAT64/6to4/Teredo addresses (which embed an arbitrary IPv4) are refused.
 */
export class AddressPolicy {
  private readonly allowed: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>;

  constructor(allowedNetworks: readonly string[] = []) {
    this.allowed = allowedNetworks.map((network) => ipaddr.parseCIDR(network.includes('/') ? network : hostCidr(network)));
  }

  /** Why `address` may not be called (e.g. `loopback`), or undefined when it may. */
  refusal(address: string): string | undefined {
    if (!ipaddr.isValid(address)) return 'not an IP address';
    let parsed = ipaddr.parse(address);
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
    if (this.allowed.some(([network, bits]) => network.kind() === parsed.kind() && parsed.match(network, bits))) return undefined;
    const range = parsed.range();
    return range === 'unicast' ? undefined : range;
  }

  allows(address: string): boolean {
    return this.refusal(address) === undefined;
  }
}

const hostCidr = (address: string) => `${address}/${ipaddr.parse(address).kind() === 'ipv4' ? 32 : 128}`;

/**
 * OUTBOUND_ALLOWED_NETWORKS: networks the operator lets Garda call although they are not public,
 * e.g. `10.20.0.0/16` for an SMTP relay inside the company network. Empty in production by default;
 * tests and `npm start` set `127.0.0.0/8,::1` for their local fake providers.
 */
export const allowedNetworksSchema = z
  .string()
  .trim()
  .default('')
  .transform((value, context) => {
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const invalid = entries.filter((entry) => !(ipaddr.isValidCIDR(entry) || ipaddr.isValid(entry)));
    if (invalid.length > 0) {
      context.addIssue({ code: 'custom', message: `must be comma-separated IP addresses or CIDRs; not one: ${invalid.join(', ')}` });
      return z.NEVER;
    }
    return entries;
  });

export const outboundConfigShape = {
  OUTBOUND_ALLOWED_NETWORKS: allowedNetworksSchema.describe(
    'Networks (CIDRs or addresses, comma-separated) tenants may point webhooks, provider API URLs and SMTP relays at although they are private; empty: public addresses only',
  ),
};
