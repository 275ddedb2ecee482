import type { AgentRow } from './realtime-queries';
import { agentSnapshots, queueSnapshots } from './realtime-snapshot';

const now = new Date('2026-11-23T10:00:00Z');
const agent = (overrides: Partial<AgentRow>): AgentRow => ({
  agentId: 'a',
  name: 'A',
  state: 'available',
  stateReason: null,
  stateSince: new Date('2026-11-23T09:58:00Z'),
  contacts: [],
  queues: ['support'],
  contactsAnsweredToday: 0,
  ...overrides,
});

describe('realtime snapshots', () => {
  it('shows an agent’s time in state and load per channel', () => {
    const [snapshot] = agentSnapshots(
      [
        agent({
          contacts: [
            { contactId: 'c1', conversationId: 'v1', channel: 'webchat', queueName: 'support', assignedAt: '2026-11-23T09:59:00Z' },
            { contactId: 'c2', conversationId: 'v2', channel: 'webchat', queueName: 'support', assignedAt: '2026-11-23T09:59:30Z' },
            { contactId: 'c3', conversationId: 'v3', channel: 'email', queueName: 'support', assignedAt: '2026-11-23T09:59:40Z' },
          ],
        }),
      ],
      now,
    );
    expect(snapshot.timeInStateSeconds).toBe(120);
    expect(snapshot.load).toEqual({ webchat: 2, email: 1 });
    expect(snapshot.activity).toBe('on-contact');
  });

  it('computes a queue’s figures and counts only the agents that serve it', () => {
    const agents = agentSnapshots(
      [
        agent({ agentId: 'a1', state: 'available' }),
        agent({ agentId: 'a2', state: 'away' }),
        agent({ agentId: 'a3', state: 'available', queues: ['sales'] }),
      ],
      now,
    );
    const [support] = queueSnapshots({
      queues: [{ name: 'support', queueId: null, isDefault: true, serviceLevelSeconds: 20 }],
      waiting: [{ queueName: 'support', waiting: 2, oldestArrivedAt: new Date('2026-11-23T09:59:15Z') }],
      totals: [
        {
          queueName: 'support',
          contactsQueued: 6,
          contactsAnswered: 3,
          answeredWithinThreshold: 2,
          answerWaitSeconds: 45,
          contactsAbandoned: 1,
          abandonedWithinThreshold: 0,
          contactsHandled: 1,
          handleSeconds: 300,
        },
      ],
      agents,
      now,
    });
    expect(support).toMatchObject({
      contactsInQueue: 2,
      oldestContactAgeSeconds: 45,
      serviceLevelPercent: 50,
      averageSpeedOfAnswerSeconds: 15,
      abandonmentRatePercent: 16.7,
      averageHandleTimeSeconds: 300,
      agentsAvailable: 1,
      agentsAway: 1,
      agentsStaffed: 1,
    });
  });

  it('shows an idle queue with nothing to divide as nulls rather than 0 %', () => {
    const [idle] = queueSnapshots({
      queues: [{ name: 'idle', queueId: null, isDefault: false, serviceLevelSeconds: 20 }],
      waiting: [],
      totals: [],
      agents: [],
      now,
    });
    expect(idle).toMatchObject({
      contactsInQueue: 0,
      oldestContactAgeSeconds: null,
      serviceLevelPercent: null,
      averageSpeedOfAnswerSeconds: null,
    });
  });
});
