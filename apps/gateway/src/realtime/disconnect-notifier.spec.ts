import { type AuthClaims, Topics } from '@garda/contracts';
import type { TransactionContext, UnitOfWork } from '@garda/messaging';
import type { Logger } from 'pino';
import { DisconnectNotifier } from './disconnect-notifier';

const TENANT = '00000000-0000-4000-8000-000000000001';
const alice: AuthClaims = { sub: '00000000-0000-4000-8000-000000000201', tenantId: TENANT, role: 'agent', name: 'Alice Agent' };
const bob: AuthClaims = { sub: '00000000-0000-4000-8000-000000000202', tenantId: TENANT, role: 'agent', name: 'Bob Agent' };
const GRACE_MS = 3000;
const CLOSED_AT = new Date('2026-01-02T03:04:05.000Z');

function setup() {
  const publish = jest.fn(async () => undefined);
  const unitOfWork = {
    run: jest.fn((work: (tx: TransactionContext) => Promise<unknown>) => work({ publish } as unknown as TransactionContext)),
  } as unknown as UnitOfWork;
  const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn() } as unknown as Logger;
  return { notifier: new DisconnectNotifier(unitOfWork, logger, GRACE_MS, () => CLOSED_AT), publish };
}

/** Lets the grace timer fire and the async count and publish that follow it settle. */
async function afterGrace(ms = GRACE_MS) {
  await jest.advanceTimersByTimeAsync(ms);
}

describe(DisconnectNotifier.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('tells routing, keyed by tenant, when the agent’s last socket closed and none came back within the grace', async () => {
    const { notifier, publish } = setup();
    notifier.disconnected(alice, async () => 0);
    await afterGrace(GRACE_MS - 1);
    expect(publish).not.toHaveBeenCalled();
    await afterGrace(1);
    expect(publish).toHaveBeenCalledTimes(1);
    expect(publish).toHaveBeenCalledWith(
      Topics.AgentDisconnected,
      { tenantId: TENANT, agentId: alice.sub, disconnectedAt: CLOSED_AT.toISOString() },
      { tenantId: TENANT, key: TENANT },
    );
  });

  it('says nothing while the agent still has a tab open, on this replica or another', async () => {
    const { notifier, publish } = setup();
    notifier.disconnected(alice, async () => 1);
    await afterGrace();
    expect(publish).not.toHaveBeenCalled();
  });

  it('says nothing when the agent reconnects within the grace (a page reload)', async () => {
    const { notifier, publish } = setup();
    notifier.disconnected(alice, async () => 0);
    await afterGrace(1000);
    notifier.connected(alice);
    await afterGrace();
    expect(publish).not.toHaveBeenCalled();
  });

  it('announces one disconnect when several of the agent’s tabs close together, and each agent separately', async () => {
    const { notifier, publish } = setup();
    notifier.disconnected(alice, async () => 0);
    notifier.disconnected(alice, async () => 0);
    notifier.disconnected(bob, async () => 0);
    await afterGrace();
    expect(publish.mock.calls.map((call: unknown[]) => (call[1] as { agentId: string }).agentId).sort()).toEqual([alice.sub, bob.sub]);
  });

  it('treats the agent as gone when the other replicas cannot be asked', async () => {
    const { notifier, publish } = setup();
    notifier.disconnected(alice, async () => Promise.reject(new Error('timeout reached: only 0 responses received out of 1')));
    await afterGrace();
    expect(publish).toHaveBeenCalledTimes(1);
  });

  it('says nothing for the sockets a stopping replica drops: they reconnect to another one', async () => {
    const { notifier, publish } = setup();
    notifier.disconnected(alice, async () => 0);
    notifier.onModuleDestroy();
    notifier.disconnected(bob, async () => 0);
    await afterGrace();
    expect(publish).not.toHaveBeenCalled();
  });
});
