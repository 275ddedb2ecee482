import type { IncomingMessage } from 'node:http';
import { ClientAddresses, trustProxySchema } from './client-address';

const request = (peer: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress: peer }, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }) as unknown as IncomingMessage;

describe(ClientAddresses.name, () => {
  it('uses the peer address when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    const addresses = new ClientAddresses(trustProxySchema.parse(undefined));
    expect(addresses.of(request('203.0.113.9', '198.51.100.1'))).toBe('203.0.113.9');
  });

  it('takes the client from X-Forwarded-For when the peer is a trusted proxy', () => {
    const addresses = new ClientAddresses(trustProxySchema.parse('10.0.0.0/8'));
    expect(addresses.of(request('10.1.2.3', '198.51.100.1, 10.4.5.6'))).toBe('198.51.100.1');
  });

  it('ignores what a client put in X-Forwarded-For in front of the addresses the proxies added', () => {
    const addresses = new ClientAddresses(trustProxySchema.parse('1'));
    expect(addresses.of(request('10.1.2.3', '1.1.1.1, 198.51.100.1'))).toBe('198.51.100.1');
  });

  it('treats an IPv4-mapped IPv6 peer as the IPv4 client it is', () => {
    expect(new ClientAddresses(false).of(request('::ffff:203.0.113.9'))).toBe('203.0.113.9');
  });

  it('refuses TRUST_PROXY=true (anyone could pick their address) and values that are not addresses', () => {
    expect(trustProxySchema.safeParse('true').success).toBe(false);
    expect(trustProxySchema.safeParse('10.0.0.0/8, proxy.internal').error?.issues[0]?.message).toMatch(/not an address: proxy.internal/);
    expect(trustProxySchema.parse('loopback, 10.0.0.0/8')).toEqual(['loopback', '10.0.0.0/8']);
    expect(trustProxySchema.parse('false')).toBe(false);
  });
});
