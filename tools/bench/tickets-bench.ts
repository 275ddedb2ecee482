import { createHash, randomUUID } from 'node:crypto';
import type { AuthClaims, TicketListQuery } from '@garda/contracts';
import { createDataSource, createLogger, initialiseDatabase } from '@garda/service-kit';
import { createScratchDatabase } from '@garda/testing';
import type { DataSource } from 'typeorm';
// A benchmark of the tickets service's own view and search queries, called in process at size: it
// reaches into the app on purpose (apps export no library), like tools/docs' service loaders.
/* eslint-disable @nx/enforce-module-boundaries */
import { indexNameOf, VIEW_AND_SEARCH_INDEXES } from '../../apps/tickets/src/migrations/1796279397937-ticket-views-and-search';
import { ticketsService } from '../../apps/tickets/src/tickets.service-definition';
import { countViews, listView } from '../../apps/tickets/src/views/ticket-views';
import { searchTickets } from '../../apps/tickets/src/views/ticket-search';
/* eslint-enable @nx/enforce-module-boundaries */

/**
 * Views and search of one tenant's tickets at size (issue 9: 1,000,000 tickets and 5,000,000
 * messages, p95 ≤ 200 ms each). Seeds a scratch database with SQL (generate_series), builds the
 * views-and-search indexes after the data like a restore would, ANALYZEs, then times the service's
 * own query functions (listView, countViews, searchTickets) — no HTTP, so what is measured is
 * PostgreSQL and the queries. The CLI is tickets.bench.ts; tickets-bench.int-spec.ts runs it small.
 */
export interface TicketsBenchOptions {
  tickets: number;
  messagesPerTicket: number;
  runs: number;
  serverUrl: string;
  progress?: (line: string) => void;
}

export interface TicketsBenchResult {
  name: string;
  p50: number;
  p95: number;
  rows: number;
}

const AGENTS = 50;
const QUEUES = ['billing', 'shipping', 'accounts', 'sales', 'support', 'returns', 'vip', 'general', 'tech', 'partners'];
const WORDS = [
  'tagihan',
  'ganda',
  'paket',
  'belum',
  'sampai',
  'refund',
  'invoice',
  'pengiriman',
  'kartu',
  'kredit',
  'ditolak',
  'password',
  'akun',
  'login',
  'order',
  'pesanan',
  'terlambat',
  'rusak',
  'tukar',
  'garansi',
  'promo',
  'diskon',
  'alamat',
  'ganti',
  'email',
  'nomor',
  'telepon',
  'bayar',
  'transfer',
  'bank',
  'saldo',
  'poin',
  'cancel',
  'batal',
  'status',
  'kurir',
  'gudang',
  'stok',
];
const NAMES = ['Siti', 'Budi', 'Dewi', 'Agus', 'Rina', 'Andi', 'Putri', 'Joko', 'Wati', 'Eko', 'Maria', 'John', 'Ayu', 'Hendra'];
const SURNAMES = ['Rahayu', 'Santoso', 'Lestari', 'Wijaya', 'Pratama', 'Saputra', 'Hidayat', 'Kusuma', 'Nugroho', 'Smith'];
const TAGS = ['vip', 'refund', 'pengiriman', 'tagihan', 'bug', 'complaint', 'urgent-review', 'promo'];

