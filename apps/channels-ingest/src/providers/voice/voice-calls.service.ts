import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type CallEventKind, CallEventV1, type ContactAssignedV1, type ConversationMessageV1, Topics } from '@garda/contracts';
import { type TransactionContext, UnitOfWork } from '@garda/messaging';
import { CONFIG, LOGGER, type Logger, OutboundGuard } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { type ChannelAccount, ChannelAccountsService } from '../../accounts/channel-accounts.service';
import { settingsOf } from '../../accounts/channel-config';
import { type ChannelsIngestConfig, publicBaseUrl } from '../../channels-ingest.config';
import { RETRY_POLICY, type RetryPolicy } from '../../delivery/http-delivery';
import { InboundPublisher } from '../../inbound/inbound-publisher';
import { hangup, redirect, say, twiml, type TwimlNode } from './twiml';
import { TwilioVoiceApi } from './twilio-voice-api';
import type { VoiceAccountConfig, VoiceLanguage, VoiceMenuOption } from './voice-config';
import { type VoiceCall, VoiceCallsRepository } from './voice-calls.repository';
import { formatDuration, holdMessage, menuPrompt, SAY_LANGUAGE, voiceText } from './voice-texts';
import { ENDED_STATUSES, type TwilioRecordingCallback, type TwilioVoiceRequest } from './voice-webhook.schemas';

type Tx = Pick<TransactionContext, 'manager' | 'publish'>;
/** Twilio's answer to creating a call: the new call's SID. */
const PlacedCall = z.object({ sid: z.string().regex(/^CA[0-9a-fA-F]{32}$/) });
type Route = { queue: string | null; requiredSkills: Array<{ skill: string; minLevel: number }>; language: VoiceLanguage };

/** The Voice SDK identity of an agent: Twilio allows letters, digits and underscores. */
export const browserIdentity = (agentId: string) => `agent_${agentId.replace(/-/g, '')}`;

