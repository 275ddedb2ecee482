import { randomUUID } from 'node:crypto';
import type { Role } from '@garda/contracts';
import { DemoTenant } from '@garda/demo-tenant';
import { ModulesContainer } from '@nestjs/core';
import { controllersIn, httpRoutesOf, type RouteEntry } from '@garda/service-kit';
import { waitFor } from '@garda/testing';
import { InProcessPlatform } from './in-process-platform';
import { publicRouteFor } from './public-routes';
import { TestTokens } from './test-tokens';

jest.setTimeout(600_000);

const ROLES: Role[] = ['agent', 'supervisor', 'admin'];
const GUARD_REFUSAL = 'This needs one of the roles';

interface Served {
  service: string;
  url: string;
  route: RouteEntry;
}

interface Answer {
  status: number;
  text: string;
}

/**
 * Every HTTP route of every service, listed from the running apps (Nest's controllers and the
 * Express router they were mapped onto, so nothing is hand-listed), is tried: without a token,
 * with each role (docs/security.md's role matrix is generated from the same metadata and checked
 * by tools/docs/role-matrix.spec.ts), and with another tenant's admin against this tenant's real
 * ids.
 */
describe('every HTTP route of every service', () => {
  const tokens = TestTokens.create();
  const platform = new InProcessPlatform(tokens);
  const tenantA = DemoTenant.id;
  const tenantB = randomUUID();
  const served: Served[] = [];
  const fixtures = { conversationId: '', customerId: '', contactId: '', customerName: `Route Probe ${randomUUID().slice(0, 6)}` };

  const call = async (url: string, method: string, path: string, token?: string): Promise<Answer> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: method === 'GET' || method === 'HEAD' ? undefined : '{}',
      redirect: 'manual',
    });
    return { status: response.status, text: await response.text() };
  };
  const describeCall = (entry: Served, answer: Answer) =>
    `${entry.service} ${entry.route.method} ${entry.route.path} → ${answer.status} ${answer.text.slice(0, 200)}`;

  /**
   * Path parameters: this tenant's real ids where the route names a kind of thing the test seeded
   * (uuids and the account id; names such as a queue's are each tenant's own keys, not ids), and
   * the same path with fresh values in their place, to compare what the other tenant is told.
   */
  const withRealIds = (path: string): { real: string; random: string; substituted: string[] } => {
    const substituted: string[] = [];
    let random = path;
    const real = path.replace(/(\w[\w-]*)\/:(\w+)/g, (_match, segment: string, name: string) => {
      const value =
        segment === 'conversations'
          ? fixtures.conversationId
          : segment === 'customers'
            ? fixtures.customerId
            : segment === 'contacts'
              ? fixtures.contactId
              : segment === 'agents'
                ? DemoTenant.agents[0].id
                : ['whatsapp', 'channel-accounts'].includes(segment) || name === 'accountId'
                  ? 'demo-web'
                  : undefined;
      const fresh = value === 'demo-web' ? `acct-${randomUUID().slice(0, 8)}` : randomUUID();
      random = random.replace(`${segment}/:${name}`, `${segment}/${fresh}`);
      if (value !== undefined) substituted.push(value, fresh);
      return `${segment}/${value ?? fresh}`;
    });
    return { real, random, substituted };
  };
  const randomParameters = (path: string) => path.replace(/:(\w+)/g, () => randomUUID());

  beforeAll(async () => {
    await platform.start();
    for (const [service, running] of platform.running) {
      const routes = httpRoutesOf(controllersIn(running.app.get(ModulesContainer)));
      for (const route of routes) served.push({ service, url: running.url, route });
    }

    // This tenant's real data: a web-chat visitor's first message becomes a customer, a conversation and a routed contact.
    const channels = platform.url('channels-ingest');
    const session = (await (
      await fetch(`${channels}/webchat/demo-web/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: fixtures.customerName, topic: 'support' }),
      })
    ).json()) as { token: string };
    const sent = await fetch(`${channels}/webchat/demo-web/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ clientMessageId: randomUUID(), text: 'Hello from the route probe' }),
    });
    expect(sent.status).toBe(202);
    const supervisorA = tokens.mint({ tenantId: tenantA, role: 'supervisor' });
    const contact = await waitFor(async () => {
      const answer = await call(platform.url('routing'), 'GET', '/contacts', supervisorA);
      const contacts = JSON.parse(answer.text) as Array<{ id: string; conversationId: string; customerName?: string }>;
      return contacts.find((candidate) => candidate.customerName === fixtures.customerName);
    }, 'the probe contact in routing');
    const conversation = JSON.parse(
      (await call(platform.url('tickets'), 'GET', `/conversations/${contact.conversationId}`, supervisorA)).text,
    ) as {
      customerId: string;
    };
    Object.assign(fixtures, { conversationId: contact.conversationId, customerId: conversation.customerId, contactId: contact.id });
    expect(fixtures.customerId).toMatch(/^[0-9a-f-]{36}$/);
  }, 600_000);

  afterAll(async () => {
    await platform.stop();
  });

  it("are exactly the routes Nest mapped onto each service's HTTP router", () => {
    for (const [service, running] of platform.running) {
      const router = (
        running.app.getHttpAdapter().getInstance() as {
          router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
        }
      ).router;
      const mapped = router.stack
        .flatMap((layer) =>
          layer.route ? Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path}`) : [],
        )
        .filter((route) => !route.startsWith('HEAD '));
      const declared = served.filter((entry) => entry.service === service).map((entry) => `${entry.route.method} ${entry.route.path}`);
      // The router has everything Nest declared, and nothing else but the OpenAPI description.
      expect({ service, missing: declared.filter((route) => !mapped.includes(route)) }).toEqual({ service, missing: [] });
      const extra = mapped.filter((route) => !declared.includes(route));
      expect({ service, extra: extra.filter((route) => !publicRouteFor(route.split(' ')[0], route.split(' ')[1])) }).toEqual({
        service,
        extra: [],
      });
    }
    expect(served.length).toBeGreaterThan(100);
  });

  it('refuse a caller without a token (401), except the short public list, whose own-credential routes still refuse', async () => {
    const failures: string[] = [];
    for (const entry of served) {
      const path = randomParameters(entry.route.path);
      const answer = await call(entry.url, entry.route.method, path);
      const allowed = publicRouteFor(entry.route.method, entry.route.path);
      if (entry.route.public && !allowed) failures.push(`public but not on the public list: ${describeCall(entry, answer)}`);
      else if (!entry.route.public && answer.status !== 401) failures.push(`expected 401: ${describeCall(entry, answer)}`);
      else if (allowed?.kind === 'own-credential' && (answer.status < 400 || answer.status >= 500))
        failures.push(`expected a refusal: ${describeCall(entry, answer)}`);
      if (answer.status >= 500) failures.push(`server error: ${describeCall(entry, answer)}`);
    }
    expect(failures).toEqual([]);
  });

  it('let each role through exactly where the role matrix says, and answer no other role with a 5xx', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      const token = tokens.mint({ tenantId: tenantA, role, ...(role === 'agent' ? { sub: DemoTenant.agents[0].id } : {}) });
      for (const entry of served.filter((candidate) => !candidate.route.public)) {
        const answer = await call(entry.url, entry.route.method, randomParameters(entry.route.path), token);
        const refusedByRole = answer.status === 403 && answer.text.includes(GUARD_REFUSAL);
        if (entry.route.roles.includes(role) && (answer.status === 401 || refusedByRole))
          failures.push(`${role} should pass: ${describeCall(entry, answer)}`);
        if (!entry.route.roles.includes(role) && !refusedByRole) failures.push(`${role} should get 403: ${describeCall(entry, answer)}`);
        if (answer.status >= 500) failures.push(`${role}, server error: ${describeCall(entry, answer)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("tell another tenant's admin nothing of this tenant: its real ids answer as ids that do not exist, lists and answers carry none of its data", async () => {
    const adminA = tokens.mint({ tenantId: tenantA, role: 'admin' });
    const adminB = tokens.mint({ tenantId: tenantB, role: 'admin' });
    const markers = [fixtures.conversationId, fixtures.customerId, fixtures.contactId, fixtures.customerName, DemoTenant.agents[0].id];
    const failures: string[] = [];
    let provenReal = 0;
    /** An answer with the ids the caller sent replaced by placeholders: what is left must not depend on whether they exist. */
    const neutral = (answer: Answer, values: string[]) => ({
      status: answer.status,
      text: values.reduce((text, value) => text.split(value).join('<id>'), answer.text),
    });
    for (const entry of served.filter((candidate) => !candidate.route.public)) {
      const { real, random, substituted } = withRealIds(entry.route.path);
      if (entry.route.method !== 'GET' && substituted.length === 0) continue; // nothing of this tenant to aim at
      const answer = await call(entry.url, entry.route.method, real, adminB);
      const echoed = markers.filter((marker) => real.includes(marker));
      if (markers.some((marker) => !echoed.includes(marker) && answer.text.includes(marker)))
        failures.push(`other tenant saw this tenant's data: ${describeCall(entry, answer)}`);
      if (answer.status >= 500) failures.push(`server error: ${describeCall(entry, answer)}`);
      if (substituted.length === 0) continue;
      const control = await call(entry.url, entry.route.method, random, adminB);
      if (
        ![400, 403, 404].includes(answer.status) &&
        JSON.stringify(neutral(answer, substituted)) !== JSON.stringify(neutral(control, substituted))
      )
        failures.push(
          `other tenant can tell this tenant's ids exist: ${describeCall(entry, answer)} vs ${control.status} ${control.text.slice(0, 200)}`,
        );
      if (entry.route.method === 'GET' && (await call(entry.url, 'GET', real, adminA)).status === 200) provenReal += 1;
    }
    expect(failures).toEqual([]);
    // The ids were real: this tenant's admin reads them (conversation, customer, timeline, export…).
    expect(provenReal).toBeGreaterThanOrEqual(8);
  });
});
