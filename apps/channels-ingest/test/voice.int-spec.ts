// Phone calls through Twilio Programmable Voice, against real Kafka and PostgreSQL: a local server
// plays Twilio's REST API and sends Twilio's signed webhooks to the URLs Garda's own TwiML names.
// tickets and routing are played by publishing their events (ConversationMessage, ContactAssigned).
import { randomInt, randomUUID } from 'node:crypto';
import { type TopicInput, type TopicName, Topics } from '@garda/contracts';
import { encodeEvent } from '@garda/messaging';
import { type RunningService, signAccessToken } from '@garda/service-kit';
import type { Producer } from 'kafkajs';
import { ChannelAccountsService } from '../src/accounts/channel-accounts.service';
import { fakeCallSid as callSid, FakeTwilioVoice, twimlAttribute, twimlText } from '@garda/testing';
import { integrationEnv, startChannelsIngest, TopicRecorder, waitFor } from './support';

jest.setTimeout(120_000);

const JWT_SECRET = 'channels-ingest-int-spec-jwt-secret';
const tenantId = randomUUID();
const accountSid = 'AC0123456789abcdef0123456789abcdef';
const authToken = 'voice-auth-token-0123456789abcdef';
const digits = (count: number) => Array.from({ length: count }, () => randomInt(10)).join('');
const ourNumber = `+1555${digits(7)}`;
const plainNumber = `+1555${digits(7)}`;
const agentPhone = '+6281234567890';
const agentId = randomUUID();

