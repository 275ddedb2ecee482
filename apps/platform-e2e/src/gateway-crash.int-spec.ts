import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Topics } from '@garda/contracts';
import { DemoTenant } from '@garda/demo-tenant';
import { createKafkaClient, EventPublisher } from '@garda/messaging';
import { createLogger } from '@garda/service-kit';
import { AgentClient, login } from './support/actors';
import { freePort, Platform, type ServiceHandle } from './support/platform';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const services = require(path.join(__dirname, '../../../tools/platform/services.cjs')) as {
  startService(name: string, options: { env: Record<string, string>; port: number }): Promise<ServiceHandle>;
};

const tenantId = DemoTenant.id;
const [alice, bob] = DemoTenant.agents;
const logger = createLogger('gateway-crash-int-spec', 'warn');

/**
 * A gateway replica dies (SIGKILL: no shutdown hook, no disconnect grace timer survives) while an
 * agent on it has an offer on screen. The other replica takes over its expired presence lease
 * (ADR 0059): the agent goes offline as disconnected and the offer moves to the next agent at
 * once — it is cancelled, not left to wait out its five-minute timeout.
 */
describe('presence when a gateway crashes', () => {
  const platform = new Platform();
  let doomed: ServiceHandle | undefined;
  let publisher: EventPublisher;
  const sockets: AgentClient[] = [];

  const connect = async (gatewayUrl: string, email: string) => {
    const socket = new AgentClient(gatewayUrl, (await login(gatewayUrl, email)).token);
    sockets.push(socket);
    await socket.connected();
    return socket;
  };

  beforeAll(async () => {
    await platform.start(['routing', 'gateway']);
    const port = await freePort();
    doomed = await services.startService('gateway', { env: { ...platform.env, PUBLIC_URL: `http://127.0.0.1:${port}` }, port });
    publisher = new EventPublisher(
      createKafkaClient({ brokers: platform.env.KAFKA_BROKERS.split(','), clientId: 'gateway-crash-int-spec', logger }),
      logger,
    );
    await publisher.connect();
  }, 300_000);

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await publisher?.disconnect();
    await doomed?.stop();
    await platform.stop();
  });

  it('takes the agent of a killed gateway offline within seconds and offers their contact to the next agent', async () => {
    const survivor = platform.url('gateway');
    const admin = (await login(survivor, DemoTenant.admin.email)).token;
    const support = DemoTenant.queues[0];
    const saved = await fetch(`${platform.url('routing')}/queues/${support.name}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ requiredSkills: support.requiredSkills, isDefault: support.isDefault, offerTimeoutSeconds: 300 }),
    });
    expect(saved.status).toBe(200);
    const supervisor = await connect(survivor, DemoTenant.supervisor.email);
    // Alice on the replica that will die, available first (longest idle gets the offer); Bob on the survivor.
    const aliceDesk = await connect(doomed!.url, alice.email);
    await aliceDesk.goAvailable();
    const bobDesk = await connect(survivor, bob.email);
    await bobDesk.goAvailable();

    const contactId = randomUUID();
    await publisher.publish(
      Topics.RoutingRequested,
      {
        tenantId,
        contactId,
        conversationId: randomUUID(),
        ticketId: randomUUID(),
        customerId: randomUUID(),
        channel: 'webchat',
        queue: support.name,
        requiredSkills: [],
        priority: 0,
        preview: 'hello, anyone?',
        requestedAt: new Date().toISOString(),
      },
      { tenantId, key: tenantId },
    );
    await aliceDesk.waitFor('offer:new', (o) => o.contactId === contactId, 60_000);

    await doomed!.kill();

    const second = await bobDesk.waitFor('offer:new', (o) => o.contactId === contactId, 60_000);
    expect(second.payload.agentId).toBe(bob.id);
    const closed = await supervisor.waitFor('offer:closed', (c) => c.contactId === contactId && c.agentId === alice.id);
    expect(closed.payload.reason).toBe('cancelled');
    const status = await supervisor.waitFor('agent:status', (s) => s.agentId === alice.id && s.state === 'offline');
    expect(status.payload.reason).toBe('disconnected');

    await bobDesk.send('offer:accept', { contactId });
    await bobDesk.waitFor('contact:assigned', (a) => a.contactId === contactId && a.agentId === bob.id);
    // Bob, on the live replica, was never taken offline.
    expect(supervisor.count('agent:status', (s) => s.agentId === bob.id && s.state === 'offline')).toBe(0);
  }, 180_000);
});
