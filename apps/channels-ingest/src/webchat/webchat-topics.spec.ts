import type { ChannelAccount } from '../accounts/channel-accounts.service';
import { ChannelAccountSchemas } from '../accounts/channel-config';
import { assertOfferedTopic, routeOfTopic, topicsOf } from './webchat-topics';

const account = (topics: unknown): ChannelAccount => ({
  id: 'web',
  tenantId: 't',
  channel: 'webchat',
  displayName: 'Chat',
  config: { topics },
  secrets: {},
});

describe('web-chat topics', () => {
  const shop = account([
    'support',
    { name: 'Returns', queue: 'after-sales', skill: 'returns' },
    { name: 'Billing', skill: 'billing', minLevel: 3 },
  ]);

  it('route a plain topic to the queue of its name, and an object topic where it says', () => {
    expect(topicsOf(shop)).toEqual([
      { name: 'support', queue: 'support' },
      { name: 'Returns', queue: 'after-sales', requiredSkills: [{ skill: 'returns', minLevel: 1 }] },
      { name: 'Billing', queue: 'Billing', requiredSkills: [{ skill: 'billing', minLevel: 3 }] },
    ]);
    expect(routeOfTopic(shop, 'Returns')).toEqual({ queue: 'after-sales', requiredSkills: [{ skill: 'returns', minLevel: 1 }] });
  });

  it('give no route for no topic, or for one the account no longer offers', () => {
    expect(routeOfTopic(shop, undefined)).toEqual({});
    expect(routeOfTopic(account(['sales']), 'Returns')).toEqual({});
  });

  it('accept only offered topics, and say which are', () => {
    expect(() => assertOfferedTopic(shop, 'Returns')).not.toThrow();
    expect(() => assertOfferedTopic(shop, undefined)).not.toThrow();
    expect(() => assertOfferedTopic(shop, 'after-sales')).toThrow(
      expect.objectContaining({
        response: expect.objectContaining({ issues: [{ path: 'topic', message: 'topic must be one of: support, Returns, Billing' }] }),
      }),
    );
    expect(() => assertOfferedTopic(account([]), 'support')).toThrow(
      expect.objectContaining({
        response: expect.objectContaining({ issues: [{ path: 'topic', message: 'this chat offers no topics' }] }),
      }),
    );
  });

  it('are checked when an account is saved: names unique, levels 1-5', () => {
    const config = ChannelAccountSchemas.webchat.config;
    expect(config.safeParse({ topics: ['support', { name: 'support', queue: 'x' }] }).success).toBe(false);
    expect(config.safeParse({ topics: [{ name: 'Returns', skill: 'returns', minLevel: 6 }] }).success).toBe(false);
    expect(config.safeParse({ topics: ['support', { name: 'Returns', queue: 'support', skill: 'returns', minLevel: 2 }] }).success).toBe(
      true,
    );
  });
});
