import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * A database of its own on the integration test server (DATABASE_URL from the jest global setup),
 * so a test file never sees another file's tenants, seeded logins or agents' states.
 */
export interface ScratchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(serverUrl = process.env.DATABASE_URL, prefix = 'garda_scratch'): Promise<ScratchDatabase> {
  if (!serverUrl) throw new Error('DATABASE_URL is not set: run integration tests through `npm test` (jest global setup)');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await maintenanceQuery(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => maintenanceQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** CREATE/DROP DATABASE cannot run inside the database concerned: use the server's maintenance db. */
export async function maintenanceQuery(databaseUrl: string, sql: string): Promise<void> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
