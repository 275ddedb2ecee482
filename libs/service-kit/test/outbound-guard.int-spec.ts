// The outbound-URL guard against a real HTTP server on 127.0.0.1 (standing in for an internal
// service a tenant should not reach): what it refuses never reaches the server, what it allows
// connects to the address it checked, and no redirect is followed.
import type { LookupAddress } from 'node:dns';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AddressPolicy } from '../src/outbound/address-policy';
import { OutboundGuard, OutboundRefused, type Resolver } from '../src/outbound/outbound-guard';

interface Seen {
  path: string;
  host: string;
}

async function listen(handler: (request: IncomingMessage, seen: Seen[]) => { status: number; headers?: Record<string, string> }) {
  const seen: Seen[] = [];
  const server: Server = createServer((request, response) => {
    seen.push({ path: request.url ?? '', host: request.headers.host ?? '' });
    const { status, headers } = handler(request, seen);
    response.writeHead(status, headers).end('internal secrets');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { seen, port: (server.address() as AddressInfo).port, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** A resolver that answers from a script, one answer per call, as a hostile DNS server could. */
const scripted = (answers: Record<string, string[][]>): Resolver => {
  const calls = new Map<string, number>();
  return async (hostname) => {
    const call = calls.get(hostname) ?? 0;
    calls.set(hostname, call + 1);
    const list = answers[hostname];
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return (list[Math.min(call, list.length - 1)] ?? []).map((address): LookupAddress => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
  };
};

async function refusal(promise: Promise<unknown>): Promise<OutboundRefused> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OutboundRefused);
  return error as OutboundRefused;
}

describe('outbound-URL guard (real HTTP server on loopback)', () => {
  let internal: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    internal = await listen(() => ({ status: 200 }));
  });
  afterAll(() => internal.close());
  beforeEach(() => internal.seen.splice(0));

  it('refuses loopback, IPv4-mapped and IPv6 loopback literals without sending anything', async () => {
    const guard = new OutboundGuard(new AddressPolicy());
    for (const host of ['127.0.0.1', '[::ffff:127.0.0.1]', '[::1]', '169.254.169.254']) {
      const refused = await refusal(guard.fetch(`http://${host}:${internal.port}/admin`, { method: 'POST' }));
      expect(refused.reason).toMatch(/not a public address/);
      expect(refused.reason).not.toContain('127.0.0.1');
    }
    expect(internal.seen).toEqual([]);
    await guard.onModuleDestroy();
  });

  it('refuses a name that resolves to a loopback address, without naming the address to the tenant', async () => {
    const guard = new OutboundGuard(new AddressPolicy(), scripted({ 'hooks.attacker.example': [['8.8.8.8', '127.0.0.1']] }));
    const refused = await refusal(guard.fetch(`http://hooks.attacker.example:${internal.port}/`));
    expect(refused.reason).toBe(
      'hooks.attacker.example is not a public address (private, loopback, link-local and reserved networks are refused unless the operator allows them)',
    );
    expect(refused.detail).toBe('hooks.attacker.example → 127.0.0.1 (loopback)');
    expect(internal.seen).toEqual([]);
    await guard.onModuleDestroy();
  });

  it('never connects to a private address a name rebinds to after passing the check (DNS rebinding)', async () => {
    const guard = new OutboundGuard(new AddressPolicy(), scripted({ 'rebind.attacker.example': [['8.8.8.8'], ['127.0.0.1']] }));
    await expect(guard.checkUrl(`http://rebind.attacker.example:${internal.port}/`)).resolves.toBeInstanceOf(URL);
    await refusal(guard.fetch(`http://rebind.attacker.example:${internal.port}/`, { method: 'POST', body: '{}' }));
    expect(internal.seen).toEqual([]);
    await guard.onModuleDestroy();
  });

  it('connects to the checked address of an allow-listed name, sending the name as Host', async () => {
    const guard = new OutboundGuard(new AddressPolicy(['127.0.0.0/8']), scripted({ 'provider.test': [['127.0.0.1']] }));
    const response = await guard.fetch(`http://provider.test:${internal.port}/v1/send`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    expect(internal.seen).toEqual([{ path: '/v1/send', host: `provider.test:${internal.port}` }]);
    await guard.onModuleDestroy();
  });

  it('does not follow a redirect, not even into allowed space', async () => {
    const redirecting = await listen(() => ({ status: 307, headers: { location: `http://127.0.0.1:${internal.port}/latest/meta-data/` } }));
    const guard = new OutboundGuard(new AddressPolicy(['127.0.0.0/8']));
    try {
      const response = await guard.fetch(`http://127.0.0.1:${redirecting.port}/hook`, { method: 'POST', body: '{}' });
      expect(response.status).toBe(307);
      expect(redirecting.seen).toHaveLength(1);
      expect(internal.seen).toEqual([]);
    } finally {
      await guard.onModuleDestroy();
      await redirecting.close();
    }
  });

  it('refuses a name that does not resolve and a scheme that is not http(s)', async () => {
    const guard = new OutboundGuard(new AddressPolicy(), scripted({}));
    expect((await refusal(guard.checkUrl('https://nowhere.invalid/'))).reason).toBe('nowhere.invalid does not resolve');
    expect((await refusal(guard.fetch('file:///etc/passwd'))).reason).toBe('only http and https URLs can be called');
    await guard.onModuleDestroy();
  });

  it('pins an SMTP relay to its checked address and keeps the name for TLS', async () => {
    const guard = new OutboundGuard(
      new AddressPolicy(),
      scripted({ 'smtp.mail.example': [['157.240.22.35']], 'relay.internal': [['10.0.0.25']] }),
    );
    await expect(guard.pin('smtp.mail.example')).resolves.toEqual({ address: '157.240.22.35', servername: 'smtp.mail.example' });
    expect((await refusal(guard.pin('relay.internal'))).detail).toBe('relay.internal → 10.0.0.25 (private)');
    await guard.onModuleDestroy();
  });
});
