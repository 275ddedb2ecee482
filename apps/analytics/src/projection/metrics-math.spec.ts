import {
  agentActivity,
  countAgents,
  intervalStart,
  intervalStarts,
  isWithinServiceLevel,
  mean,
  percent,
  serviceLevelPercent,
  startOfUtcDay,
  waitingAt,
} from './metrics-math';

const at = (iso: string) => new Date(iso);

describe('metrics math', () => {
  it('puts an instant in its 15-minute interval', () => {
    expect(intervalStart(at('2026-11-23T10:14:59.999Z')).toISOString()).toBe('2026-11-23T10:00:00.000Z');
    expect(intervalStart(at('2026-11-23T10:15:00.000Z')).toISOString()).toBe('2026-11-23T10:15:00.000Z');
  });

  it('starts "today" at midnight UTC', () => {
    expect(startOfUtcDay(at('2026-11-23T23:59:00Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });

  it('lists every interval of a range, empty ones included', () => {
    const starts = intervalStarts(at('2026-11-23T10:07:00Z'), at('2026-11-23T11:00:00Z')).map((d) => d.toISOString().slice(11, 16));
    expect(starts).toEqual(['10:00', '10:15', '10:30', '10:45']);
  });

  it('counts a contact answered exactly at the threshold as within service level', () => {
    expect(isWithinServiceLevel(20, 20)).toBe(true);
    expect(isWithinServiceLevel(20.5, 20)).toBe(false);
  });

  it('counts every abandoned contact against the service level', () => {
    // 3 answered in time, 1 answered late, 1 abandoned: 3 / (4 + 1)
    expect(serviceLevelPercent({ answered: 4, answeredWithinThreshold: 3, abandoned: 1 })).toBe(60);
  });

  it('has no service level, average or rate when nothing happened (null, not 0 or 100)', () => {
    expect(serviceLevelPercent({ answered: 0, answeredWithinThreshold: 0, abandoned: 0 })).toBeNull();
    expect(mean(0, 0)).toBeNull();
    expect(percent(0, 0)).toBeNull();
  });

  it('rounds percentages and means to one decimal', () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(mean(10, 3)).toBe(3.3);
  });

  it('classifies agents: wrap-up first, then holding a contact, then their status', () => {
    expect(agentActivity('after-contact-work', 1)).toBe('after-contact-work');
    expect(agentActivity('available', 2)).toBe('on-contact');
    expect(agentActivity('away', 1)).toBe('on-contact');
    expect(agentActivity('available', 0)).toBe('available');
    expect(agentActivity('away', 0)).toBe('away');
    expect(agentActivity('offline', 0)).toBe('offline');
  });

  it('counts staffed and online agents the way Amazon Connect does', () => {
    const counts = countAgents(['available', 'on-contact', 'on-contact', 'after-contact-work', 'away', 'offline']);
    expect(counts).toEqual({
      agentsAvailable: 1,
      agentsOnContact: 2,
      agentsAfterContactWork: 1,
      agentsAway: 1,
      agentsOnline: 5,
      agentsStaffed: 4,
    });
  });

  it('replays how many contacts were waiting at each instant', () => {
    const contacts = [
      { arrivedAt: at('2026-11-23T10:00:00Z'), leftAt: at('2026-11-23T10:05:00Z') },
      { arrivedAt: at('2026-11-23T10:02:00Z'), leftAt: null },
    ];
    const instants = ['09:59', '10:01', '10:03', '10:05', '10:30'].map((t) => at(`2026-11-23T${t}:00Z`));
    expect(waitingAt(instants, contacts)).toEqual([0, 1, 2, 1, 1]);
  });
});
