// Tenant settings owned by the gateway (BOARD decision 3): the demo tenant's Jakarta/Indonesian
// settings, announced on identity.tenant-settings-changed.v1; an admin's change saved and announced
// together; everyone else refused without anything changing.
import { Topics } from '@garda/contracts';
import { DemoTenant } from '@garda/demo-tenant';
import { TopicRecorder } from '@garda/testing';
import { GatewayUnderTest } from './support/gateway-under-test';

jest.setTimeout(120_000);

describe('tenant settings (real Kafka + PostgreSQL)', () => {
  const gateway = new GatewayUnderTest();
  const reader = new TopicRecorder('gateway-tenant-settings-int-spec');
  const settingsEvents = () => reader.records.filter((event) => event.value.tenantId === DemoTenant.id);

  beforeAll(async () => {
    await gateway.start();
    await reader.start([Topics.TenantSettingsChanged]);
  });
  afterAll(async () => {
    await reader.stop();
    await gateway.stop();
  });

  it('seeds the demo tenant in Asia/Jakarta, in Bahasa Indonesia first, and announces it keyed by tenant', async () => {
    const event = await reader.waitForRecord('the demo tenant settings', (e) => e.value.tenantId === DemoTenant.id);
    expect(event.key).toBe(DemoTenant.id);
    expect(event.value).toEqual({
      tenantId: DemoTenant.id,
      name: DemoTenant.name,
      timeZone: 'Asia/Jakarta',
      defaultLanguage: 'id',
      languages: ['id', 'en'],
      revision: 1,
      changedAt: expect.any(String),
    });
  });

  it('lets every user of the tenant read its settings', async () => {
    const token = await gateway.login(DemoTenant.agents[0].email);
    const { status, body } = await gateway.call('GET', '/tenant', { token });
    expect(status).toBe(200);
    expect(body).toEqual({
      id: DemoTenant.id,
      name: DemoTenant.name,
      timeZone: 'Asia/Jakarta',
      defaultLanguage: 'id',
      languages: ['id', 'en'],
      revision: 1,
    });
  });

  it("saves an admin's change and announces it with the next revision", async () => {
    const token = await gateway.login(DemoTenant.admin.email);
    const { status, body } = await gateway.call('PATCH', '/tenant', { token, body: { timeZone: 'Asia/Makassar', languages: ['id'] } });
    expect(status).toBe(200);
    expect(body).toEqual(expect.objectContaining({ timeZone: 'Asia/Makassar', defaultLanguage: 'id', languages: ['id'], revision: 2 }));
    const event = await reader.waitForRecord('revision 2', (e) => e.value.tenantId === DemoTenant.id && e.value.revision === 2);
    expect(event.value).toEqual(expect.objectContaining({ timeZone: 'Asia/Makassar', languages: ['id'] }));
  });

  it('refuses a supervisor or an agent (403) and bad settings (400 naming the field), changing nothing', async () => {
    const before = settingsEvents().length;
    const supervisor = await gateway.login(DemoTenant.supervisor.email);
    const agent = await gateway.login(DemoTenant.agents[1].email);
    const admin = await gateway.login(DemoTenant.admin.email);
    expect((await gateway.call('PATCH', '/tenant', { token: supervisor, body: { timeZone: 'UTC' } })).status).toBe(403);
    expect((await gateway.call('PATCH', '/tenant', { token: agent, body: { timeZone: 'UTC' } })).status).toBe(403);

    const badZone = await gateway.call('PATCH', '/tenant', { token: admin, body: { timeZone: 'Mars/Olympus' } });
    expect(badZone.status).toBe(400);
    expect(badZone.body.issues).toEqual([expect.objectContaining({ path: 'timeZone', message: expect.stringMatching(/IANA/) })]);
    const badDefault = await gateway.call('PATCH', '/tenant', { token: admin, body: { defaultLanguage: 'en' } });
    expect(badDefault.status).toBe(400);
    expect(badDefault.body.field).toBe('defaultLanguage');
    const unknownField = await gateway.call('PATCH', '/tenant', { token: admin, body: { timezone: 'UTC' } });
    expect(unknownField.status).toBe(400);

    const { body } = await gateway.call('GET', '/tenant', { token: admin });
    expect(body).toEqual(expect.objectContaining({ timeZone: 'Asia/Makassar', revision: 2 }));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(settingsEvents().length).toBe(before);
  });

  it('announces every tenant again when the gateway starts, with the revision it has', async () => {
    const before = settingsEvents().length;
    await gateway.restart();
    await reader.waitForRecord('the re-announcement', (e) => e.value.tenantId === DemoTenant.id && settingsEvents().length > before);
    expect(settingsEvents().at(-1)!.value).toEqual(expect.objectContaining({ revision: 2, timeZone: 'Asia/Makassar' }));
  });
});
