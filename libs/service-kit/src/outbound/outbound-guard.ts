import { type LookupAddress, promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, fetch as undiciFetch, type RequestInit, type Response } from 'undici';
import { AddressPolicy } from './address-policy';

/**
 * Garda would not make this call. `reason` is safe to show the tenant (it names no address it
 * found: that would turn the guard into a map of the internal network); `detail` is for the logs.
 */
export class OutboundRefused extends Error {
  constructor(
    readonly reason: string,
    readonly detail: string,
    /** `unresolvable` may pass later (DNS can change); the others will not. */
    readonly kind: 'not-public' | 'unresolvable' | 'scheme' = 'not-public',
  ) {
    super(reason);
    this.name = 'OutboundRefused';
  }
}

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;
const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

export type OutboundRequestInit = Omit<RequestInit, 'dispatcher' | 'redirect'>;

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, '');

/**
 * The one way Garda calls a URL or host a tenant chose (webhooks, providers' API base URLs, SMTP
 * relays). It resolves the name and refuses it unless every address is public or allow-listed
 * (AddressPolicy), and it connects to exactly the address it checked: the check runs inside the
 * connection's own DNS lookup (undici's `connect.lookup`), so a name that answers a public address
 * to the check and a private one to the connection (DNS rebinding) never gets the second chance.
 * Redirects are not followed: a 3xx is an answer like any other (and usually a failure).
 */
export class OutboundGuard {
  private readonly agent: Agent;

  constructor(
    readonly policy: AddressPolicy,
    private readonly resolver: Resolver = systemResolver,
  ) {
    this.agent = new Agent({ connect: { lookup: this.lookup } });
  }

  static fromConfig(config: { OUTBOUND_ALLOWED_NETWORKS: string[] }): OutboundGuard {
    return new OutboundGuard(new AddressPolicy(config.OUTBOUND_ALLOWED_NETWORKS));
  }

  /** The host's addresses, when every one of them may be called; otherwise OutboundRefused. */
  async resolve(hostname: string): Promise<LookupAddress[]> {
    const host = bare(hostname).toLowerCase();
    const family = isIP(host);
    const addresses = family ? [{ address: host, family }] : await this.lookupAll(host);
    const refused = addresses
      .map(({ address }) => ({ address, refusal: this.policy.refusal(address) }))
      .filter((entry) => entry.refusal !== undefined);
    if (refused.length > 0) {
      throw new OutboundRefused(
        `${family ? 'the address' : host} is not a public address (private, loopback, link-local and reserved networks are refused unless the operator allows them)`,
        `${host} → ${refused.map((entry) => `${entry.address} (${entry.refusal})`).join(', ')}`,
      );
    }
    return addresses;
  }

  /** Checks a URL a tenant gave (when it is saved, for a clear 400): http(s), and a host that may be called. */
  async checkUrl(url: string): Promise<URL> {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new OutboundRefused('only http and https URLs can be called', url, 'scheme');
    await this.resolve(parsed.hostname);
    return parsed;
  }

  /**
   * For a value being saved (a webhook URL, a provider base URL, an SMTP host): refuses what points
   * at a non-public address now, and lets a name that does not resolve yet pass (DNS may be set up
   * later, and every call checks again).
   */
  async assertCallable(urlOrHost: string, kind: 'url' | 'host'): Promise<void> {
    try {
      if (kind === 'url') await this.checkUrl(urlOrHost);
      else await this.resolve(urlOrHost);
    } catch (error) {
      if (error instanceof OutboundRefused && error.kind === 'unresolvable') return;
      throw error;
    }
  }

  /**
   * fetch through the guard. IP literals are checked here (they never reach a DNS lookup); names
   * are checked at connect time. Throws OutboundRefused when the call is not allowed.
   */
  async fetch(url: string, init: OutboundRequestInit = {}): Promise<Response> {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new OutboundRefused('only http and https URLs can be called', url, 'scheme');
    if (isIP(bare(parsed.hostname))) await this.resolve(parsed.hostname);
    try {
      return await undiciFetch(parsed, { ...init, redirect: 'manual', dispatcher: this.agent });
    } catch (error) {
      throw refusalIn(error) ?? error;
    }
  }

  /**
   * For clients that open their own connection (nodemailer): one checked address to connect to, and
   * the name to verify the TLS certificate against (SNI), so the connection goes where the check went.
   */
  async pin(hostname: string): Promise<{ address: string; servername?: string }> {
    const [first] = await this.resolve(hostname);
    const host = bare(hostname);
    return { address: first!.address, ...(isIP(host) ? {} : { servername: host }) };
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }

  private async lookupAll(host: string): Promise<LookupAddress[]> {
    try {
      const addresses = await this.resolver(host);
      if (addresses.length > 0) return addresses;
    } catch (error) {
      throw new OutboundRefused(`${host} does not resolve`, `${host}: ${(error as Error).message}`, 'unresolvable');
    }
    throw new OutboundRefused(`${host} does not resolve`, `${host}: no address`, 'unresolvable');
  }

  /** net.connect's `lookup`: answers only with checked addresses, in the shape the caller asked for. */
  private readonly lookup = (hostname: string, options: { family?: number | string; all?: boolean }, callback: LookupCallback): void => {
    this.resolve(hostname).then(
      (addresses) => {
        const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family ?? 0);
        const usable = family === 4 || family === 6 ? addresses.filter((address) => address.family === family) : addresses;
        if (usable.length === 0)
          return callback(Object.assign(new Error(`${hostname} has no IPv${family} address`), { code: 'ENOTFOUND' }), []);
        if (options.all) return callback(null, usable);
        callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, []),
    );
  };
}

/** undici wraps connect errors ("fetch failed", cause: …): find ours. */
function refusalIn(error: unknown): OutboundRefused | undefined {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth += 1) {
    if (current instanceof OutboundRefused) return current;
  }
  return undefined;
}
