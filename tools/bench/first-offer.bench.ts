/**
 * `npm run bench:first-offer`: time from a web-chat customer's message (HTTP POST to
 * channels-ingest) to the offer arriving on the agent's socket (gateway), through Kafka, customers,
 * tickets and routing — on the real services and a real broker and database, on this machine.
 *   --samples N   contacts to time (default 20)
 * Prints one JSON object with p50/p95/max in milliseconds and the line `first offer p50 N ms`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DemoTenant } from '@garda/demo-tenant';
import { AgentClient, login, waitUntil, WebChatCustomer } from '../../apps/platform-e2e/src/support/actors';
import { Platform } from '../../apps/platform-e2e/src/support/platform';

// Native import() of the ESM infra module (the TypeScript here is compiled to CommonJS).
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<Record<string, unknown>>;

async function main() {
  const samples = Number(argument('--samples') ?? 20);
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'garda-bench-'));
  const { startInfra } = (await importEsm(pathToFileURL(path.join(__dirname, '../../deploy/local/infra.mjs')).href)) as {
    startInfra: (options: object) => Promise<{ kafkaBrokers: string; databaseUrl: string; stop(): Promise<void> }>;
  };
  const infra = await startInfra({ stateDir, databaseName: 'garda_bench' });
  process.env.KAFKA_BROKERS = infra.kafkaBrokers;
  process.env.DATABASE_URL = infra.databaseUrl;
  const platform = new Platform();
  const customers: WebChatCustomer[] = [];
  let agent: AgentClient | undefined;
  try {
    await platform.start();
    const alice = DemoTenant.agents[0];
    const { token } = await login(platform.url('gateway'), alice.email);
    agent = new AgentClient(platform.url('gateway'), token);
    await agent.connected();
    await agent.goAvailable();

    const timings: number[] = [];
    for (let i = 0; i < samples + 2; i += 1) {
      const customer = new WebChatCustomer(platform.url('channels-ingest'));
      await customer.open({ name: `Bench ${i}`, topic: 'support' });
      customers.push(customer);
      const text = `bench message ${i}`;
      const sentAt = Date.now();
      await customer.say(text);
      const offer = await agent.waitFor('offer:new', (o) => o.preview === text, 30_000);
      if (i >= 2) timings.push(offer.at - sentAt); // the first two warm up JIT and connections
      // Free the agent's capacity for the next sample: accept, then wrap up.
      await agent.send('offer:accept', { contactId: offer.payload.contactId as string });
      await agent.waitFor('contact:assigned', (a) => a.contactId === offer.payload.contactId);
      const conversationId = offer.payload.conversationId as string;
      await waitUntil(
        async () => {
          const response = await fetch(`${platform.url('tickets')}/conversations/${conversationId}/close`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ disposition: 'bench' }),
          });
          return response.status === 201 || response.status === 200 ? true : undefined;
        },
        15_000,
        'wrap-up',
      );
      customer.close();
    }
    timings.sort((a, b) => a - b);
    const pick = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))];
    const result = { samples: timings.length, p50Ms: pick(0.5), p95Ms: pick(0.95), maxMs: timings[timings.length - 1], minMs: timings[0] };
    process.stdout.write(`${JSON.stringify(result)}\nfirst offer p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms\n`);
  } finally {
    agent?.close();
    customers.forEach((customer) => customer.close());
    await platform.stop();
    await infra.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
