import { type ColumnDef, createColumnHelper, type RowData, tableFeatures, useTable } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import type { CursorPager } from './cursor-pages';
import { EmptyState } from './EmptyState';

/** What a column may say about its cells beyond TanStack Table's own definition. */
export interface DataColumnMeta {
  /** Numbers are right-aligned. */
  numeric?: boolean;
  /** A tooltip on the header (what an abbreviation means). */
  headerTitle?: string;
  /** data-testid of every cell of the column. */
  cellTestId?: string;
}

const features = tableFeatures({ columnMeta: {} as DataColumnMeta });
type Features = typeof features;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each column keeps its own value type
export type DataColumn<Row extends RowData> = ColumnDef<Features, Row, any>;

/** Columns for a DataTable of `Row`s: `const columns = columnsOf<Queue>(); columns.accessor('name', { header: … })`. */
export const columnsOf = <Row extends RowData>() => createColumnHelper<Features, Row>();

type RowAttributes = { className?: string } & Record<`data-${string}`, string | undefined>;

/**
 * The console's table (TanStack Table): headers and cells from column definitions, an empty
 * state, a loading and an error line, and Previous/Next for a cursor-paged list.
 */
export function DataTable<Row extends RowData>({
  columns,
  data,
  getRowId,
  rowAttributes,
  empty,
  loading,
  error,
  pager,
  testId,
  label,
}: {
  columns: DataColumn<Row>[];
  data: Row[] | undefined;
  getRowId: (row: Row) => string;
  rowAttributes?: (row: Row) => RowAttributes;
  empty?: ReactNode;
  loading?: boolean;
  error?: ReactNode;
  pager?: CursorPager;
  testId?: string;
  label?: string;
}) {
  const rows = data ?? NO_ROWS;
  const table = useTable({ features, columns, data: rows as Row[], getRowId: (row) => getRowId(row) });
  const width = table.getAllLeafColumns().length;
  const status = error ? (
    <span className="danger">{error}</span>
  ) : loading && rows.length === 0 ? (
    <span className="muted">
      <FormattedMessage id="common.table.loading" />
    </span>
  ) : rows.length === 0 ? (
    (empty ?? <EmptyState title={<FormattedMessage id="common.table.empty" />} />)
  ) : null;
  return (
    <div className="data-table">
      <table className="grid-table" data-testid={testId} aria-label={label} aria-busy={loading || pager?.fetching || undefined}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th
                  key={header.id}
                  className={header.column.columnDef.meta?.numeric ? 'num' : undefined}
                  title={header.column.columnDef.meta?.headerTitle}
                >
                  {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {status && (
            <tr>
              <td colSpan={width}>{status}</td>
            </tr>
          )}
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} {...rowAttributes?.(row.original)}>
              {row.getAllCells().map((cell) => {
                const meta = cell.column.columnDef.meta;
                return (
                  <td key={cell.id} className={meta?.numeric ? 'num' : undefined} data-testid={meta?.cellTestId}>
                    <table.FlexRender cell={cell} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {pager && (pager.hasPrevious || pager.hasNext) && (
        <div className="pager" data-testid={testId ? `${testId}-pager` : undefined}>
          <button data-testid="pager-previous" disabled={!pager.hasPrevious || pager.fetching} onClick={pager.previous}>
            <FormattedMessage id="common.table.previous" />
          </button>
          <span className="muted small">
            <FormattedMessage id="common.table.page" values={{ page: pager.pageIndex + 1 }} />
          </span>
          <button data-testid="pager-next" disabled={!pager.hasNext || pager.fetching} onClick={pager.next}>
            <FormattedMessage id="common.table.next" />
          </button>
        </div>
      )}
    </div>
  );
}

const NO_ROWS: never[] = [];