const sqlArray = (values: string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(',')}]`;
const pick = (array: string, expression: string, length: number) => `(${array})[1 + ((${expression}) % ${length})]`;

/** Deterministic ids from row numbers, so the seed needs no round trips. */
const uuidOf = (prefix: string, expression: string) => `md5('${prefix}' || (${expression})::text)::uuid`;

async function seed(dataSource: DataSource, tenantId: string, options: TicketsBenchOptions): Promise<void> {
  const batch = 100_000;
  const words = sqlArray(WORDS);
  for (let from = 1; from <= options.tickets; from += batch) {
    const to = Math.min(options.tickets, from + batch - 1);
    // Status mix of a working tenant: most tickets long closed, a working set open or waiting.
    await dataSource.query(
      `INSERT INTO "tickets"."ticket" ("id", "tenant_id", "number", "customer_id", "subject", "status", "priority", "type", "tags",
         "assignee_id", "queue", "channel", "customer_name", "customer_address", "status_changed_at", "solved_at", "sla_due_at",
         "created_at", "updated_at")
       SELECT ${uuidOf('t', 'i')}, $1, 1000 + i, ${uuidOf('cu', 'i % 300000')},
         ${pick(words, 'i * 7', WORDS.length)} || ' ' || ${pick(words, 'i * 13 + 5', WORDS.length)} || ' ' || ${pick(words, 'i * 29 + 11', WORDS.length)},
         s.status, (ARRAY['low','normal','normal','normal','high','urgent'])[1 + (i % 6)], (ARRAY['question','incident','problem','complaint','request','task'])[1 + (i % 6)],
         ARRAY[${pick(sqlArray(TAGS), 'i', TAGS.length)}],
         CASE WHEN s.status = 'new' OR i % 5 = 0 THEN NULL ELSE ${uuidOf('a', `(i / 7) % ${AGENTS}`)} END,
         ${pick(sqlArray(QUEUES), 'i * 3', QUEUES.length)},
         (ARRAY['email','webchat','whatsapp','email','messenger','sms'])[1 + (i % 6)],
         ${pick(sqlArray(NAMES), 'i', NAMES.length)} || ' ' || ${pick(sqlArray(SURNAMES), 'i / 7', SURNAMES.length)} || ' ' || (i % 300000)::text,
         CASE WHEN i % 2 = 0 THEN 'pelanggan' || (i % 300000)::text || '@contoh.co.id' ELSE '+628' || lpad((i % 300000)::text, 9, '0') END,
         now() - (($2 - i) || ' seconds')::interval,
         CASE WHEN s.status IN ('solved', 'closed') THEN now() - (($2 - i) || ' seconds')::interval END,
         CASE WHEN s.status IN ('new', 'open') THEN now() + ((i % 4000) - 1000 || ' minutes')::interval END,
         now() - (($2 - i) * 2 || ' seconds')::interval,
         now() - (($2 - i) || ' seconds')::interval
       FROM generate_series($3::int, $4::int) i
       CROSS JOIN LATERAL (SELECT CASE
         WHEN i % 100 < 70 THEN 'closed' WHEN i % 100 < 80 THEN 'solved' WHEN i % 100 < 88 THEN 'open'
         WHEN i % 100 < 91 THEN 'new' WHEN i % 100 < 96 THEN 'pending' ELSE 'on-hold' END AS status) s`,
      [tenantId, options.tickets, from, to],
    );
    await dataSource.query(
      `INSERT INTO "tickets"."conversation" ("id", "tenant_id", "ticket_id", "customer_id", "customer_name", "channel", "account_id",
         "thread_key", "recipient_identity_type", "recipient_value", "status", "assigned_agent_id", "contact_id", "created_at", "last_message_at", "closed_at")
       SELECT ${uuidOf('c', 'i')}, $1, ${uuidOf('t', 'i')}, ${uuidOf('cu', 'i % 300000')}, NULL, 'email', 'bench', 'thread-' || i, 'email',
         'pelanggan' || i || '@contoh.co.id', 'closed', NULL, ${uuidOf('k', 'i')}, now(), now(), now()
       FROM generate_series($2::int, $3::int) i`,
      [tenantId, from, to],
    );
    for (let m = 0; m < options.messagesPerTicket; m += 1) {
      await dataSource.query(
        `INSERT INTO "tickets"."message" ("id", "tenant_id", "conversation_id", "direction", "author_type", "text", "attachments", "internal", "created_at")
         SELECT ${uuidOf(`m${m}-`, 'i')}, $1, ${uuidOf('c', 'i')}, CASE WHEN $2 % 2 = 0 THEN 'inbound' ELSE 'outbound' END,
           CASE WHEN $2 % 2 = 0 THEN 'customer' ELSE 'agent' END,
           ${pick(words, `i * 3 + ${m * 17}`, WORDS.length)} || ' ' || ${pick(words, `i * 11 + ${m * 5}`, WORDS.length)} || ' saya ' ||
           ${pick(words, `i * 19 + ${m}`, WORDS.length)} || ' nomor resi JNE' || (i * 10 + $2)::text || ' ' || ${pick(words, `i + ${m * 23}`, WORDS.length)},
           '[]', false, now() - (($3 - i) || ' seconds')::interval
         FROM generate_series($4::int, $5::int) i`,
        [tenantId, m, options.tickets, from, to],
      );
    }
    options.progress?.(`seeded ${to.toLocaleString('en')} tickets, ${(to * options.messagesPerTicket).toLocaleString('en')} messages`);
  }
  await dataSource.query(`INSERT INTO "tickets"."ticket_number_counter" ("tenant_id", "last_number") VALUES ($1, $2)`, [
    tenantId,
    1000 + options.tickets,
  ]);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function time(runs: number, work: (run: number) => Promise<number>): Promise<{ p50: number; p95: number; rows: number }> {
  await work(0); // warm the plan cache and the buffers once
  const durations: number[] = [];
  let rows = 0;
  for (let run = 1; run <= runs; run += 1) {
    const started = process.hrtime.bigint();
    rows = await work(run);
    durations.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  durations.sort((a, b) => a - b);
  return { p50: percentile(durations, 50), p95: percentile(durations, 95), rows };
}

export async function runTicketsBench(options: TicketsBenchOptions): Promise<TicketsBenchResult[]> {
  const logger = createLogger('tickets-bench', 'warn');
  const database = await createScratchDatabase(options.serverUrl, 'garda_bench_tickets');
  const tenantId = randomUUID();
  const migrations = ticketsService.migrations as Array<new () => unknown>;
  // The data first, then the views' and search indexes (as a restore builds them).
  const dataSource = createDataSource({
    url: database.url,
    schema: 'tickets',
    applicationName: 'tickets-bench',
    entities: ticketsService.entities,
    migrations,
  });
  try {
    await initialiseDatabase(dataSource, 'tickets', logger);
    // The data first, then the views' and search indexes (as a restore builds them).
    for (const statement of VIEW_AND_SEARCH_INDEXES) await dataSource.query(`DROP INDEX "tickets"."${indexNameOf(statement)}"`);
    const seedStarted = Date.now();
    await seed(dataSource, tenantId, options);
    options.progress?.(`seeded in ${((Date.now() - seedStarted) / 1000).toFixed(0)} s; building indexes`);
    const indexStarted = Date.now();
    for (const statement of VIEW_AND_SEARCH_INDEXES) await dataSource.query(statement);
    await dataSource.query('ANALYZE');
    options.progress?.(`indexes built and analysed in ${((Date.now() - indexStarted) / 1000).toFixed(0)} s; measuring`);

    const agent = (run: number): AuthClaims => ({ sub: uuidFromRow('a', run % AGENTS), tenantId, role: 'agent', name: 'Agent' });
    const supervisor: AuthClaims = { sub: randomUUID(), tenantId, role: 'supervisor', name: 'Supervisor' };
    const now = new Date();
    const view = (user: (run: number) => AuthClaims, query: Partial<TicketListQuery>) => async (run: number) =>
      (await listView(dataSource, user(run), { view: 'my-open', limit: 50, ...query } as TicketListQuery, now)).items.length;
    const search = (user: (run: number) => AuthClaims, q: (run: number) => string) => async (run: number) =>
      (await searchTickets(dataSource.manager, user(run), q(run), 50)).length;
    const second = async (run: number) => {
      const first = await listView(dataSource, supervisor, { view: 'all', limit: 50 } as TicketListQuery, now);
      return (
        (await listView(dataSource, supervisor, { view: 'all', limit: 50, cursor: first.nextCursor ?? undefined } as TicketListQuery, now))
          .items.length +
        run * 0
      );
    };
    const scenarios: Array<[string, (run: number) => Promise<number>]> = [
      ['agent: my open', view(agent, { view: 'my-open' })],
      ['agent: my pending + on-hold', view(agent, { view: 'my-waiting' })],
      ['agent: solved recently', view(agent, { view: 'my-solved' })],
      ['queue: unassigned', view(() => supervisor, { view: 'unassigned', queue: 'billing' })],
      ['queue: breaching within the hour', view(() => supervisor, { view: 'breaching', queue: 'billing' })],
      ['queue: all open', view(() => supervisor, { view: 'all-open', queue: 'billing' })],
      ['supervisor: everything', view(() => supervisor, { view: 'all' })],
      ['supervisor: everything, page 2 (cursor)', second],
      [
        'supervisor: queue+status+priority',
        view(() => supervisor, { view: 'all', queue: 'shipping', status: ['pending', 'on-hold'], priority: ['urgent'] }),
      ],
      [
        'supervisor: tag + channel + dates',
        view(() => supervisor, {
          view: 'all',
          tag: 'refund',
          channel: 'email',
          createdFrom: new Date(now.getTime() - 30 * 86_400_000).toISOString(),
        }),
      ],
      ['agent: counts of 6 views', async (run) => Object.keys(await countViews(dataSource, agent(run), now)).length],
      ['supervisor: counts of 7 views', async () => Object.keys(await countViews(dataSource, supervisor, now)).length],
      [
        'search: number',
        search(
          () => supervisor,
          (run) => `#${1000 + 1 + ((run * 7919) % options.tickets)}`,
        ),
      ],
      // A receipt number no other token starts with (the last word matches as a prefix).
      [
        'search: rare word in messages',
        search(
          () => supervisor,
          (run) => `JNE${(Math.floor(options.tickets / 10) + ((run * 7919) % Math.floor(options.tickets * 0.9))) * 10 + 1}`,
        ),
      ],
      [
        'search: common words (id)',
        search(
          () => supervisor,
          () => 'tagihan ganda',
        ),
      ],
      [
        'search: customer name',
        search(
          () => supervisor,
          (run) => `${NAMES[run % NAMES.length]} ${SURNAMES[run % SURNAMES.length]}`,
        ),
      ],
      [
        'search: part of an e-mail',
        search(
          () => supervisor,
          (run) => `pelanggan${(run * 331) % 300000}@`,
        ),
      ],
      [
        'search: part of a phone',
        search(
          () => supervisor,
          (run) =>
            `8${String((run * 331) % 300000)
              .padStart(9, '0')
              .slice(0, 7)}`,
        ),
      ],
      ['search: agent, common word', search(agent, () => 'refund')],
    ];
    const results: TicketsBenchResult[] = [];
    for (const [name, work] of scenarios) results.push({ name, ...(await time(options.runs, work)) });
    return results;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
  }
}

function uuidFromRow(prefix: string, row: number): string {
  // Same as md5(prefix || row)::uuid in PostgreSQL.
  const hex = createHash('md5').update(`${prefix}${row}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
