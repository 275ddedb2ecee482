import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ChannelAccount } from '../accounts/channel-accounts.service';
import { withAttachmentViews } from '../attachments/webchat-attachment-views';
import { MediaService } from '../attachments/media.service';
import { InboundPublisher } from '../inbound/inbound-publisher';
import { InvalidInputError } from '@garda/service-kit';
import { normaliseWebchatMessage } from './normalise-webchat-message';
import type { WebchatSession } from './session-token';
import { SessionTokens } from './session-token';
import { routeOfTopic } from './webchat-topics';
import type { PostMessageBody, StartSessionBody, WebchatMessageView } from './webchat.schemas';
import { WebchatLimits } from './webchat-limits';
import { WebchatAcceptGate } from './accept-gate';
import { WebchatTranscriptEntity } from './webchat-transcript.entity';

const HISTORY_LIMIT = 200;

@Injectable()
export class WebchatService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SessionTokens) private readonly tokens: SessionTokens,
    @Inject(InboundPublisher) private readonly inbound: InboundPublisher,
    @Inject(MediaService) private readonly media: MediaService,
    @Inject(WebchatLimits) private readonly limits: WebchatLimits,
    @Inject(WebchatAcceptGate) private readonly gate: WebchatAcceptGate,
  ) {}

  /**
   * A new visitor session; the token carries the pre-chat answers so every message can cite them.
   * Refused with RateLimitedError (429) when `fromAddress` started too many sessions this hour.
   */
  async startSession(account: ChannelAccount, form: StartSessionBody, fromAddress: string): Promise<{ sessionId: string; token: string }> {
    await this.limits.sessionsPerAddress.consume(fromAddress);
    const sessionId = randomUUID();
    const token = this.tokens.sign({ accountId: account.id, tenantId: account.tenantId, sessionId, ...form });
    return { sessionId, token };
  }

  /**
   * Accepts a visitor's message once; a retry with the same clientMessageId returns the same id.
   * Refused with RateLimitedError (429) past the session's or the source address's allowance, and
   * when this replica already accepts as many as it can (AcceptGate: 429 with Retry-After, at once).
   */
  async postMessage(
    account: ChannelAccount,
    session: WebchatSession,
    body: PostMessageBody,
    fromAddress: string,
    now = new Date(),
  ): Promise<{ messageId: string }> {
    return this.gate.run(() => this.accept(account, session, body, fromAddress, now));
  }

  private async accept(
    account: ChannelAccount,
    session: WebchatSession,
    body: PostMessageBody,
    fromAddress: string,
    now: Date,
  ): Promise<{ messageId: string }> {
    await this.limits.messagesPerSession.consume(session.sessionId);
    await this.limits.messagesPerAddress.consume(fromAddress);
    const draft = {
      ...normaliseWebchatMessage(session, body, now),
      ...routeOfTopic(account, session.topic),
      attachments: await this.sessionFiles(
        account,
        session,
        body.attachments.map((attachment) => attachment.mediaId),
      ),
    };
    const { messageId } = await this.inbound.accept(account, draft, async (manager, newMessageId, prepared) => {
      await manager.getRepository(WebchatTranscriptEntity).insert({
        tenantId: account.tenantId,
        accountId: account.id,
        sessionId: session.sessionId,
        messageId: newMessageId,
        direction: 'inbound',
        text: prepared.text,
        attachments: prepared.attachments ?? [],
        authorName: prepared.sender.displayName ?? null,
        createdAt: now,
      });
    });
    return { messageId };
  }

  async history(session: WebchatSession): Promise<WebchatMessageView[]> {
    const rows = await this.dataSource.getRepository(WebchatTranscriptEntity).find({
      where: { tenantId: session.tenantId, sessionId: session.sessionId },
      order: { id: 'DESC' },
      take: HISTORY_LIMIT,
    });
    return rows
      .reverse()
      .map((row) => withAttachmentViews(toView(row), this.media, session.tenantId, session.sessionId, row.attachments ?? []));
  }

  /** Only files this session uploaded may go on its messages. */
  private async sessionFiles(account: ChannelAccount, session: WebchatSession, ids: string[]) {
    const unique = [...new Set(ids)];
    // Most messages carry no file: no query for them.
    if (unique.length === 0) return [];
    const found = (await this.media.findMany(account.tenantId, unique)).filter((media) => media.webchat_session_id === session.sessionId);
    if (found.length !== unique.length) throw new InvalidInputError('attachments', 'name only files this chat uploaded');
    return unique.map((id) => this.media.describe(found.find((media) => media.id === id)!));
  }
}

export function toView(row: WebchatTranscriptEntity): WebchatMessageView {
  return {
    messageId: row.messageId,
    text: row.text,
    authorName: row.authorName ?? undefined,
    direction: row.direction,
    createdAt: row.createdAt.toISOString(),
  };
}
