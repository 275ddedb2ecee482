import { type CanActivate, createParamDecorator, type ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { bearerToken } from '@garda/service-kit';
import { type ChannelAccount, ChannelAccountsService } from '../accounts/channel-accounts.service';
import { assertNoNulParam } from '../inbound/nul-characters';
import { type WebchatSession, SessionTokens } from './session-token';
import { assertMayEmbed } from './webchat-origins';

interface WebchatRequest {
  params: { accountId?: string };
  headers: Record<string, string | undefined>;
  webchat?: { account: ChannelAccount; session: WebchatSession };
}

/**
 * Web-chat routes are public to Garda users but not to strangers: the account must exist (404) and
 * the visitor must hold a session token issued for it (401), on a site the account allows (403).
 * Runs before the body is validated.
 */
@Injectable()
export class WebchatSessionGuard implements CanActivate {
  constructor(
    @Inject(ChannelAccountsService) private readonly accounts: ChannelAccountsService,
    @Inject(SessionTokens) private readonly tokens: SessionTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<WebchatRequest>();
    // Guards run before parameter pipes, so the path is checked here too.
    const account = await this.accounts.findByIdOrThrow(assertNoNulParam('accountId', request.params.accountId), 'webchat');
    const session = this.tokens.verify(bearerToken(request.headers.authorization), account.id);
    if (!session || session.tenantId !== account.tenantId) throw new UnauthorizedException('A valid web-chat session token is required');
    assertMayEmbed(account, request.headers.origin);
    request.webchat = { account, session };
    return true;
  }
}

export const WebchatContext = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<WebchatRequest>().webchat!,
);
