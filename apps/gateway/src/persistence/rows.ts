import { z } from 'zod';

/**
 * Rows of a raw query, checked against the shape the query promises: a column renamed in a
 * migration fails here with its name instead of travelling on as `undefined`.
 */
export function parseRows<T extends z.ZodType>(schema: T, rows: unknown): Array<z.output<T>> {
  return z.array(schema).parse(rows);
}
