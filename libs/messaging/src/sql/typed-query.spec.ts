import { z } from 'zod';
import { queryFirst, queryRows, UnexpectedRowError, updatedRows } from './typed-query';

const runner = (result: unknown) => ({ query: jest.fn(async () => result) });
const Row = z.object({ id: z.string(), waiting: z.coerce.number() });

describe('typed queries', () => {
  it('returns the rows parsed by their schema, with the parameters passed on', async () => {
    const database = runner([{ id: 'q-1', waiting: '3' }]);
    await expect(queryRows(database, Row, 'SELECT 1 WHERE $1', ['t-1'])).resolves.toEqual([{ id: 'q-1', waiting: 3 }]);
    expect(database.query).toHaveBeenCalledWith('SELECT 1 WHERE $1', ['t-1']);
  });

  it('refuses a row that does not match, naming the query and the column', async () => {
    const failure = queryRows(runner([{ id: 7, waiting: 1 }]), Row, 'SELECT "id" FROM "routing"."queue"');
    await expect(failure).rejects.toThrow(UnexpectedRowError);
    await expect(failure).rejects.toThrow(/SELECT "id" FROM "routing"."queue".*0\.id/);
  });

  it('gives the first row or undefined', async () => {
    await expect(queryFirst(runner([]), Row, 'SELECT')).resolves.toBeUndefined();
    await expect(
      queryFirst(
        runner([
          { id: 'a', waiting: 0 },
          { id: 'b', waiting: 1 },
        ]),
        Row,
        'SELECT',
      ),
    ).resolves.toEqual({ id: 'a', waiting: 0 });
  });

  it("reads the rows of an UPDATE … RETURNING from TypeORM's [rows, affected]", async () => {
    await expect(updatedRows(runner([[{ id: 'a', waiting: 2 }], 1]), Row, 'UPDATE')).resolves.toEqual([{ id: 'a', waiting: 2 }]);
    await expect(updatedRows(runner([{ id: 'a', waiting: 2 }]), Row, 'UPDATE')).rejects.toThrow(UnexpectedRowError);
  });
});
