import { BadRequestException } from '@nestjs/common';
import type { InboundMessageV1 } from '@garda/contracts';
import { z } from 'zod';
import type { ChannelAccount } from '../accounts/channel-accounts.service';

/**
 * A pre-chat topic as the account configures it. The visitor picks one by name; where it routes is
 * the account's decision, never the visitor's: `queue` (default: the queue named like the topic)
 * and optionally a `skill` the agent must have (at `minLevel`, default 1).
 */
export const WebchatTopicSchema = z.union([
  z.string().trim().min(1).max(100),
  z.object({
    name: z.string().trim().min(1).max(100),
    queue: z.string().trim().min(1).max(100).optional(),
    skill: z.string().trim().min(1).max(100).optional(),
    minLevel: z.number().int().min(1).max(5).optional(),
  }),
]);
export const WebchatTopicsSchema = z
  .array(WebchatTopicSchema)
  .max(50)
  .refine((topics) => new Set(topics.map(topicName)).size === topics.length, 'topic names must be unique');

export interface TopicRoute {
  name: string;
  queue: string;
  requiredSkills?: NonNullable<InboundMessageV1['requiredSkills']>;
}

function topicName(topic: z.infer<typeof WebchatTopicSchema>): string {
  return typeof topic === 'string' ? topic : topic.name;
}

/** The account's topics; entries that do not parse (an account saved before validation) are left out. */
export function topicsOf(account: ChannelAccount): TopicRoute[] {
  const raw = Array.isArray(account.config.topics) ? account.config.topics : [];
  return raw.flatMap((entry) => {
    const parsed = WebchatTopicSchema.safeParse(entry);
    if (!parsed.success) return [];
    const topic = parsed.data;
    if (typeof topic === 'string') return [{ name: topic, queue: topic }];
    return [
      {
        name: topic.name,
        queue: topic.queue ?? topic.name,
        ...(topic.skill ? { requiredSkills: [{ skill: topic.skill, minLevel: topic.minLevel ?? 1 }] } : {}),
      },
    ];
  });
}

/** The pre-chat topic must be one the account offers; anything else is a 400 that lists them. */
export function assertOfferedTopic(account: ChannelAccount, topic: string | undefined): void {
  if (topic === undefined) return;
  const names = topicsOf(account).map((route) => route.name);
  if (names.includes(topic)) return;
  const message = names.length > 0 ? `topic must be one of: ${names.join(', ')}` : 'this chat offers no topics';
  throw new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: 'The request is invalid',
    issues: [{ path: 'topic', message }],
  });
}

/** Where a session's messages route, from the account's configuration as it is now. */
export function routeOfTopic(account: ChannelAccount, topic: string | undefined): Pick<InboundMessageV1, 'queue' | 'requiredSkills'> {
  const route = topic === undefined ? undefined : topicsOf(account).find((candidate) => candidate.name === topic);
  if (!route) return {};
  return { queue: route.queue, ...(route.requiredSkills ? { requiredSkills: route.requiredSkills } : {}) };
}
