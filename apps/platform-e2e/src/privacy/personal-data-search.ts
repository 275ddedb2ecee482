import { Client } from 'pg';

export interface Finding {
  schema: string;
  table: string;
  column: string;
  term: string;
  rows: number;
}

/**
 * Looks for terms in every text-bearing column of every table of every schema of a database
 * (text, varchar, char, json, jsonb, bytea, arrays), case-insensitively: what an auditor would run
 * to check that a person is gone. Found by the catalogue, so a table added later is searched too.
 */
export async function searchEverySchema(databaseUrl: string, terms: string[]): Promise<Finding[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const columns = await client.query<{ schema: string; table: string; column: string; type: string }>(
      `SELECT c.table_schema AS schema, c.table_name AS table, c.column_name AS column, c.data_type AS type
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
       WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema') AND c.table_schema NOT LIKE 'pg_toast%'
         AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY', 'USER-DEFINED')`,
    );
    const findings: Finding[] = [];
    for (const { schema, table, column, type } of columns.rows) {
      const asText = type === 'bytea' ? `encode("${column}", 'escape')` : `"${column}"::text`;
      for (const term of terms) {
        const pattern = `%${term.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
        const result = await client.query<{ rows: string }>(
          `SELECT count(*) AS rows FROM "${schema}"."${table}" WHERE lower(${asText}) LIKE $1`,
          [pattern],
        );
        const rows = Number(result.rows[0].rows);
        if (rows > 0) findings.push({ schema, table, column, term, rows });
      }
    }
    return findings;
  } finally {
    await client.end();
  }
}

/** Rows still waiting in any service's outbox (events not yet on Kafka). */
export async function pendingOutboxRows(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ schema: string }>(
      `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'outbox' AND table_type = 'BASE TABLE'`,
    );
    let pending = 0;
    for (const { schema } of tables.rows) {
      const result = await client.query<{ rows: string }>(`SELECT count(*) AS rows FROM "${schema}"."outbox"`);
      pending += Number(result.rows[0].rows);
    }
    return pending;
  } finally {
    await client.end();
  }
}
