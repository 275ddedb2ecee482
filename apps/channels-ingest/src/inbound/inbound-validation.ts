import { BadRequestException } from '@nestjs/common';
import { InboundMessageV1 } from '@garda/contracts';
import type { ChannelAccount } from '../accounts/channel-accounts.service';
import { hasNul, NUL_REASON, stripNul } from './nul-characters';
import type { InboundDraft } from './inbound-publisher';

type Issue = { path: string; message: string };

/**
 * A normalised message that would not satisfy the InboundMessage contract. The normalisers keep
 * within the contract's limits, so this is the safety net that makes a gap between them a 400 with
 * the reason (and nothing published) instead of a 500 from the publisher refusing the event.
 */
export class InvalidInboundMessage extends BadRequestException {
  constructor(readonly issues: Issue[]) {
    super({ statusCode: 400, error: 'Bad Request', message: 'The delivery cannot be represented as an inbound message', issues });
  }
}

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

/**
 * The draft as it will be published: NUL removed from free text, refused in identifiers (see
 * nul-characters.ts), and checked against the contract. Throws InvalidInboundMessage.
 */
export function prepareDraft(account: ChannelAccount, draft: InboundDraft): InboundDraft {
  const issues: Issue[] = [];
  const identifiers: Array<[string, string | undefined]> = [
    ['providerMessageId', draft.providerMessageId],
    ['threadKey', draft.threadKey],
    ['sender.value', draft.sender.value],
    ...(draft.inReplyTo ?? []).map((id, index): [string, string] => [`inReplyTo.${index}`, id]),
  ];
  for (const [path, value] of identifiers) if (value !== undefined && hasNul(value)) issues.push({ path, message: NUL_REASON });
  if (issues.length > 0) throw new InvalidInboundMessage(issues);

  const cleaned = stripNulDeep(draft);
  const parsed = InboundMessageV1.safeParse({
    ...cleaned,
    messageId: PLACEHOLDER_ID,
    tenantId: account.tenantId,
    accountId: account.id,
    channel: account.channel,
  });
  if (!parsed.success) {
    throw new InvalidInboundMessage(
      parsed.error.issues.slice(0, 10).map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
    );
  }
  return cleaned;
}

function stripNulDeep<T>(value: T): T {
  if (typeof value === 'string') return stripNul(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => stripNulDeep(item)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, stripNulDeep(item)])) as T;
  return value;
}
