// The inbound SMTP listener against hostile clients, on real Kafka and PostgreSQL: memory stays
// bounded when a client streams past the size limit without announcing SIZE (and nothing is
// published), connections are capped per replica and per source address (the per-minute count is
// shared by two replicas), and STARTTLS offers the configured certificate.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Topics } from '@garda/contracts';
import { bootstrapService, ConfigError, type RunningService } from '@garda/service-kit';
import { createScratchDatabase, type ScratchDatabase } from '@garda/testing';
import { createTransport } from 'nodemailer';
import { generate } from 'selfsigned';
import { channelsIngestService } from '../src/channels-ingest.service-definition';
import { SmtpListener } from '../src/providers/email/smtp-listener';
import { accountIds, createProviderAccounts, supportAddress, tenantId } from './accounts';
import { RawSmtpClient } from './smtp-client';
import { integrationEnv, startChannelsIngest, TopicRecorder, waitFor } from './support';

jest.setTimeout(180_000);

const MiB = 1024 * 1024;

describe('SMTP listener hardening (real Kafka + PostgreSQL)', () => {
  let database: ScratchDatabase;
  let first: RunningService;
  let second: RunningService;
  const recorder = new TopicRecorder();
  const clients: RawSmtpClient[] = [];
  const portOf = (service: RunningService) => service.app.get(SmtpListener).port!;

  beforeAll(async () => {
    database = await createScratchDatabase();
    const env = integrationEnv({
      DATABASE_URL: database.url,
      SMTP_ENABLED: 'true',
      SMTP_PORT: '0',
      SMTP_HOST: '127.0.0.1',
      SMTP_MAX_MESSAGE_BYTES: String(MiB),
      SMTP_MAX_CLIENTS: '4',
      SMTP_MAX_CONNECTIONS_PER_ADDRESS: '2',
      SMTP_CONNECTIONS_PER_ADDRESS: '5',
    });
    first = await startChannelsIngest(env);
    second = await startChannelsIngest(env);
    await createProviderAccounts(first, 'http://127.0.0.1:1', { host: '127.0.0.1', port: 1 });
    await recorder.start([Topics.InboundMessage]);
  });

  afterAll(async () => {
    clients.forEach((client) => client.close());
    await recorder.stop();
    await first?.close();
    await second?.close();
    await database?.drop();
  });

  // Each test starts with no connection open on either replica.
  afterEach(async () => {
    clients.splice(0).forEach((client) => client.close());
    await waitFor(
      () => (first.app.get(SmtpListener).openConnections + second.app.get(SmtpListener).openConnections === 0 ? true : undefined),
      'connections to close',
    );
  });

  const open = async (service: RunningService, from: string) => {
    const opened = await RawSmtpClient.open(portOf(service), from);
    clients.push(opened.client);
    return opened;
  };

  it('keeps memory bounded and publishes nothing when a client streams 160 MiB without SIZE, answering 552', async () => {
    const { client, greeting } = await open(first, '127.0.0.10');
    expect(greeting).toMatch(/^220 /);
    expect(await client.command('EHLO hostile.example')).toMatch(/^250 /);
    expect(await client.command('MAIL FROM:<flood@hostile.example>')).toMatch(/^250 /);
    expect(await client.command(`RCPT TO:<${supportAddress}>`)).toMatch(/^250 /);
    expect(await client.command('DATA')).toMatch(/^354 /);

    const baseline = process.memoryUsage().arrayBuffers;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 5);
    const answer = await client.streamData(160 * MiB).finally(() => clearInterval(sampler));
    expect(answer).toMatch(/^552 /);
    // Kept everything, the listener would hold 160 MiB of chunks. Bounded, it holds one message's worth (1 MiB) plus
    // garbage the collector has not reached yet (about 32 MiB here, however much is streamed: 96 or 288 MiB alike).
    expect((peak - baseline) / MiB).toBeLessThan(64);

    // The connection is still usable, and the next message goes through (and is the only one published).
    expect(await client.command('RSET')).toMatch(/^250 /);
    const subject = `after the flood ${randomUUID()}`;
    await createTransport({ host: '127.0.0.1', port: portOf(first), secure: false, ignoreTLS: true }).sendMail({
      from: 'Maria <maria@customer.example>',
      to: supportAddress,
      subject,
      text: 'Hello',
    });
    await recorder.waitFor(Topics.InboundMessage, (value) => value.subject === subject);
    await recorder.caughtUp(Topics.InboundMessage);
    expect(recorder.on(Topics.InboundMessage, (value) => value.tenantId === tenantId).map((record) => record.value.subject)).toEqual([
      subject,
    ]);
    const stored: unknown = await first.runtime.dataSource.query(
      `SELECT count(*)::int AS "count" FROM "channels_ingest"."inbound_receipt" WHERE "account_id" = $1`,
      [accountIds.email],
    );
    expect(stored).toEqual([{ count: 1 }]);
  });

  it('refuses a third simultaneous connection from one address with 421, and lets other addresses in', async () => {
    for (let i = 0; i < 2; i += 1) expect((await open(first, '127.0.0.20')).greeting).toMatch(/^220 /);
    const refused = await open(first, '127.0.0.20');
    expect(refused.greeting).toMatch(/^421 .*Too many connections from your address/);
    expect((await open(first, '127.0.0.21')).greeting).toMatch(/^220 /);
  });

  it('refuses connections past SMTP_MAX_CLIENTS on a replica with 421', async () => {
    // Four connections from four addresses fill the second replica; the fifth, from a fifth address, is refused.
    const held = [
      await open(second, '127.0.0.30'),
      await open(second, '127.0.0.31'),
      await open(second, '127.0.0.32'),
      await open(second, '127.0.0.33'),
    ];
    held.forEach(({ greeting }) => expect(greeting).toMatch(/^220 /));
    const refused = await open(second, '127.0.0.34');
    expect(refused.greeting).toMatch(/^421 .*Too many connected clients/);
  });

  it('refuses the sixth connection from one address within a minute, counted across both replicas', async () => {
    for (let i = 0; i < 5; i += 1) {
      const { client, greeting } = await open(i % 2 === 0 ? first : second, '127.0.0.40');
      expect(greeting).toMatch(/^220 /);
      expect(await client.command('QUIT')).toMatch(/^221 /);
    }
    expect((await open(first, '127.0.0.40')).greeting).toMatch(/^421 /);
    expect((await open(second, '127.0.0.40')).greeting).toMatch(/^421 /);
  });
});

