import { DemoTenant } from '@garda/demo-tenant';
import { fakeCallSid, FakeTwilioVoice, twimlAttribute, twimlText } from '@garda/testing';
import { AgentClient, login, waitUntil, WebChatCustomer } from './support/actors';
import { Platform } from './support/platform';

const alice = DemoTenant.agents[0];
const accountSid = 'AC0123456789abcdef0123456789abcdef';
const authToken = 'e2e-voice-auth-token';
const ourNumber = '+622150001000';
const alicePhone = '+6281200000001';

/**
 * Phone calls on the real services (separate processes), a real Kafka broker and PostgreSQL, with a
 * local server playing Twilio: a call rings, waits as a `voice` contact, is offered to Alice, rings
 * her phone, is answered and ended, and she wraps it up; while she is on the call, routing offers
 * her no chat (voice capacity 1, a call blocks other channels). A caller who hangs up while waiting
 * is abandoned and gets a callback, which routing offers like any contact.
 */
describe('phone calls from ring to wrap-up, and a missed call’s callback', () => {
  const platform = new Platform();
  const twilio = new FakeTwilioVoice(() => platform.url('channels-ingest'), accountSid, authToken);
  let agent: AgentClient;
  const tokens = { alice: '', admin: '' };
  const customers: WebChatCustomer[] = [];

  const api = async (method: 'GET' | 'POST' | 'PUT', url: string, token: string, body?: unknown) => {
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as Record<string, unknown> };
  };
  const conversation = (id: string) =>
    api('GET', `${platform.url('gateway')}/conversations/${id}`, tokens.alice).then((response) => response.body as Record<string, unknown>);
  const systemTexts = async (id: string) =>
    ((await conversation(id)).messages as Array<{ authorType: string; text: string }>)
      .filter((m) => m.authorType === 'system')
      .map((m) => m.text);

  beforeAll(async () => {
    await twilio.start();
    await platform.start();
    tokens.alice = (await login(platform.url('gateway'), alice.email)).token;
    tokens.admin = (await login(platform.url('gateway'), DemoTenant.admin.email)).token;
    const account = await api('PUT', `${platform.url('channels-ingest')}/channel-accounts/demo-phone`, tokens.admin, {
      channel: 'voice',
      displayName: 'Demo hotline',
      config: { accountSid, phoneNumber: ourNumber, apiBaseUrl: twilio.url, language: 'en', queue: 'support', callbackOnAbandon: true },
      secrets: { authToken },
    });
    expect(account.status).toBe(200);
    expect(
      (await api('PUT', `${platform.url('channels-ingest')}/voice/agents/me/phone`, tokens.alice, { phoneNumber: alicePhone })).status,
    ).toBe(200);
    agent = new AgentClient(platform.url('gateway'), tokens.alice);
    await agent.connected();
    await agent.goAvailable();
  }, 180_000);

  afterAll(async () => {
    agent?.close();
    customers.forEach((customer) => customer.close());
    await platform.stop();
    await twilio.stop();
  });

  it('routes a call to Alice, rings her phone, shows the call on the ticket and keeps chats away until she wraps up', async () => {
    const sid = fakeCallSid();
    const caller = '+6281300000001';
    const answer = await twilio.webhook('/webhooks/twilio/voice', twilio.callParams(sid, caller, ourNumber));
    expect(answer.status).toBe(200);
    expect(twimlText(answer.twiml, 'Say')).toBe('Thank you for calling.');

    const offer = await agent.waitFor('offer:new', (o) => o.channel === 'voice' && o.preview === `Incoming call from ${caller}`, 60_000);
    expect(offer.payload).toMatchObject({ agentId: alice.id, queueName: 'support' });
    const conversationId = offer.payload.conversationId as string;
    await agent.send('offer:accept', { contactId: offer.payload.contactId as string });
    await agent.waitFor('contact:assigned', (a) => a.conversationId === conversationId);

    const dial = await waitUntil(() => twilio.updates(sid)[0], 30_000, 'the call redirected to Alice');
    expect(twimlText(dial, 'Number')).toBe(alicePhone);
    await twilio.webhook(
      twimlAttribute(dial, 'Number', 'statusCallback')!,
      twilio.callParams(fakeCallSid(), caller, alicePhone, { ParentCallSid: sid, CallStatus: 'in-progress', Direction: 'outbound-dial' }),
    );
    await agent.waitFor('conversation:message', (m) => m.conversationId === conversationId && m.text === 'Call answered by the agent');

    // On the call: a chat customer writes, and routing does not offer the chat to Alice (cross-channel rule).
    const customer = new WebChatCustomer(platform.url('channels-ingest'));
    customers.push(customer);
    await customer.open({ name: 'Chatty', email: `chatty.${Date.now()}@example.com`, topic: 'support' });
    await customer.say('Is anybody there while you are on the phone?');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(agent.count('offer:new', (o) => o.preview === 'Is anybody there while you are on the phone?')).toBe(0);

    await twilio.webhook(
      twimlAttribute(dial, 'Dial', 'action')!,
      twilio.callParams(sid, caller, ourNumber, { CallStatus: 'in-progress', DialCallStatus: 'completed', DialCallDuration: '75' }),
    );
    await twilio.webhook(twimlAttribute(dial, 'Dial', 'recordingStatusCallback')!, {
      AccountSid: accountSid,
      CallSid: sid,
      RecordingSid: `RE${'b'.repeat(32)}`,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${accountSid}/Recordings/RE${'b'.repeat(32)}`,
      RecordingStatus: 'completed',
      RecordingDuration: '74',
    });
    await waitUntil(async () => (await systemTexts(conversationId)).length >= 6, 30_000, 'the call on the ticket');
    expect(await systemTexts(conversationId)).toEqual([
      `Call from ${caller} to ${ourNumber}`,
      'Waiting for an agent in the queue support',
      'Ringing the agent',
      'Call answered by the agent',
      'Call ended after 1 min 15 s',
      expect.stringMatching(/^Call recording \(1 min 14 s\): https:\/\/api\.twilio\.com\//),
    ]);

    // Wrap-up frees the voice capacity: now the waiting chat is offered to her.
    const closed = await api('POST', `${platform.url('gateway')}/conversations/${conversationId}/close`, tokens.alice, {
      disposition: 'Resolved',
    });
    expect(closed.status).toBe(201);
    await agent.waitFor('offer:new', (o) => o.preview === 'Is anybody there while you are on the phone?', 60_000);
  });

  it('a caller who hangs up while waiting is abandoned, and the callback is offered to Alice and rings her, then the caller', async () => {
    await agent.send('agent:set-state', { state: 'away', reason: 'break' });
    await agent.waitFor('agent:status', (status) => status.state === 'away');
    const sid = fakeCallSid();
    const caller = '+6281300000002';
    await twilio.webhook('/webhooks/twilio/voice', twilio.callParams(sid, caller, ourNumber));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await twilio.webhook(
      '/webhooks/twilio/voice/status',
      twilio.callParams(sid, caller, ourNumber, { CallStatus: 'completed', CallDuration: '20' }),
    );

    await agent.goAvailable();
    const offer = await agent.waitFor(
      'offer:new',
      (o) => o.channel === 'voice' && String(o.preview).startsWith(`Callback requested by ${caller}`),
      60_000,
    );
    expect(String(offer.payload.preview)).toContain('missed call');
    await agent.send('offer:accept', { contactId: offer.payload.contactId as string });
    const placed = await waitUntil(
      () => twilio.placed().find((form) => (form.get('Twiml') ?? '').includes(caller)),
      30_000,
      'the callback call',
    );
    expect(placed.get('To')).toBe(alicePhone);
    expect(twimlText(placed.get('Twiml')!, 'Number')).toBe(caller);

    // The missed call's own conversation ended as abandoned, with what happened on it.
    const missed = await waitUntil(
      async () => {
        const list = await api('GET', `${platform.url('gateway')}/conversations?status=all`, tokens.admin);
        const found = (list.body as unknown as Array<Record<string, unknown>>).find((c) => String(c.threadKey).endsWith(sid));
        return found && found.status === 'closed' ? found : undefined;
      },
      30_000,
      'the missed call closed',
    );
    const detail = await api('GET', `${platform.url('gateway')}/conversations/${missed.id as string}`, tokens.admin);
    expect((detail.body.ticket as { disposition: string }).disposition).toBe('abandoned');
    expect((detail.body.messages as Array<{ text: string }>).map((m) => m.text)).toContainEqual(
      expect.stringMatching(/^Caller hung up after waiting/),
    );
  });
});
