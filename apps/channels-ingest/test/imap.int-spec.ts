// Existing mailboxes read over IMAP, against a real IMAP server (GreenMail, from Maven Central via
// deploy/local/greenmail.cjs), real Kafka and real PostgreSQL: mail delivered to the mailbox over
// SMTP becomes InboundMessages threaded as SMTP mail is, each message once, from one replica at a time.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { InboundMessageV1, Topics } from '@garda/contracts';
import { queryRows, signAccessToken, type RunningService } from '@garda/service-kit';
import { ImapFlow } from 'imapflow';
import { createTransport, type SendMailOptions } from 'nodemailer';
import { ImapPoller } from '../src/providers/email/imap/imap-poller';
import { integrationEnv, startChannelsIngest, TopicRecorder, waitFor } from './support';
import { z } from 'zod';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startGreenMail } = require(path.join(__dirname, '../../../deploy/local/greenmail.cjs')) as {
  startGreenMail: (options: {
    users: Array<{ email: string; password: string }>;
  }) => Promise<{ host: string; imapPort: number; smtpPort: number; stop: () => Promise<void> }>;
};

jest.setTimeout(180_000);

const JWT_SECRET = 'channels-imap-int-spec-jwt-secret';
const tenantId = randomUUID();
const short = tenantId.slice(0, 8);
const mailbox = { email: `support-${short}@acme.example`, password: 'app-password-1' };
const pollingMailbox = { email: `billing-${short}@acme.example`, password: 'app-password-2' };
const customer = 'Maria Lopez <maria.lopez@customer.example>';

