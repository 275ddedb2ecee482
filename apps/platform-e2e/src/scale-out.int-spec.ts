import { Topics } from '@garda/contracts';
import { DemoTenant } from '@garda/demo-tenant';
import { AgentClient, login, waitUntil, WebChatCustomer } from './support/actors';
import { freePort, Platform, type ServiceHandle } from './support/platform';
import { platformServices as services } from '@garda/testing';

const alice = DemoTenant.agents[0];

/** Messages of a topic this replica's consumer processed, from its /metrics. */
async function processedBy(url: string, topic: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('garda_kafka_messages_total{') && line.includes(`topic="${topic}"`) && line.includes('outcome="processed"')) {
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return total;
}

/**
 * Replicas share the work for real: two gateways (one consumer group, pushes shared through the
 * PostgreSQL socket.io adapter) and two routing instances (one consumer group, the tenant lock in
 * the database). An agent gets their offers whichever gateway consumed the event, and contacts
 * keep being routed when one routing instance dies.
 */
describe('scale-out: two gateways and two routing instances', () => {
  const platform = new Platform();
  const extra: ServiceHandle[] = [];
  const gateways: string[] = [];
  const routings: string[] = [];
  const customers: WebChatCustomer[] = [];
  let token: string;
  let agent: AgentClient | undefined;
  /** The routing replica that routed the latest contact (alice takes 3 web chats: the tests share them). */
  let lastRoutedBy: number | undefined;

  beforeAll(async () => {
    await platform.start();
    for (const name of ['gateway', 'routing'] as const) {
      const port = await freePort();
      extra.push(await services.startService(name, { env: { ...platform.env, PUBLIC_URL: `http://127.0.0.1:${port}` }, port }));
    }
    gateways.push(platform.url('gateway'), extra[0].url);
    routings.push(platform.url('routing'), extra[1].url);
    token = (await login(gateways[1], alice.email)).token;
  }, 240_000);

  afterAll(async () => {
    agent?.close();
    customers.forEach((customer) => customer.close());
    await Promise.all(extra.map((handle) => handle.stop()));
    await platform.stop();
  });

  /** The agent's desk on one gateway replica; the agent's state lives in routing, so it survives the move. */
  const connectAgentTo = async (gatewayUrl: string, becomeAvailable: boolean) => {
    agent?.close();
    agent = new AgentClient(gatewayUrl, token);
    await agent.connected();
    if (becomeAvailable) {
      await agent.goAvailable();
    }
    return agent;
  };

  /** Which replica's consumer processed the next message of `topic` (by the counters' deltas). */
  const replicaThatProcesses = async (urls: string[], topic: string) => {
    const before = await Promise.all(urls.map((url) => (url ? processedBy(url, topic) : 0)));
    return () =>
      waitUntil(
        async () => {
          const after = await Promise.all(urls.map((url, i) => (url ? processedBy(url, topic) : before[i])));
          const index = after.findIndex((count, i) => count > before[i]);
          return index >= 0 ? index : undefined;
        },
        10_000,
        `the replica that processed ${topic}`,
      );
  };

  /** A new web-chat contact, offered to and accepted by the agent; says which replicas did the work. */
  const contactReachesAgent = async (text: string, timeoutMs = 30_000) => {
    const offerConsumer = await replicaThatProcesses(gateways, Topics.OfferMade);
    const routingConsumer = await replicaThatProcesses(routings, Topics.RoutingRequested);
    const customer = new WebChatCustomer(platform.url('channels-ingest'));
    customers.push(customer);
    await customer.open({ name: 'Scaley', email: `scaley.${Date.now()}@example.com`, topic: 'support' });
    expect((await customer.say(text)).status).toBe(202);
    const offer = await agent!.waitFor('offer:new', (o) => o.preview === text, timeoutMs);
    const consumedBy = await offerConsumer();
    const routedBy = await routingConsumer();
    await agent!.send('offer:accept', { contactId: offer.payload.contactId as string });
    await agent!.waitFor('contact:assigned', (a) => a.contactId === offer.payload.contactId);
    return { offer, consumedBy, routedBy };
  };

  it('an agent on one gateway receives the offer the other gateway consumed', async () => {
    // The tenant's offers all land on one partition, held by one of the two gateways: find it,
    // then put the agent's socket on the other one.
    await connectAgentTo(gateways[1], true);
    const first = await contactReachesAgent('Scale-out: first contact');
    const other = 1 - first.consumedBy;
    await connectAgentTo(gateways[other], false);
    const second = await contactReachesAgent('Scale-out: pushed across replicas');
    expect(second.offer.payload).toMatchObject({ agentId: alice.id, queueName: 'support' });
    expect(second.consumedBy).not.toBe(other);
    lastRoutedBy = second.routedBy;
  });

  it('contacts are still routed after the routing instance that routed the last one is killed', async () => {
    // Both instances were up for the contacts above; kill the one that routed the latest.
    const victim = lastRoutedBy ?? 0;
    if (victim === 0) await platform.kill('routing');
    else await extra[1].kill();
    routings[victim] = '';
    // The survivor takes the dead instance's partitions after the group's session timeout (15 s).
    const after = await contactReachesAgent('Scale-out: after a routing instance died', 90_000);
    expect(after.offer.payload.agentId).toBe(alice.id);
    expect(after.routedBy).toBe(1 - victim);
  }, 150_000);
});
