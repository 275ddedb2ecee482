import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Body, Controller, Get, Header, Headers, HttpCode, Inject, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import socketIoClientPackage from 'socket.io-client/package.json';
import { ClientIp, Public, zodBody } from '@garda/service-kit';
import { ChannelAccountsService } from '../accounts/channel-accounts.service';
import type { ChannelAccount } from '../accounts/channel-accounts.service';
import { NoNulParam } from '../inbound/nul-characters';
import type { WebchatSession } from './session-token';
import { PostMessageBody, StartSessionBody } from './webchat.schemas';
import { WebchatService } from './webchat.service';
import { WebchatContext, WebchatSessionGuard } from './webchat-session.guard';
import { assertMayEmbed } from './webchat-origins';
import { assertOfferedTopic, topicsOf } from './webchat-topics';
import { demoPageLanguage, renderDemoPage } from './widget/demo-page';
import { WIDGET_SCRIPT } from './widget/widget-script';

let socketIoClientScript: string | undefined;
/** Served from our own origin so embedding the widget needs no third-party CDN. */
// The package's exports map hides the minified build, so it is found next to its package.json.
// (The static import above also makes the production build list socket.io-client as a run-time dependency.)
const loadSocketIoClient = () =>
  (socketIoClientScript ??= readFileSync(
    join(dirname(require.resolve('socket.io-client/package.json')), 'dist', 'socket.io.min.js'),
    'utf8',
  ));

/**
 * The web-chat visitor's HTTP side. Public to Garda's JWT guard: visitors prove themselves with
 * the session token this controller issues (see WebchatSessionGuard).
 */
@ApiTags('webchat')
@Public()
@Controller('webchat')
export class WebchatController {
  constructor(
    @Inject(ChannelAccountsService) private readonly accounts: ChannelAccountsService,
    @Inject(WebchatService) private readonly webchat: WebchatService,
  ) {}

  // Loaded by <script> tags on the tenants' own sites: the default same-origin resource policy would block it.
  @Get('widget.js')
  @Header('Content-Type', 'application/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  widget(): string {
    return WIDGET_SCRIPT;
  }

  @Get('socket.io.js')
  @Header('Content-Type', 'application/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  @Header('X-Socket-IO-Client-Version', socketIoClientPackage.version)
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  socketIoClient(): string {
    return loadSocketIoClient();
  }

  /** A page with the widget embedded, for people trying it out and for browser tests; in ?lang= or the browser's language. */
  @Get('demo')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Vary', 'Accept-Language')
  @Header(
    'Content-Security-Policy',
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
  )
  demo(
    @Res({ passthrough: true }) response: Response,
    @Query('account') account?: string,
    @Query('lang') lang?: string,
    @Headers('accept-language') acceptLanguage?: string,
  ): string {
    // frame-ancestors 'self' says it (X-Frame-Options: DENY would contradict it in older browsers).
    response.removeHeader('X-Frame-Options');
    const language = demoPageLanguage(typeof lang === 'string' ? lang : undefined, acceptLanguage);
    return renderDemoPage(account && /^[\w.:-]{1,200}$/.test(account) ? account : 'demo-web', language);
  }

  /** What the widget shows before a session exists: the account's name, greeting and topics. */
  @Get(':accountId/config')
  async config(@Param('accountId', NoNulParam) accountId: string) {
    const account = await this.accounts.findByIdOrThrow(accountId, 'webchat');
    // Only the names: where a topic routes is the account's business, not the visitor's.
    const topics = topicsOf(account).map((topic) => topic.name);
    const greeting = typeof account.config.greeting === 'string' ? account.config.greeting : undefined;
    return { accountId: account.id, displayName: account.displayName, topics, greeting };
  }

  @Post(':accountId/sessions')
  async startSession(
    @Param('accountId', NoNulParam) accountId: string,
    @Body(zodBody(StartSessionBody)) body: StartSessionBody,
    @ClientIp() address: string,
    @Headers('origin') origin?: string,
  ) {
    const account = await this.accounts.findByIdOrThrow(accountId, 'webchat');
    assertMayEmbed(account, origin);
    assertOfferedTopic(account, body.topic);
    return this.webchat.startSession(account, body, address);
  }

  @Post(':accountId/messages')
  @HttpCode(202)
  @UseGuards(WebchatSessionGuard)
  async postMessage(
    @WebchatContext() context: { account: ChannelAccount; session: WebchatSession },
    @Body(zodBody(PostMessageBody)) body: PostMessageBody,
    @ClientIp() address: string,
  ) {
    return this.webchat.postMessage(context.account, context.session, body, address);
  }

  /** The session's conversation so far, so a reloaded page picks up where it left off. */
  @Get(':accountId/messages')
  @UseGuards(WebchatSessionGuard)
  async history(@WebchatContext() context: { account: ChannelAccount; session: WebchatSession }) {
    const session = context.session;
    return { sessionId: session.sessionId, name: session.name, messages: await this.webchat.history(session) };
  }
}
