import { z } from 'zod';

/** What runs SQL: a transaction's EntityManager, a DataSource, or a QueryRunner. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** A query's rows did not have the shape its caller declared: a bug between the SQL and its schema. */
export class UnexpectedRowError extends Error {
  override name = 'UnexpectedRowError';
}

/**
 * The rows of a SELECT (or INSERT … RETURNING), each parsed by `row` at the persistence boundary
 * (ADR 0061): the SQL's column aliases and the TypeScript type cannot drift apart unnoticed, and no
 * caller casts `any`. Not for UPDATE/DELETE … RETURNING: TypeORM returns `[rows, count]` for those
 * (use `updatedRows`).
 */
export async function queryRows<S extends z.ZodType>(
  runner: Queryable,
  row: S,
  sql: string,
  parameters: unknown[] = [],
): Promise<z.output<S>[]> {
  return parseRows(row, await runner.query(sql, parameters), sql);
}

/** The first row of the query, parsed, or undefined when there is none. */
export async function queryFirst<S extends z.ZodType>(
  runner: Queryable,
  row: S,
  sql: string,
  parameters: unknown[] = [],
): Promise<z.output<S> | undefined> {
  return (await queryRows(runner, row, sql, parameters))[0];
}

/** The rows an UPDATE or DELETE … RETURNING returned (TypeORM's `[rows, affected]` for PostgreSQL), parsed. */
export async function updatedRows<S extends z.ZodType>(
  runner: Queryable,
  row: S,
  sql: string,
  parameters: unknown[] = [],
): Promise<z.output<S>[]> {
  const result = z.tuple([z.array(z.unknown()), z.number()]).safeParse(await runner.query(sql, parameters));
  if (!result.success) throw new UnexpectedRowError(`expected [rows, affected] from an UPDATE/DELETE: ${firstLine(sql)}`);
  return parseRows(row, result.data[0], sql);
}

/**
 * How many rows an UPDATE or DELETE without RETURNING touched (TypeORM gives PostgreSQL's
 * `[[], affected]`), checked rather than cast.
 */
export async function affectedRows(runner: Queryable, sql: string, parameters: unknown[] = []): Promise<number> {
  const result = z.tuple([z.unknown(), z.number()]).safeParse(await runner.query(sql, parameters));
  if (!result.success) throw new UnexpectedRowError(`expected [rows, affected] from an UPDATE/DELETE: ${firstLine(sql)}`);
  return result.data[1];
}

/** What node-postgres' `Client`/`Pool` look like to `pgRows`: a result with `rows`. */
export interface PgQueryable {
  query(sql: string, parameters?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** `queryRows` for a bare node-postgres client (tests and tools that talk to PostgreSQL without TypeORM). */
export async function pgRows<S extends z.ZodType>(
  client: PgQueryable,
  row: S,
  sql: string,
  parameters: unknown[] = [],
): Promise<z.output<S>[]> {
  return parseRows(row, (await client.query(sql, parameters)).rows, sql);
}

function parseRows<S extends z.ZodType>(row: S, result: unknown, sql: string): z.output<S>[] {
  const parsed = z.array(row).safeParse(result);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new UnexpectedRowError(`a row of "${firstLine(sql)}" does not match its schema at ${issue?.path.join('.')}: ${issue?.message}`);
}

const firstLine = (sql: string) => sql.trim().split('\n')[0].slice(0, 120);