describe('existing mailboxes over IMAP (GreenMail, real Kafka + PostgreSQL)', () => {
  let greenmail: Awaited<ReturnType<typeof startGreenMail>>;
  let first: RunningService;
  let second: RunningService | undefined;
  const recorder = new TopicRecorder();
  const admin = () => signAccessToken({ sub: randomUUID(), tenantId, role: 'admin', name: 'Ada' }, JWT_SECRET);
  // Both replicas share the key that opens the accounts' secrets, as replicas of one deployment do.
  const sharedEnv = integrationEnv({ JWT_SECRET, IMAP_SCAN_SECONDS: '1', IMAP_LEASE_SECONDS: '6' });
  const env = () => ({ ...sharedEnv });
  const put = (service: RunningService, id: string, body: unknown) =>
    fetch(`${service.url}/channel-accounts/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin()}` },
      body: JSON.stringify(body),
    });
  const imapAccount = (address: string, imap: Record<string, unknown>, secrets?: Record<string, string>) => ({
    channel: 'email',
    displayName: `Mailbox ${address}`,
    config: {
      addresses: [address],
      fromAddress: address,
      smtp: { host: greenmail.host, port: greenmail.smtpPort },
      inbound: 'imap',
      imap: { host: greenmail.host, port: greenmail.imapPort, secure: false, user: address, ...imap },
    },
    ...(secrets ? { secrets } : {}),
  });
  const deliver = (to: string, options: SendMailOptions) =>
    createTransport({ host: greenmail.host, port: greenmail.smtpPort, secure: false, ignoreTLS: true }).sendMail({
      from: customer,
      to,
      ...options,
    });
  const inbound = (messageId: string) => recorder.on(Topics.InboundMessage, (value) => value.providerMessageId === messageId);
  const waitInbound = async (messageId: string, timeoutMs = 60_000) =>
    InboundMessageV1.parse((await waitFor(() => inbound(messageId)[0], `e-mail ${messageId}`, timeoutMs)).value);
  /** The mailbox as its owner sees it in their mail client. */
  const asOwner = async <T>(account: { email: string; password: string }, look: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({
      host: greenmail.host,
      port: greenmail.imapPort,
      secure: false,
      auth: { user: account.email, pass: account.password },
      logger: false,
    });
    await client.connect();
    try {
      await client.mailboxOpen('INBOX');
      return await look(client);
    } finally {
      await client.logout();
    }
  };
  const mailboxRow = async (accountId: string) =>
    (
      await queryRows(
        (second ?? first).runtime.dataSource,
        z.object({
          uid_validity: z.string().nullable(),
          last_uid: z.string(),
          lease_holder: z.string().nullable(),
          last_error: z.string().nullable(),
        }),
        `SELECT "uid_validity", "last_uid", "lease_holder", "last_error" FROM "channels_ingest"."imap_mailbox" WHERE "account_id" = $1`,
        [accountId],
      )
    )[0];

  const accountId = `imap-${short}`;

  beforeAll(async () => {
    greenmail = await startGreenMail({ users: [mailbox, pollingMailbox] });
    first = await startChannelsIngest(env());
    await recorder.start([Topics.InboundMessage]);
  });

  afterAll(async () => {
    await recorder.stop();
    await second?.close();
    await first?.close();
    await greenmail?.stop();
  });

  it('refuses IMAP settings it could not use with a 400 naming the field, and keeps the password write-only', async () => {
    const invalid: Array<[unknown, string]> = [
      [{ ...imapAccount(mailbox.email, {}), config: { ...imapAccount(mailbox.email, {}).config, imap: undefined } }, 'config.imap'],
      [imapAccount(mailbox.email, {}), 'secrets.imapPassword'],
      [imapAccount(mailbox.email, { port: 70000 }, { imapPassword: 'x' }), 'config.imap.port'],
      [imapAccount(mailbox.email, { auth: 'oauth2' }, { oauthRefreshToken: 'r' }), 'config.imap.oauth2'],
      [
        imapAccount(mailbox.email, { auth: 'oauth2', oauth2: { clientId: 'garda' } }, { oauthRefreshToken: 'r' }),
        'config.imap.oauth2.tokenUrl',
      ],
      [imapAccount(mailbox.email, { auth: 'oauth2', oauth2: { provider: 'google', clientId: 'garda' } }), 'secrets.oauthRefreshToken'],
    ];
    for (const [body, field] of invalid) {
      const response = await put(first, `bad-${short}`, body);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(field);
    }
    const listed = await fetch(`${first.url}/channel-accounts`, { headers: { authorization: `Bearer ${admin()}` } });
    expect(JSON.stringify(await listed.json())).not.toContain(`bad-${short}`);
  });

  it('takes the unread mail already in the mailbox and new mail pushed by IDLE, threaded, marked read, each message once', async () => {
    const waiting = `<waiting.${randomUUID()}@customer.example>`;
    const alreadyRead = `<read.${randomUUID()}@customer.example>`;
    await deliver(mailbox.email, { subject: 'Old and handled', text: 'Read long ago.', messageId: alreadyRead });
    await deliver(mailbox.email, { subject: 'Broken kettle', text: 'My kettle stopped working.', messageId: waiting });
    await asOwner(mailbox, async (client) => {
      const [uid] = (await client.search({ subject: 'Old and handled' }, { uid: true })) || [];
      await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    });

    // An hour between polls: anything that arrives after the first read can only come through IDLE.
    const created = await put(first, accountId, imapAccount(mailbox.email, { pollSeconds: 3600 }, { imapPassword: mailbox.password }));
    expect(created.status).toBe(200);
    const saved = JSON.stringify(await created.json());
    expect(saved).toContain('imapPassword');
    expect(saved).not.toContain(mailbox.password);

    const message = await waitInbound(waiting);
    expect(message).toMatchObject({
      tenantId,
      channel: 'email',
      accountId,
      threadKey: `${accountId}:${waiting}`,
      sender: { identityType: 'email', value: 'maria.lopez@customer.example', displayName: 'Maria Lopez' },
      subject: 'Broken kettle',
      text: 'My kettle stopped working.',
      topic: mailbox.email,
    });

    const reply = `<reply.${randomUUID()}@customer.example>`;
    await deliver(mailbox.email, {
      subject: 'Re: Broken kettle',
      text: 'Any news?',
      messageId: reply,
      inReplyTo: waiting,
      references: [waiting],
      attachments: [{ filename: 'kettle.png', content: Buffer.from(PNG, 'base64'), contentType: 'image/png' }],
    });
    const answer = await waitInbound(reply);
    expect(answer.threadKey).toBe(message.threadKey);
    // The file travels inside the message: stored, so the desk can show it.
    expect(answer.attachments).toEqual([
      expect.objectContaining({ kind: 'image', mimeType: 'image/png', filename: 'kettle.png', mediaId: expect.any(String) }),
    ]);

    expect(inbound(alreadyRead)).toHaveLength(0);
    const unseen = await asOwner(mailbox, async (client) => (await client.search({ seen: false }, { uid: true })) || []);
    expect(unseen).toEqual([]);
    const row = await mailboxRow(accountId);
    expect(row).toMatchObject({ uid_validity: expect.any(String), last_error: null });
    expect(Number(row!.last_uid)).toBeGreaterThanOrEqual(3);

    // The cursor writes after the already-read message were lost (a crash between publishing and
    // saving them): those messages are read again, and the Message-ID dedupe publishes nothing twice.
    const readUid = await asOwner(
      mailbox,
      async (client) => ((await client.search({ subject: 'Old and handled' }, { uid: true })) || [])[0],
    );
    await first.runtime.dataSource.query(`UPDATE "channels_ingest"."imap_mailbox" SET "last_uid" = $2 WHERE "account_id" = $1`, [
      accountId,
      readUid,
    ]);
    const next = `<next.${randomUUID()}@customer.example>`;
    await deliver(mailbox.email, { subject: 'Another thing', text: 'Also the toaster.', messageId: next });
    await waitInbound(next);
    await recorder.caughtUp(Topics.InboundMessage);
    expect(inbound(waiting)).toHaveLength(1);
    expect(inbound(reply)).toHaveLength(1);
    expect(inbound(alreadyRead)).toHaveLength(0);

    const status = await fetch(`${first.url}/channel-accounts/${accountId}/mailbox`, { headers: { authorization: `Bearer ${admin()}` } });
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ accountId, readingNow: true, lastError: null });
  });

  it('polls a mailbox when IDLE is turned off', async () => {
    const id = `imap-poll-${short}`;
    const created = await put(
      first,
      id,
      imapAccount(pollingMailbox.email, { useIdle: false, pollSeconds: 5 }, { imapPassword: pollingMailbox.password }),
    );
    expect(created.status).toBe(200);
    await waitFor(async () => ((await mailboxRow(id))?.uid_validity ? true : undefined), 'the first read of the polled mailbox');
    const messageId = `<polled.${randomUUID()}@customer.example>`;
    await deliver(pollingMailbox.email, { subject: 'Invoice question', text: 'Why twice?', messageId });
    expect(await waitInbound(messageId)).toMatchObject({ accountId: id, topic: pollingMailbox.email });
  });

  it('says why a mailbox cannot be read: a refresh token the provider revoked', async () => {
    const requests: URLSearchParams[] = [];
    const tokenEndpoint: Server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        requests.push(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_grant' }));
      });
    });
    await new Promise<void>((resolve) => tokenEndpoint.listen(0, '127.0.0.1', resolve));
    try {
      const id = `imap-oauth-${short}`;
      const tokenUrl = `http://127.0.0.1:${(tokenEndpoint.address() as AddressInfo).port}/token`;
      const created = await put(
        first,
        id,
        imapAccount(
          `oauth-${short}@acme.example`,
          { auth: 'oauth2', oauth2: { clientId: 'garda-client', tokenUrl, scope: 'https://mail.example/imap' } },
          { oauthRefreshToken: 'revoked-refresh-token', oauthClientSecret: 'client-secret' },
        ),
      );
      expect(created.status).toBe(200);
      const status = await waitFor(async () => {
        const response = await fetch(`${first.url}/channel-accounts/${id}/mailbox`, { headers: { authorization: `Bearer ${admin()}` } });
        const body = (await response.json()) as { lastError: string | null };
        return body.lastError ? body : undefined;
      }, 'the mailbox to report its sign-in failure');
      expect(status.lastError).toContain('invalid_grant');
      expect(Object.fromEntries(requests[0]!)).toEqual({
        grant_type: 'refresh_token',
        refresh_token: 'revoked-refresh-token',
        client_id: 'garda-client',
        client_secret: 'client-secret',
        scope: 'https://mail.example/imap',
      });
    } finally {
      await new Promise<void>((resolve) => tokenEndpoint.close(() => resolve()));
    }
  });

  it('reads each mailbox from one replica only; when that replica stops, another takes over from its cursor', async () => {
    second = await startChannelsIngest(env());
    const holderOf = async () => (await mailboxRow(accountId))?.lease_holder;
    expect(await holderOf()).toBe(first.app.get(ImapPoller).holder);
    // The second replica has scanned (its own new mailbox lease proves it) and left the held one alone.
    await waitFor(() => (second!.app.get(ImapPoller).reading.length > 0 ? true : undefined), 'the second replica to read a free mailbox');
    expect(second.app.get(ImapPoller).reading).not.toContain(accountId);
    expect(first.app.get(ImapPoller).reading).toContain(accountId);

    const lastUid = Number((await mailboxRow(accountId))!.last_uid);
    await first.close();
    await waitFor(
      async () => ((await holderOf()) === second!.app.get(ImapPoller).holder ? true : undefined),
      'the second replica to take over',
    );
    const after = `<after.${randomUUID()}@customer.example>`;
    await deliver(mailbox.email, { subject: 'Still there?', text: 'Hello again.', messageId: after });
    await waitInbound(after);
    await recorder.caughtUp(Topics.InboundMessage);
    expect(inbound(after)).toHaveLength(1);
    // The cursor moves on from where the first replica left it (just after the message is published).
    await waitFor(async () => (Number((await mailboxRow(accountId))!.last_uid) > lastUid ? true : undefined), 'the cursor to move on');
  });
});

/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
