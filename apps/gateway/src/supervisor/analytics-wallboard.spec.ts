import type { AgentFigures } from '@garda/contracts';
import { AnalyticsWallboard } from './analytics-wallboard';

const ALICE = '00000000-0000-4000-8000-000000000201';
const BOB = '00000000-0000-4000-8000-000000000202';
const CAROL = '00000000-0000-4000-8000-000000000203';
const routingAgent = (agentId: string, name: string, state: string, load: Record<string, { used: number; capacity: number }>) => ({
  agentId,
  name,
  state,
  stateReason: null,
  stateSince: '2026-12-01T08:00:00.000Z',
  queues: ['support'],
  load,
});
const figures = (agentId: string) =>
  ({ agentId, name: null, state: 'available', load: { webchat: 1 }, contacts: [] }) as unknown as AgentFigures;

function stubFetch(routing: 'ok' | 'down') {
  const calls: string[] = [];
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    const url = new URL(String(input));
    calls.push(`${url.host}${url.pathname}`);
    if (url.host === 'analytics.test') return Response.json({ asOf: 'now', agents: [figures(ALICE), figures(BOB)] });
    if (routing === 'down') throw new TypeError('fetch failed');
    return Response.json([
      routingAgent(ALICE, 'Alice Agent', 'available', { webchat: { used: 1, capacity: 3 }, email: { used: 0, capacity: 5 } }),
      routingAgent(CAROL, 'Carol Agent', 'offline', { voice: { used: 0, capacity: 1 } }),
    ]);
  });
  return calls;
}

describe('AnalyticsWallboard', () => {
  afterEach(() => jest.restoreAllMocks());

  it("adds routing's capacity per channel (and the profile's name, until analytics knows it) to analytics' agent figures", async () => {
    const calls = stubFetch('ok');
    const wallboard = new AnalyticsWallboard('http://analytics.test', 'http://routing.test', 'unit-test-secret-0123456789', {
      warn: jest.fn(),
    });
    const { agents } = await wallboard.agents('Bearer caller');
    expect(agents.find((a) => a.agentId === ALICE)).toMatchObject({
      name: 'Alice Agent',
      load: { webchat: 1 },
      capacity: { webchat: 3, email: 5 },
    });
    // An agent routing has no profile for keeps analytics' figures as they are.
    expect(agents.find((a) => a.agentId === BOB)?.capacity).toBeUndefined();
    expect(calls.sort()).toEqual(['analytics.test/realtime/agents', 'routing.test/agents']);
  });

  it('lists an agent analytics has no event about yet from routing, in their routing state with nothing on them', async () => {
    stubFetch('ok');
    const wallboard = new AnalyticsWallboard('http://analytics.test', 'http://routing.test', 'unit-test-secret-0123456789', {
      warn: jest.fn(),
    });
    const { agents } = await wallboard.agents('Bearer caller');
    expect(agents.map((a) => a.agentId)).toEqual([ALICE, BOB, CAROL]);
    expect(agents.find((a) => a.agentId === CAROL)).toMatchObject({
      name: 'Carol Agent',
      state: 'offline',
      activity: 'offline',
      load: { voice: 0 },
      capacity: { voice: 1 },
      contacts: [],
      contactsAnsweredToday: 0,
    });
  });

  it('still serves the figures, without capacity and with a warning, when routing does not answer', async () => {
    stubFetch('down');
    const logger = { warn: jest.fn() };
    const wallboard = new AnalyticsWallboard('http://analytics.test', 'http://routing.test', 'unit-test-secret-0123456789', logger);
    const { agents } = await wallboard.agents('Bearer caller');
    expect(agents.map((a) => a.capacity)).toEqual([undefined, undefined]);
    expect(logger.warn).toHaveBeenCalled();
  });
});