/** A stable uuid for a call's event kind, so a repeated Twilio callback names the same event. */
const eventIdOf = (callId: string, kind: CallEventKind) => {
  const hex = createHash('sha256').update(`${callId}:${kind}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/**
 * Phone calls through Twilio Programmable Voice (docs/channels.md, "Phone"; ADR 0039). A call is
 * answered with TwiML, may pass a one-key menu, then waits on a hold loop while Garda's routing
 * finds an agent for its `voice` contact; on assignment the live call is redirected (REST) to a
 * <Dial> of the agent's phone or browser. Every step is kept as a call event and published for the
 * call's conversation once tickets has threaded it. A caller who hangs up while waiting is
 * abandoned and, per queue, gets a callback: a new voice contact that, once an agent accepts it,
 * rings the agent and then the customer.
 */
@Injectable()
export class VoiceCalls {
  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ChannelAccountsService) private readonly accounts: ChannelAccountsService,
    @Inject(InboundPublisher) private readonly inbound: InboundPublisher,
    @Inject(CONFIG) private readonly config: ChannelsIngestConfig,
    @Inject(RETRY_POLICY) private readonly retryPolicy: RetryPolicy,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(OutboundGuard) private readonly guard: OutboundGuard,
  ) {}

  // ---- webhooks (answered with TwiML) ----

  /** "A call comes in": greet, then the menu or straight to the queue. */
  async incoming(account: ChannelAccount, request: TwilioVoiceRequest): Promise<string> {
    const { config } = settingsOf('voice', account);
    const { call } = await this.unitOfWork.run(async (tx) => {
      const result = await new VoiceCallsRepository(tx.manager).insert({
        id: randomUUID(),
        tenantId: account.tenantId,
        accountId: account.id,
        direction: 'inbound',
        callSid: request.CallSid,
        customerNumber: request.From,
        status: config.menu ? 'ivr' : 'queued',
        language: config.language,
        queue: config.queue ?? null,
        requiredSkills: [],
        threadKey: `${account.id}:${request.CallSid}`,
      });
      if (result.created) await this.addEvent(tx, result.call, 'ringing', `Call from ${request.From} to ${request.To}`);
      return result;
    });
    const language = call.language;
    const greeting = say(voiceText(config, language, 'greeting', config.greeting), SAY_LANGUAGE[language]);
    if (config.menu) {
      const menuUrl = this.url('menu', account);
      return twiml(
        {
          verb: 'Gather',
          attributes: { input: 'dtmf', numDigits: 1, timeout: config.menu.timeoutSeconds, action: menuUrl, method: 'POST' },
          children: [greeting, say(menuPrompt(config, language) ?? '', SAY_LANGUAGE[language])],
        },
        // No key pressed: Gather falls through to here, and the call goes to the default queue.
        redirect(menuUrl),
      );
    }
    await this.enqueue(account, call, { queue: config.queue ?? null, requiredSkills: [], language });
    return twiml(greeting, ...this.holdVerbs(account, config, language, 0));
  }

  /** The caller pressed a key (or none): a queue, a language, or a callback instead of waiting. */
  async menuChoice(account: ChannelAccount, request: TwilioVoiceRequest): Promise<string> {
    const { config } = settingsOf('voice', account);
    const call = await this.callOf(request.CallSid);
    if (!call) return twiml(hangup());
    const option: VoiceMenuOption | undefined = config.menu?.options.find((candidate) => candidate.digit === request.Digits);
    const language = option?.language ?? call.language;
    const route: Route = {
      queue: option?.queue ?? config.queue ?? null,
      requiredSkills: option?.skill ? [{ skill: option.skill, minLevel: option.minLevel ?? 1 }] : [],
      language,
    };
    if (option?.callback) {
      await this.unitOfWork.run(async (tx) => {
        const repository = new VoiceCallsRepository(tx.manager);
        const ended = await repository.update(call.id, { status: 'completed', endedAt: new Date(), ...route });
        await this.requestCallback(tx, account, {
          customerNumber: call.customer_number,
          route,
          reason: 'asked for a callback in the phone menu',
          sourceCallId: ended.id,
        });
      });
      return twiml(say(voiceText(config, language, 'callbackConfirmed'), SAY_LANGUAGE[language]), hangup());
    }
    if (call.status === 'ivr') await this.enqueue(account, call, route);
    const intro = option ? [] : [say(voiceText(config, language, 'noChoice'), SAY_LANGUAGE[language])];
    return twiml(...intro, ...this.holdVerbs(account, config, language, 0));
  }

  /** The hold loop: a message, music (or a pause), and back here for the next message. */
  async hold(account: ChannelAccount, request: TwilioVoiceRequest, turn: number): Promise<string> {
    const { config } = settingsOf('voice', account);
    const call = await this.callOf(request.CallSid);
    if (!call || (call.status !== 'queued' && call.status !== 'connecting')) return twiml(hangup());
    return twiml(...this.holdVerbs(account, config, call.language, turn));
  }

  /** The call's status changed (number's status callback, or ours on calls Garda placed). */
  async statusChanged(account: ChannelAccount, request: TwilioVoiceRequest): Promise<void> {
    if (!ENDED_STATUSES.has(request.CallStatus)) return;
    await this.unitOfWork.run(async (tx) => {
      const repository = new VoiceCallsRepository(tx.manager);
      const call = await repository.bySid(request.CallSid, true);
      if (!call) return;
      const endedAt = new Date();
      const duration = request.CallDuration ?? 0;
      if (call.status === 'ivr' || call.status === 'queued') {
        const waited = Math.max(0, Math.round((endedAt.getTime() - call.created_at.getTime()) / 1000));
        const abandoned = await repository.update(call.id, { status: 'abandoned', endedAt, durationSeconds: duration });
        await this.addEvent(tx, abandoned, 'abandoned', `Caller hung up after waiting ${formatDuration(waited)}`, {
          durationSeconds: duration,
        });
        if (call.status === 'queued' && this.callsBackOnAbandon(settingsOf('voice', account).config, call.queue)) {
          await this.requestCallback(tx, account, {
            customerNumber: call.customer_number,
            route: { queue: call.queue, requiredSkills: call.required_skills, language: call.language },
            reason: `missed call, hung up after ${formatDuration(waited)} in the queue`,
            sourceCallId: call.id,
          });
        }
        return;
      }
      if (call.status === 'connecting' && call.direction === 'callback' && request.CallStatus !== 'completed') {
        const failed = await repository.update(call.id, { status: 'failed', endedAt });
        await this.addEvent(tx, failed, 'agent-unreachable', `The agent's phone did not answer the callback (${request.CallStatus})`, {
          agentId: call.agent_id ?? undefined,
        });
        return;
      }
      if (call.status === 'completed' || call.status === 'abandoned' || call.status === 'failed') return;
      const completed = await repository.update(call.id, { status: 'completed', endedAt, durationSeconds: duration });
      await this.addEvent(tx, completed, 'completed', `Call ended after ${formatDuration(duration)}`, {
        durationSeconds: duration,
        agentId: call.agent_id ?? undefined,
      });
    });
  }

  /** The other leg (the agent's, or the customer's on a callback) answered. */
  async legAnswered(request: TwilioVoiceRequest): Promise<void> {
    if (request.CallStatus !== 'in-progress' || !request.ParentCallSid) return;
    await this.unitOfWork.run(async (tx) => {
      const repository = new VoiceCallsRepository(tx.manager);
      const call = await repository.bySid(request.ParentCallSid!, true);
      if (!call || call.status !== 'connecting') return;
      const answered = await repository.update(call.id, { status: 'in-progress', answeredAt: new Date() });
      const text = call.direction === 'callback' ? 'The customer answered the callback' : 'Call answered by the agent';
      await this.addEvent(tx, answered, 'answered', text, { agentId: call.agent_id ?? undefined });
    });
  }

  /** The <Dial> to the agent (or, on a callback, to the customer) ended. */
  async dialEnded(account: ChannelAccount, request: TwilioVoiceRequest): Promise<string> {
    const { config } = settingsOf('voice', account);
    const reached = request.DialCallStatus === 'completed' || request.DialCallStatus === 'answered';
    const language = await this.unitOfWork.run(async (tx) => {
      const repository = new VoiceCallsRepository(tx.manager);
      const call = await repository.bySid(request.CallSid, true);
      if (!call) return config.language;
      if (reached) {
        const talked = request.DialCallDuration ?? 0;
        const completed = await repository.update(call.id, { status: 'completed', endedAt: new Date(), durationSeconds: talked });
        await this.addEvent(tx, completed, 'completed', `Call ended after ${formatDuration(talked)}`, {
          durationSeconds: talked,
          agentId: call.agent_id ?? undefined,
        });
        return call.language;
      }
      const failed = await repository.update(call.id, { status: 'failed', endedAt: new Date() });
      if (call.direction === 'callback') {
        await this.addEvent(
          tx,
          failed,
          'completed',
          `The customer did not answer the callback (${request.DialCallStatus ?? 'no answer'})`,
          {
            agentId: call.agent_id ?? undefined,
          },
        );
        return call.language;
      }
      await this.addEvent(tx, failed, 'agent-unreachable', `The agent did not answer (${request.DialCallStatus ?? 'no answer'})`, {
        agentId: call.agent_id ?? undefined,
      });
      await this.requestCallback(tx, account, {
        customerNumber: call.customer_number,
        route: { queue: call.queue, requiredSkills: call.required_skills, language: call.language },
        reason: 'the agent could not be reached',
        sourceCallId: call.id,
      });
      return call.language;
    });
    if (reached) return twiml(hangup());
    return twiml(say(voiceText(config, language, 'agentUnreachable'), SAY_LANGUAGE[language]), hangup());
  }

  async recordingReady(recording: TwilioRecordingCallback): Promise<void> {
    if (recording.RecordingStatus !== 'completed') return;
    await this.unitOfWork.run(async (tx) => {
      const repository = new VoiceCallsRepository(tx.manager);
      const call = await repository.bySid(recording.CallSid, true);
      if (!call) return;
      const withRecording = await repository.update(call.id, { recordingUrl: recording.RecordingUrl });
      const length = recording.RecordingDuration === undefined ? '' : ` (${formatDuration(recording.RecordingDuration)})`;
      await this.addEvent(tx, withRecording, 'recording', `Call recording${length}: ${recording.RecordingUrl}`, {
        recordingUrl: recording.RecordingUrl,
        durationSeconds: recording.RecordingDuration,
      });
    });
  }

  // ---- the event stream ----

  /** tickets threaded the call's message: publish what happened so far, and connect if already assigned. */
  async conversationThreaded(message: ConversationMessageV1, tx: Tx): Promise<void> {
    if (message.channel !== 'voice' || message.direction !== 'inbound' || message.authorType !== 'customer') return;
    const call = await new VoiceCallsRepository(tx.manager).mapConversation(message.tenantId, message.messageId, message.conversationId);
    if (!call) return;
    await this.flushEvents(tx, call);
    await this.connectIfAssigned(tx, call);
  }

  /** routing assigned a voice contact: ring the agent once the call and its conversation are known. */
  async contactAssigned(event: ContactAssignedV1, tx: Tx): Promise<void> {
    if (event.channel !== 'voice') return;
    const repository = new VoiceCallsRepository(tx.manager);
    await repository.saveAssignment({
      conversation_id: event.conversationId,
      tenant_id: event.tenantId,
      contact_id: event.contactId,
      agent_id: event.agentId,
      assignedAt: new Date(event.assignedAt),
    });
    const call = await repository.byConversation(event.tenantId, event.conversationId);
    if (call) await this.connectIfAssigned(tx, call);
  }

  /** A callback task: a voice contact (via the normal inbound path) that rings an agent, then the customer. */
  async requestCallback(
    tx: Tx,
    account: ChannelAccount,
    request: { customerNumber: string; customerName?: string; route: Route; reason: string; sourceCallId?: string },
  ): Promise<VoiceCall> {
    const repository = new VoiceCallsRepository(tx.manager);
    const id = randomUUID();
    const { call, created } = await repository.insert({
      id,
      tenantId: account.tenantId,
      accountId: account.id,
      direction: 'callback',
      callSid: null,
      customerNumber: request.customerNumber,
      status: 'callback-pending',
      language: request.route.language,
      queue: request.route.queue,
      requiredSkills: request.route.requiredSkills,
      threadKey: `${account.id}:callback:${id}`,
      sourceCallId: request.sourceCallId,
    });
    if (!created) return call;
    const text = `Callback requested by ${request.customerNumber}: ${request.reason}`;
    await this.addEvent(tx, call, 'callback-requested', text);
    // Published through the same transaction, so the callback exists exactly when this change commits.
    const messageId = await this.inbound.acceptIn(tx, account, {
      providerMessageId: `callback:${call.id}`,
      threadKey: call.thread_key,
      sender: {
        identityType: 'phone',
        value: request.customerNumber,
        ...(request.customerName ? { displayName: request.customerName } : {}),
      },
      text,
      ...(request.route.queue ? { queue: request.route.queue } : {}),
      ...(request.route.requiredSkills.length > 0 ? { requiredSkills: request.route.requiredSkills } : {}),
      receivedAt: new Date().toISOString(),
    });
    return repository.update(call.id, { inboundMessageId: messageId });
  }

  // ---- internals ----

  private async enqueue(account: ChannelAccount, call: VoiceCall, route: Route): Promise<void> {
    await this.inbound.accept(
      account,
      {
        providerMessageId: `call:${call.call_sid ?? call.id}`,
        threadKey: call.thread_key,
        sender: { identityType: 'phone', value: call.customer_number },
        text: `Incoming call from ${call.customer_number}`,
        ...(route.queue ? { queue: route.queue } : {}),
        ...(route.requiredSkills.length > 0 ? { requiredSkills: route.requiredSkills } : {}),
        receivedAt: new Date().toISOString(),
      },
      async (manager, messageId) => {
        const queued = await new VoiceCallsRepository(manager).update(call.id, {
          status: 'queued',
          inboundMessageId: messageId,
          queue: route.queue,
          requiredSkills: route.requiredSkills,
          language: route.language,
        });
        await this.addEvent({ manager }, queued, 'queued', `Waiting for an agent${route.queue ? ` in the queue ${route.queue}` : ''}`);
      },
    );
  }

  private async connectIfAssigned(tx: Tx, call: VoiceCall): Promise<void> {
    if (!call.conversation_id) return;
    const repository = new VoiceCallsRepository(tx.manager);
    const assignment = await repository.assignmentOf(call.tenant_id, call.conversation_id);
    if (!assignment || assignment.contact_id === call.contact_id) return;
    if (call.status !== 'queued' && call.status !== 'callback-pending') {
      await repository.update(call.id, { agentId: assignment.agent_id, contactId: assignment.contact_id });
      return;
    }
    const account = await this.accounts.findById(call.account_id, 'voice');
    if (!account) return;
    const { config, secrets } = settingsOf('voice', account);
    const api = new TwilioVoiceApi(config, secrets.authToken, this.retryPolicy, this.guard);
    const target = await this.agentTarget(repository, config, call, assignment.agent_id);
    const claimed = await repository.update(call.id, { agentId: assignment.agent_id, contactId: assignment.contact_id });
    if (!target) {
      await this.unreachable(tx, account, claimed, 'the agent has no phone number for calls', api);
      return;
    }
    const outcome =
      call.direction === 'inbound'
        ? await api.updateCall(call.call_sid!, twiml(this.dialVerb(account, config, target)))
        : await api.createCall({
            to: target.kind === 'phone' ? target.value : `client:${target.value}`,
            twiml: twiml(
              say(`Callback to ${call.customer_number}`, SAY_LANGUAGE[call.language]),
              this.dialVerb(account, config, { kind: 'phone', value: call.customer_number }, config.phoneNumber),
            ),
            statusCallback: this.url('status', account),
            timeoutSeconds: config.agentRingSeconds,
          });
    if (!outcome.ok) {
      this.logger.warn({ callId: call.id, error: outcome.error }, 'connecting a call to its agent failed');
      await this.addEvent(
        tx,
        claimed,
        'agent-unreachable',
        `The call could not be connected to the agent: ${outcome.error}`.slice(0, 2000),
        {
          agentId: assignment.agent_id,
        },
      );
      return;
    }
    const placedSid = call.direction === 'callback' ? PlacedCall.safeParse(outcome.body).data?.sid : undefined;
    const connecting = await repository.update(call.id, {
      status: 'connecting',
      ...(typeof placedSid === 'string' ? { callSid: placedSid } : {}),
    });
    const text = call.direction === 'callback' ? `Calling the agent, then ${call.customer_number}` : 'Ringing the agent';
    await this.addEvent(tx, connecting, 'connecting', text, { agentId: assignment.agent_id });
  }

  /** No way to reach the agent: the caller hears so and gets a callback; the agent's desk shows why. */
  private async unreachable(tx: Tx, account: ChannelAccount, call: VoiceCall, reason: string, api: TwilioVoiceApi): Promise<void> {
    const { config } = settingsOf('voice', account);
    await this.addEvent(tx, call, 'agent-unreachable', `The call could not be connected: ${reason}`, {
      agentId: call.agent_id ?? undefined,
    });
    if (call.direction !== 'inbound' || !call.call_sid) return;
    await new VoiceCallsRepository(tx.manager).update(call.id, { status: 'failed', endedAt: new Date() });
    await api.updateCall(
      call.call_sid,
      twiml(say(voiceText(config, call.language, 'agentUnreachable'), SAY_LANGUAGE[call.language]), hangup()),
    );
    await this.requestCallback(tx, account, {
      customerNumber: call.customer_number,
      route: { queue: call.queue, requiredSkills: call.required_skills, language: call.language },
      reason: 'the agent could not be reached',
      sourceCallId: call.id,
    });
  }

  private async agentTarget(
    repository: VoiceCallsRepository,
    config: VoiceAccountConfig,
    call: VoiceCall,
    agentId: string,
  ): Promise<{ kind: 'phone' | 'browser'; value: string } | undefined> {
    if (config.agentConnection === 'browser') return { kind: 'browser', value: browserIdentity(agentId) };
    const phone = await repository.agentPhone(call.tenant_id, agentId);
    return phone ? { kind: 'phone', value: phone } : undefined;
  }

  /** <Dial> with the other leg's answer reported to /leg, the end to /dial, and the recording to /recording. */
  private dialVerb(
    account: ChannelAccount,
    config: VoiceAccountConfig,
    target: { kind: 'phone' | 'browser'; value: string },
    callerId?: string,
  ): TwimlNode {
    const leg = { statusCallback: this.url('leg', account), statusCallbackEvent: 'answered completed', statusCallbackMethod: 'POST' };
    return {
      verb: 'Dial',
      attributes: {
        action: this.url('dial', account),
        method: 'POST',
        timeout: config.agentRingSeconds,
        callerId,
        ...(config.record
          ? {
              record: 'record-from-answer-dual',
              recordingStatusCallback: this.url('recording', account),
              recordingStatusCallbackMethod: 'POST',
            }
          : {}),
      },
      children: [{ verb: target.kind === 'phone' ? 'Number' : 'Client', attributes: leg, children: [target.value] }],
    };
  }

  private holdVerbs(account: ChannelAccount, config: VoiceAccountConfig, language: VoiceLanguage, turn: number): TwimlNode[] {
    return [
      say(holdMessage(config, language, turn), SAY_LANGUAGE[language]),
      config.holdMusicUrl
        ? { verb: 'Play', children: [config.holdMusicUrl] }
        : { verb: 'Pause', attributes: { length: config.holdPauseSeconds } },
      redirect(this.url('hold', account, { turn: String(turn + 1) })),
    ];
  }

  private callsBackOnAbandon(config: VoiceAccountConfig, queue: string | null): boolean {
    const setting = config.callbackOnAbandon;
    return setting === true || (Array.isArray(setting) && queue !== null && setting.includes(queue));
  }

  private async callOf(callSid: string): Promise<VoiceCall | undefined> {
    return new VoiceCallsRepository(this.dataSource.manager).bySid(callSid);
  }

  /** Our webhook URLs carry the account, so legs whose numbers are not ours still find it (and Twilio signs the query). */
  url(
    path: 'menu' | 'hold' | 'status' | 'dial' | 'leg' | 'recording',
    account: ChannelAccount,
    query: Record<string, string> = {},
  ): string {
    const base = publicBaseUrl(this.config) ?? '';
    return `${base}/webhooks/twilio/voice/${path}?${new URLSearchParams({ account: account.id, ...query }).toString()}`;
  }

  /** Keeps the event once per call and kind, and publishes it when the call's conversation is known. */
  private async addEvent(
    tx: Pick<Tx, 'manager'> & Partial<Pick<Tx, 'publish'>>,
    call: VoiceCall,
    kind: CallEventKind,
    text: string,
    extra: Partial<Pick<CallEventV1, 'agentId' | 'durationSeconds' | 'recordingUrl'>> = {},
  ): Promise<void> {
    const payload: Omit<CallEventV1, 'conversationId'> = {
      tenantId: call.tenant_id,
      accountId: call.account_id,
      callSid: call.call_sid ?? `callback:${call.id}`,
      eventId: eventIdOf(call.id, kind),
      event: kind,
      direction: call.direction,
      text,
      ...Object.fromEntries(Object.entries(extra).filter(([, value]) => value !== undefined)),
      at: new Date().toISOString(),
    };
    const added = await new VoiceCallsRepository(tx.manager).addEvent(call.id, payload.eventId, kind, payload);
    if (added && tx.publish) await this.flushEvents({ manager: tx.manager, publish: tx.publish }, call);
  }

  private async flushEvents(tx: Tx, call: VoiceCall): Promise<void> {
    if (!call.conversation_id) return;
    for (const event of await new VoiceCallsRepository(tx.manager).takeUnpublishedEvents(call.id)) {
      const payload = CallEventV1.parse({ ...event.payload, conversationId: call.conversation_id });
      await tx.publish(Topics.CallEvent, payload, {
        tenantId: call.tenant_id,
        key: call.conversation_id,
        messageId: `call-event:${event.id}`,
      });
    }
  }
}
