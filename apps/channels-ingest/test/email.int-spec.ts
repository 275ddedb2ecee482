// E-mail against real Kafka and PostgreSQL, speaking real SMTP: mail sent with nodemailer to the
// listener becomes an InboundMessage (threaded by Message-ID / In-Reply-To / References); auto
// replies and bounces open nothing; agents' replies leave through an SMTP relay with threading headers.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DeliveryStatusV1, InboundMessageV1, type OutboundMessageV1, Topics } from '@garda/contracts';
import { encodeEvent } from '@garda/messaging';
import { queryRows, signAccessToken, type RunningService } from '@garda/service-kit';
import type { Producer } from 'kafkajs';
import { type ParsedMail, simpleParser } from 'mailparser';
import { createTransport, type SendMailOptions } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { SmtpListener } from '../src/providers/email/smtp-listener';
import { accountIds, createProviderAccounts, supportAddress, tenantId } from './accounts';
import { integrationEnv, startChannelsIngest, TopicRecorder, waitFor } from './support';
import { z } from 'zod';

jest.setTimeout(120_000);

describe('e-mail over real SMTP (real Kafka + PostgreSQL)', () => {
  let service: RunningService;
  let smtpPort: number;
  const recorder = new TopicRecorder();
  let producer: Producer;
  const relayed: Array<{ envelopeTo: string[]; mail: ParsedMail }> = [];
  // The relay's answers per recipient: busy.* is temporarily refused (451) once, gone.* always (550).
  const rcptAttempts = new Map<string, number>();
  const relay = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const attempt = (rcptAttempts.get(address.address) ?? 0) + 1;
      rcptAttempts.set(address.address, attempt);
      if (address.address.startsWith('busy.') && attempt === 1)
        return callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
      if (address.address.startsWith('gone.')) return callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          relayed.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const relayPort = (relay.server.address() as AddressInfo).port;
    service = await startChannelsIngest(
      integrationEnv({ SMTP_ENABLED: 'true', SMTP_PORT: '0', SMTP_HOST: '127.0.0.1', OUTBOUND_RETRY_BASE_MS: '20' }),
    );
    smtpPort = service.app.get(SmtpListener).port!;
    await createProviderAccounts(service, 'http://127.0.0.1:1', { host: '127.0.0.1', port: relayPort });
    await recorder.start([Topics.InboundMessage, Topics.DeliveryStatus]);
    producer = recorder.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await recorder.stop();
    await service?.close();
    await new Promise<void>((resolve) => relay.close(() => resolve()));
  });

  const customer = 'Maria Lopez <maria.lopez@customer.example>';
  const send = (options: SendMailOptions, envelope?: { from: string; to: string[] }) =>
    createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true }).sendMail({
      from: customer,
      to: supportAddress,
      ...options,
      ...(envelope ? { envelope } : {}),
    });
  const inboundWith = (messageId: string) => recorder.on(Topics.InboundMessage, (value) => value.providerMessageId === messageId);
  const waitInbound = async (messageId: string) =>
    InboundMessageV1.parse((await waitFor(() => inboundWith(messageId)[0], `e-mail ${messageId}`)).value);
  const sentinel = async () => {
    const messageId = `<sentinel.${randomUUID()}@customer.example>`;
    await send({ subject: 'sentinel', text: 'sentinel', messageId });
    await waitInbound(messageId);
  };

  it('turns a MIME message into one InboundMessage with text, subject and attachment metadata', async () => {
    const messageId = `<first.${randomUUID()}@customer.example>`;
    await send({
      subject: 'Broken kettle',
      text: 'My kettle stopped working after two days.',
      html: '<p>My kettle stopped working after two days.</p>',
      messageId,
      attachments: [{ filename: 'receipt.pdf', content: Buffer.alloc(2048, 1), contentType: 'application/pdf' }],
    });
    const message = await waitInbound(messageId);
    expect(message).toMatchObject({
      tenantId,
      channel: 'email',
      accountId: accountIds.email,
      providerMessageId: messageId,
      threadKey: `${accountIds.email}:${messageId}`,
      sender: { identityType: 'email', value: 'maria.lopez@customer.example', displayName: 'Maria Lopez' },
      text: 'My kettle stopped working after two days.',
      subject: 'Broken kettle',
      topic: supportAddress,
      attachments: [{ kind: 'file', filename: 'receipt.pdf', mimeType: 'application/pdf', sizeBytes: 2048 }],
    });
    const [raw] = await queryRows(
      service.runtime.dataSource,
      z.object({ content_type: z.string(), text: z.string() }),
      `SELECT "content_type", convert_from("payload", 'UTF8') AS "text" FROM "channels_ingest"."inbound_raw" WHERE "id" = $1`,
      [message.rawPayloadRef!.split('/').pop()],
    );
    expect(raw.content_type).toBe('message/rfc822');
    expect(raw.text).toContain('Subject: Broken kettle');

    await send({ subject: 'Broken kettle', text: 'My kettle stopped working after two days.', messageId });
    await sentinel();
    expect(inboundWith(messageId)).toHaveLength(1);
  });

  it('refuses mail for an address no account owns', async () => {
    await expect(send({ to: 'nobody@acme.example', subject: 'hi', text: 'hi' })).rejects.toMatchObject({ responseCode: 550 });
  });

  it('keeps auto-replies and bounces from opening anything', async () => {
    const autoReply = `<auto.${randomUUID()}@customer.example>`;
    const bounce = `<bounce.${randomUUID()}@mx.customer.example>`;
    const vacation = `<vacation.${randomUUID()}@customer.example>`;
    await send({ subject: 'Out of office', text: 'I am away', messageId: autoReply, headers: { 'Auto-Submitted': 'auto-replied' } });
    await send({ subject: 'On holiday', text: 'I am away', messageId: vacation, headers: { 'X-Autoreply': 'yes' } });
    await send(
      {
        from: 'Mail Delivery System <MAILER-DAEMON@mx.customer.example>',
        subject: 'Undelivered Mail Returned to Sender',
        text: 'could not be delivered',
        messageId: bounce,
      },
      { from: '', to: [supportAddress] },
    );
    await sentinel();
    expect([...inboundWith(autoReply), ...inboundWith(bounce), ...inboundWith(vacation)]).toHaveLength(0);
  });

  const sendReply = async (to: string, text: string) => {
    const reply: OutboundMessageV1 = {
      tenantId,
      messageId: randomUUID(),
      conversationId: randomUUID(),
      channel: 'email',
      accountId: accountIds.email,
      threadKey: `${accountIds.email}:<${randomUUID()}@customer.example>`,
      recipient: { identityType: 'email', value: to },
      text,
      attachments: [],
      subject: 'Your order',
      threadProviderIds: [],
      createdAt: new Date().toISOString(),
    };
    const record = encodeEvent(Topics.OutboundMessage, reply, { tenantId, key: reply.threadKey, messageId: reply.messageId });
    await producer.send({ topic: record.topic, acks: -1, messages: [{ key: record.key, value: record.value, headers: record.headers }] });
    return reply;
  };
  const statusOf = async (messageId: string) =>
    DeliveryStatusV1.parse((await recorder.waitFor(Topics.DeliveryStatus, (value) => value.messageId === messageId)).value);

  it('retries a reply the relay refuses for now (4xx), and it is sent', async () => {
    const to = `busy.${randomUUID()}@customer.example`;
    const reply = await sendReply(to, 'Sent on the second try.');
    expect((await statusOf(reply.messageId)).status).toBe('sent');
    expect(rcptAttempts.get(to)).toBe(2);
    expect(relayed.filter((item) => item.envelopeTo.includes(to))).toHaveLength(1);
  });

  it('fails a reply the relay refuses for good (5xx) at once, with the relay’s code (its words stay in the logs)', async () => {
    const to = `gone.${randomUUID()}@customer.example`;
    const reply = await sendReply(to, 'This address does not exist.');
    const status = await statusOf(reply.messageId);
    expect(status.status).toBe('failed');
    expect(status.error).toBe('SMTP delivery failed: the SMTP relay answered 550');
    expect(rcptAttempts.get(to)).toBe(1);
  });

  it('replies with threading headers, and the customer’s answer lands in the same thread', async () => {
    const original = `<order.${randomUUID()}@customer.example>`;
    await send({ subject: 'Where is order 1042?', text: 'It has been a week.', messageId: original });
    const first = await waitInbound(original);

    const reply: OutboundMessageV1 = {
      tenantId,
      messageId: randomUUID(),
      conversationId: randomUUID(),
      channel: 'email',
      accountId: accountIds.email,
      threadKey: first.threadKey,
      recipient: { identityType: 'email', value: 'maria.lopez@customer.example' },
      text: 'It ships tomorrow.',
      attachments: [],
      authorName: 'Alice Agent',
      subject: 'Where is order 1042?',
      threadProviderIds: [original],
      createdAt: new Date().toISOString(),
    };
    const record = encodeEvent(Topics.OutboundMessage, reply, { tenantId, key: reply.threadKey, messageId: reply.messageId });
    await producer.send({ topic: record.topic, acks: -1, messages: [{ key: record.key, value: record.value, headers: record.headers }] });

    const status = DeliveryStatusV1.parse(
      (await recorder.waitFor(Topics.DeliveryStatus, (value) => value.messageId === reply.messageId)).value,
    );
    expect(status.status).toBe('sent');
    const out = await waitFor(() => relayed.find((item) => item.mail.text?.includes('It ships tomorrow.')), 'the reply at the relay');
    expect(out.envelopeTo).toEqual(['maria.lopez@customer.example']);
    expect(out.mail.from?.value[0]).toEqual({ address: supportAddress, name: 'Acme Support' });
    expect(out.mail.subject).toBe('Re: Where is order 1042?');
    expect(out.mail.inReplyTo).toBe(original);
    expect(out.mail.references).toBe(original);
    expect(out.mail.messageId).toBe(status.providerMessageId);

    // Her mail client answers our reply: In-Reply-To is our Message-ID, References the chain.
    const answer = `<answer.${randomUUID()}@customer.example>`;
    await send({
      subject: 'Re: Where is order 1042?',
      text: 'Great, thanks!',
      messageId: answer,
      inReplyTo: out.mail.messageId,
      references: [original, out.mail.messageId!],
    });
    const threaded = await waitInbound(answer);
    expect(threaded.threadKey).toBe(first.threadKey);
    expect(threaded.inReplyTo).toEqual([out.mail.messageId, original]);
  });
  it('replies in HTML with the agent’s sanitised signature, copies and an inline image, with a plain-text alternative', async () => {
    const agentId = randomUUID();
    const agentToken = signAccessToken(
      { sub: agentId, tenantId, role: 'agent', name: 'Alice Agent' },
      'channels-ingest-int-spec-jwt-secret',
    );
    const saved = await fetch(`${service.url}/email-signatures/me`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${agentToken}` },
      body: JSON.stringify({ html: '<p><b>Alice Agent</b> · Acme Support<script>alert(1)</script></p>' }),
    });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ html: '<p><b>Alice Agent</b> · Acme Support</p>' });
    const tooLong = await fetch(`${service.url}/email-signatures/me`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${agentToken}` },
      body: JSON.stringify({ html: 'x'.repeat(10_001) }),
    });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('html');

    const uploaded = await fetch(`${service.url}/media`, {
      method: 'POST',
      headers: { 'content-type': 'image/png', 'x-filename': 'label.png', authorization: `Bearer ${agentToken}` },
      body: Buffer.from(PNG, 'base64'),
    });
    expect(uploaded.status).toBe(201);
    const image = (await uploaded.json()) as { mediaId: string };

    const reply: OutboundMessageV1 = {
      tenantId,
      messageId: randomUUID(),
      conversationId: randomUUID(),
      channel: 'email',
      accountId: accountIds.email,
      threadKey: `${accountIds.email}:<html.${randomUUID()}@customer.example>`,
      recipient: { identityType: 'email', value: 'maria.lopez@customer.example' },
      text: 'Hello Maria,\n\nhere is your <return> label.',
      attachments: [{ kind: 'image', mediaId: image.mediaId, inline: true }],
      authorId: agentId,
      authorName: 'Alice Agent',
      cc: ['manager@customer.example'],
      subject: 'Your return',
      threadProviderIds: [],
      createdAt: new Date().toISOString(),
    };
    const record = encodeEvent(Topics.OutboundMessage, reply, { tenantId, key: reply.threadKey, messageId: reply.messageId });
    await producer.send({ topic: record.topic, acks: -1, messages: [{ key: record.key, value: record.value, headers: record.headers }] });
    const out = await waitFor(() => relayed.find((item) => item.mail.subject === 'Your return'), 'the HTML reply at the relay');
    expect(out.envelopeTo.sort()).toEqual(['manager@customer.example', 'maria.lopez@customer.example']);
    expect(out.mail.cc).toMatchObject({ value: [{ address: 'manager@customer.example' }] });
    expect(out.mail.text).toBe('Hello Maria,\n\nhere is your <return> label.\n\n[label.png]\n\n-- \nAlice Agent · Acme Support');
    const html = String(out.mail.html);
    expect(html).toContain('<p>here is your &lt;return&gt; label.</p>');
    expect(html).toContain('<b>Alice Agent</b> · Acme Support');
    expect(html).not.toContain('script');
    const [inline] = out.mail.attachments;
    expect(inline).toMatchObject({ contentType: 'image/png', filename: 'label.png', contentDisposition: 'inline' });
    // The mail client resolves the body's cid: reference to that part (mailparser inlines it as a data URI).
    expect(inline!.cid).toBe(`${image.mediaId}@garda`);
    expect(html).toContain(`<img src="data:image/png;base64,${PNG}" alt="label.png"`);
    expect(inline!.content.equals(Buffer.from(PNG, 'base64'))).toBe(true);
  });
});

/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
