// The demo tenant's routing (SEED_DEMO): its catalogue, queues and agents' profiles, written by the
// routing admin's repositories, and left alone when the seed runs again (a restart).
import { DemoTenant } from '@garda/demo-tenant';
import { ServiceTier } from '@garda/testing';
import { routingService } from '../src/routing.service-definition';
import { seedDemoRouting } from '../src/seed/demo-seed';

describe('routing demo seed (service tier)', () => {
  let routing: ServiceTier;

  beforeAll(async () => {
    routing = await ServiceTier.start(routingService, { seed: true });
  });
  afterAll(async () => {
    await routing?.close();
  });

  it("seeds the demo tenant's queues, agents and skill catalogue once, and keeps an admin's change on the next start", async () => {
    const supervisor = routing.token(DemoTenant.id, 'supervisor');
    const queues = async () =>
      (await routing.request('GET', '/queues', { token: supervisor })).body as Array<{ name: string; offerTimeoutSeconds: number }>;
    expect((await queues()).map((queue) => queue.name)).toEqual(['sales', 'support']);
    const agents = (await routing.request('GET', '/agents', { token: supervisor })).body as Array<{ name: string }>;
    expect(agents.map((agent) => agent.name)).toEqual(DemoTenant.agents.map((agent) => agent.name));
    const skills = (await routing.request('GET', '/skills', { token: supervisor })).body as { skills: Array<{ name: string }> };
    expect(skills.skills.map((skill) => skill.name).sort()).toEqual(['english', 'french', 'sales', 'support']);

    const admin = routing.token(DemoTenant.id, 'admin');
    expect(
      (
        await routing.request('PUT', '/queues/sales', {
          token: admin,
          body: { requiredSkills: [{ skill: 'sales' }], offerTimeoutSeconds: 90 },
        })
      ).status,
    ).toBe(200);
    await seedDemoRouting(routing.dataSource);
    expect((await queues()).find((queue) => queue.name === 'sales')?.offerTimeoutSeconds).toBe(90);
  });
});