describe('phone calls through Twilio Programmable Voice (real Kafka + PostgreSQL, a local Twilio)', () => {
  let service: RunningService;
  const recorder = new TopicRecorder();
  let producer: Producer;
  const twilio = new FakeTwilioVoice(() => service.url, accountSid, authToken);

  beforeAll(async () => {
    await twilio.start();
    service = await startChannelsIngest(integrationEnv({ OUTBOUND_RETRY_BASE_MS: '50' }));
    const accounts = service.app.get(ChannelAccountsService);
    await accounts.upsert({
      id: `voice-${tenantId.slice(0, 8)}`,
      tenantId,
      channel: 'voice',
      displayName: 'Acme hotline',
      config: {
        accountSid,
        phoneNumber: ourNumber,
        apiBaseUrl: twilio.url,
        language: 'id',
        queue: 'support',
        menu: {
          options: [
            { digit: '1', queue: 'sales', label: { id: 'penjualan', en: 'sales' } },
            { digit: '2', queue: 'support', skill: 'english', language: 'en', label: { id: 'bahasa Inggris', en: 'English' } },
            { digit: '9', callback: true, label: { id: 'ditelepon kembali', en: 'a callback' } },
          ],
        },
        callbackOnAbandon: ['support'],
      },
      secrets: { authToken },
      addresses: [ourNumber],
    });
    await accounts.upsert({
      id: `voice-plain-${tenantId.slice(0, 8)}`,
      tenantId,
      channel: 'voice',
      displayName: 'Acme no-menu line',
      config: { accountSid, phoneNumber: plainNumber, apiBaseUrl: twilio.url, language: 'en', record: false },
      secrets: { authToken },
      addresses: [plainNumber],
    });
    await recorder.start([Topics.InboundMessage, Topics.CallEvent]);
    producer = recorder.producer();
    await producer.connect();
    const phone = await fetch(`${service.url}/voice/agents/me/phone`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${signAccessToken({ sub: agentId, tenantId, role: 'agent', name: 'Alice' }, JWT_SECRET)}`,
      },
      body: JSON.stringify({ phoneNumber: agentPhone }),
    });
    expect(phone.status).toBe(200);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await recorder.stop();
    await service?.close();
    await twilio.stop();
  });

  const publish = async <T extends TopicName>(topic: T, payload: TopicInput<T>, key: string) => {
    const record = encodeEvent(topic, payload, { tenantId, key, messageId: randomUUID() });
    await producer.send({ topic: record.topic, acks: -1, messages: [{ key: record.key, value: record.value, headers: record.headers }] });
  };
  const inboundFor = (text: string) => recorder.waitFor(Topics.InboundMessage, (m) => m.tenantId === tenantId && m.text === text);
  /** tickets threads the call's message: a new conversation. */
  const threaded = async (message: Record<string, unknown>) => {
    const conversationId = randomUUID();
    await publish(
      Topics.ConversationMessage,
      {
        tenantId,
        conversationId,
        ticketId: randomUUID(),
        customerId: randomUUID(),
        messageId: message.messageId as string,
        channel: 'voice',
        direction: 'inbound',
        authorType: 'customer',
        text: message.text as string,
        attachments: [],
        isNewConversation: true,
        createdAt: new Date().toISOString(),
      },
      conversationId,
    );
    return conversationId;
  };
  /** routing assigns the voice contact to the agent. */
  const assigned = (conversationId: string) =>
    publish(
      Topics.ContactAssigned,
      {
        tenantId,
        contactId: randomUUID(),
        conversationId,
        ticketId: randomUUID(),
        customerId: randomUUID(),
        agentId,
        queueId: randomUUID(),
        queueName: 'support',
        channel: 'voice',
        waitedSeconds: 12,
        assignedAt: new Date().toISOString(),
      },
      tenantId,
    );
  const callEvent = (conversationId: string, event: string) =>
    recorder.waitFor(Topics.CallEvent, (e) => e.conversationId === conversationId && e.event === event, `call event ${event}`);

  it('refuses an unsigned or wrongly signed call webhook with 403, and publishes nothing', async () => {
    const sid = callSid();
    const params = twilio.callParams(sid, '+6281111111111', ourNumber);
    expect((await twilio.webhook('/webhooks/twilio/voice', params, null)).status).toBe(403);
    expect((await twilio.webhook('/webhooks/twilio/voice', params, 'bm90IGEgc2lnbmF0dXJl')).status).toBe(403);
    const otherToken = new FakeTwilioVoice(() => service.url, accountSid, 'someone-elses-auth-token');
    expect((await otherToken.webhook('/webhooks/twilio/voice/status', { ...params, CallStatus: 'completed' })).status).toBe(403);
    expect((await twilio.webhook('/webhooks/twilio/voice', { ...params, CallSid: 'not-a-sid' })).status).toBe(400);
    expect((await twilio.webhook('/webhooks/twilio/voice', { ...params, To: '+10000000000' })).status).toBe(404);
    await recorder.caughtUp(Topics.InboundMessage);
    expect(recorder.on(Topics.InboundMessage, (m) => JSON.stringify(m).includes(sid))).toEqual([]);
  });

  it('a call from ring to hang-up: menu, queue, the agent’s phone rings on assignment, answered, ended with its duration and recording', async () => {
    const sid = callSid();
    const caller = '+6281222333444';
    const greeting = await twilio.webhook('/webhooks/twilio/voice', twilio.callParams(sid, caller, ourNumber));
    expect(greeting.status).toBe(200);
    expect(greeting.twiml).toContain('<Gather');
    expect(twimlText(greeting.twiml, 'Say')).toBe('Terima kasih telah menghubungi kami.');
    expect(greeting.twiml).toContain('Untuk penjualan, tekan 1. Untuk bahasa Inggris, tekan 2. Untuk ditelepon kembali, tekan 9.');

    // Key 2: English, the support queue, agents who speak English.
    const menuUrl = twimlAttribute(greeting.twiml, 'Gather', 'action')!;
    const hold = await twilio.webhook(menuUrl, twilio.callParams(sid, caller, ourNumber, { Digits: '2', CallStatus: 'in-progress' }));
    expect(hold.status).toBe(200);
    expect(twimlAttribute(hold.twiml, 'Say', 'language')).toBe('en-US');
    expect(twimlText(hold.twiml, 'Say')).toContain('Please stay on the line');
    const again = await twilio.webhook(
      twimlText(hold.twiml, 'Redirect')!,
      twilio.callParams(sid, caller, ourNumber, { CallStatus: 'in-progress' }),
    );
    expect(again.twiml).toContain('<Pause length="15"/>');

    const message = await inboundFor(`Incoming call from ${caller}`);
    expect(message.value).toMatchObject({
      channel: 'voice',
      sender: { identityType: 'phone', value: caller },
      queue: 'support',
      requiredSkills: [{ skill: 'english', minLevel: 1 }],
      threadKey: `voice-${tenantId.slice(0, 8)}:${sid}`,
    });

    const conversationId = await threaded(message.value);
    await callEvent(conversationId, 'queued');
    await assigned(conversationId);

    // The live call is redirected to a <Dial> of the agent's phone.
    const update = { twiml: await waitFor(() => twilio.updates(sid)[0], 'the call to be redirected') };
    expect(twimlText(update.twiml, 'Number')).toBe(agentPhone);
    expect(twimlAttribute(update.twiml, 'Dial', 'record')).toBe('record-from-answer-dual');
    expect((await callEvent(conversationId, 'connecting')).value).toMatchObject({ agentId, text: 'Ringing the agent' });

    const legUrl = twimlAttribute(update.twiml, 'Number', 'statusCallback')!;
    const agentLeg = callSid();
    await twilio.webhook(
      legUrl,
      twilio.callParams(agentLeg, caller, agentPhone, { ParentCallSid: sid, CallStatus: 'in-progress', Direction: 'outbound-dial' }),
    );
    expect((await callEvent(conversationId, 'answered')).value).toMatchObject({ text: 'Call answered by the agent', agentId });

    const recordingUrl = `${twilio.url}/2010-04-01/Accounts/${accountSid}/Recordings/RE${'a'.repeat(32)}`;
    await twilio.webhook(twimlAttribute(update.twiml, 'Dial', 'recordingStatusCallback')!, {
      AccountSid: accountSid,
      CallSid: sid,
      RecordingSid: `RE${'a'.repeat(32)}`,
      RecordingUrl: recordingUrl,
      RecordingStatus: 'completed',
      RecordingDuration: '190',
    });
    const ended = await twilio.webhook(
      twimlAttribute(update.twiml, 'Dial', 'action')!,
      twilio.callParams(sid, caller, ourNumber, { CallStatus: 'in-progress', DialCallStatus: 'completed', DialCallDuration: '192' }),
    );
    expect(ended.twiml).toContain('<Hangup/>');
    expect((await callEvent(conversationId, 'completed')).value).toMatchObject({
      text: 'Call ended after 3 min 12 s',
      durationSeconds: 192,
    });
    expect((await callEvent(conversationId, 'recording')).value).toMatchObject({ recordingUrl });

    // The number's status callback after the end changes nothing more.
    await twilio.webhook(
      '/webhooks/twilio/voice/status',
      twilio.callParams(sid, caller, ourNumber, { CallStatus: 'completed', CallDuration: '230' }),
    );
    await recorder.caughtUp(Topics.CallEvent);
    const kinds = recorder.on(Topics.CallEvent, (e) => e.conversationId === conversationId).map((e) => e.value.event);
    expect(kinds).toEqual(['ringing', 'queued', 'connecting', 'answered', 'recording', 'completed']);
    expect(twilio.updates(sid)).toHaveLength(1);
  });

  it('a caller who hangs up in the queue is abandoned and gets a callback that rings the agent, then the customer', async () => {
    const sid = callSid();
    const caller = '+6281333444555';
    const greeting = await twilio.webhook('/webhooks/twilio/voice', twilio.callParams(sid, caller, ourNumber));
    // No key pressed: the default queue (support, which calls back on abandon).
    const hold = await twilio.webhook(
      twimlText(greeting.twiml, 'Redirect')!,
      twilio.callParams(sid, caller, ourNumber, { CallStatus: 'in-progress' }),
    );
    expect(twimlText(hold.twiml, 'Say')).toBe('Kami akan menghubungkan Anda dengan agen berikutnya.');
    const message = await inboundFor(`Incoming call from ${caller}`);
    const conversationId = await threaded(message.value);
    await callEvent(conversationId, 'queued');

    await twilio.webhook(
      '/webhooks/twilio/voice/status',
      twilio.callParams(sid, caller, ourNumber, { CallStatus: 'completed', CallDuration: '41' }),
    );
    expect((await callEvent(conversationId, 'abandoned')).value.text).toMatch(/^Caller hung up after waiting \d+ s$/);
    // A repeated status callback arranges no second callback.
    await twilio.webhook(
      '/webhooks/twilio/voice/status',
      twilio.callParams(sid, caller, ourNumber, { CallStatus: 'completed', CallDuration: '41' }),
    );

    const callback = await recorder.waitFor(
      Topics.InboundMessage,
      (m) => m.tenantId === tenantId && String(m.text).startsWith(`Callback requested by ${caller}`),
      'the callback contact',
    );
    expect(callback.value).toMatchObject({ channel: 'voice', queue: 'support', sender: { identityType: 'phone', value: caller } });
    expect(callback.value.text).toContain('missed call');
    const callbackConversation = await threaded(callback.value);
    await callEvent(callbackConversation, 'callback-requested');
    await assigned(callbackConversation);

    const placed = await waitFor(() => twilio.placed().find((form) => (form.get('Twiml') ?? '').includes(caller)), 'the callback call');
    expect(placed.get('To')).toBe(agentPhone);
    expect(placed.get('From')).toBe(ourNumber);
    expect(twimlText(placed.get('Twiml')!, 'Number')).toBe(caller);
    expect(twimlAttribute(placed.get('Twiml')!, 'Dial', 'callerId')).toBe(ourNumber);
    expect((await callEvent(callbackConversation, 'connecting')).value.text).toBe(`Calling the agent, then ${caller}`);
    await recorder.caughtUp(Topics.InboundMessage);
    expect(recorder.on(Topics.InboundMessage, (m) => String(m.text).startsWith(`Callback requested by ${caller}`))).toHaveLength(1);
  });

  it('key 9 asks for a callback instead of waiting', async () => {
    const sid = callSid();
    const caller = '+6281444555666';
    const greeting = await twilio.webhook('/webhooks/twilio/voice', twilio.callParams(sid, caller, ourNumber));
    const answer = await twilio.webhook(
      twimlAttribute(greeting.twiml, 'Gather', 'action')!,
      twilio.callParams(sid, caller, ourNumber, { Digits: '9', CallStatus: 'in-progress' }),
    );
    expect(twimlText(answer.twiml, 'Say')).toBe('Terima kasih. Kami akan menelepon Anda kembali secepatnya. Sampai jumpa.');
    expect(answer.twiml).toContain('<Hangup/>');
    const callback = await recorder.waitFor(
      Topics.InboundMessage,
      (m) => String(m.text) === `Callback requested by ${caller}: asked for a callback in the phone menu`,
    );
    expect(callback.value.queue).toBe('support');
  });

  it('a line without a menu queues the call at once, and an agent without a phone number means an apology and a callback', async () => {
    const sid = callSid();
    const caller = '+6281555666777';
    const answer = await twilio.webhook('/webhooks/twilio/voice', twilio.callParams(sid, caller, plainNumber));
    expect(twimlText(answer.twiml, 'Say')).toBe('Thank you for calling.');
    expect(answer.twiml).toContain('All our agents are helping other customers');
    const message = await inboundFor(`Incoming call from ${caller}`);
    expect(message.value.queue).toBeUndefined();
    const conversationId = await threaded(message.value);
    // Bob has set no phone number.
    await publish(
      Topics.ContactAssigned,
      {
        tenantId,
        contactId: randomUUID(),
        conversationId,
        ticketId: randomUUID(),
        customerId: randomUUID(),
        agentId: randomUUID(),
        queueId: randomUUID(),
        queueName: 'support',
        channel: 'voice',
        waitedSeconds: 3,
        assignedAt: new Date().toISOString(),
      },
      tenantId,
    );
    const apology = { twiml: await waitFor(() => twilio.updates(sid)[0], 'the apology') };
    expect(twimlText(apology.twiml, 'Say')).toBe('Sorry, we could not reach an agent. We will call you back as soon as we can.');
    expect((await callEvent(conversationId, 'agent-unreachable')).value.text).toBe(
      'The call could not be connected: the agent has no phone number for calls',
    );
    await recorder.waitFor(
      Topics.InboundMessage,
      (m) => String(m.text) === `Callback requested by ${caller}: the agent could not be reached`,
    );
  });
});