describe('SMTP STARTTLS with a configured certificate', () => {
  let service: RunningService;
  let cert: string;
  let files: { cert: string; key: string };
  const recorder = new TopicRecorder();

  beforeAll(async () => {
    const pems = await generate([{ name: 'commonName', value: 'mx.garda.test' }], {
      keySize: 2048,
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'mx.garda.test' }] }],
    });
    cert = pems.cert;
    const dir = mkdtempSync(join(tmpdir(), 'garda-smtp-tls-'));
    files = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
    writeFileSync(files.cert, pems.cert);
    writeFileSync(files.key, pems.private, { mode: 0o600 });
    service = await startChannelsIngest(
      integrationEnv({
        SMTP_ENABLED: 'true',
        SMTP_PORT: '0',
        SMTP_HOST: '127.0.0.1',
        SMTP_TLS_CERT_FILE: files.cert,
        SMTP_TLS_KEY_FILE: files.key,
        SMTP_REQUIRE_TLS: 'true',
      }),
    );
    await createProviderAccounts(service, 'http://127.0.0.1:1', { host: '127.0.0.1', port: 1 });
    await recorder.start([Topics.InboundMessage]);
  });

  afterAll(async () => {
    await recorder.stop();
    await service?.close();
  });

  const port = () => service.app.get(SmtpListener).port!;

  it('takes mail over STARTTLS, the client verifying the configured certificate', async () => {
    const subject = `over TLS ${randomUUID()}`;
    const transport = createTransport({
      host: '127.0.0.1',
      port: port(),
      secure: false,
      requireTLS: true,
      tls: { ca: cert, servername: 'mx.garda.test' },
    });
    await transport.sendMail({ from: 'Maria <maria@customer.example>', to: supportAddress, subject, text: 'Encrypted hello' });
    await waitFor(() => recorder.on(Topics.InboundMessage, (value) => value.subject === subject)[0], 'the message sent over TLS');
  });

  it('refuses mail from a client that did not STARTTLS when TLS is required (530)', async () => {
    const plain = createTransport({ host: '127.0.0.1', port: port(), secure: false, ignoreTLS: true });
    await expect(plain.sendMail({ from: 'a@customer.example', to: supportAddress, subject: 'plain', text: 'x' })).rejects.toMatchObject({
      responseCode: 530,
    });
  });

  it('refuses to start with a certificate but no key, naming the missing variable', async () => {
    const started = bootstrapService(channelsIngestService, integrationEnv({ SMTP_ENABLED: 'true', SMTP_TLS_CERT_FILE: files.cert }));
    await expect(started).rejects.toBeInstanceOf(ConfigError);
    await expect(started).rejects.toThrow(/SMTP_TLS_KEY_FILE: must be set together with SMTP_TLS_CERT_FILE/);
  });
});
