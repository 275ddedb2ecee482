import { keepPreviousData, type QueryKey, useQuery } from '@tanstack/react-query';
import { useState } from 'react';

/** One page of a list the gateway pages with a cursor: the items, and the cursor of the next page (null at the end). */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** Where a cursor-paged list is: the cursor of every page seen so far (page 0's is null), and the one shown. */
export interface CursorPosition {
  cursors: Array<string | null>;
  index: number;
}

export const FIRST_PAGE: CursorPosition = { cursors: [null], index: 0 };

/** One page on: remembers the cursor that leads there, so "previous" needs no cursor the server must give back. */
export function pageAfter(position: CursorPosition, nextCursor: string | null): CursorPosition {
  if (nextCursor === null) return position;
  const cursors = [...position.cursors.slice(0, position.index + 1), nextCursor];
  return { cursors, index: position.index + 1 };
}

export function pageBefore(position: CursorPosition): CursorPosition {
  return position.index === 0 ? position : { cursors: position.cursors, index: position.index - 1 };
}

export interface CursorPager {
  pageIndex: number;
  hasPrevious: boolean;
  hasNext: boolean;
  previous: () => void;
  next: () => void;
  /** A page is being fetched (the previous one stays on screen meanwhile). */
  fetching: boolean;
}

/**
 * A cursor-paged list through TanStack Query: each page cached under `[...queryKey, cursor]`,
 * the page on screen kept while the next loads. Another `queryKey` (a filter, a view) starts
 * again from the first page.
 */
export function useCursorPages<T>({
  queryKey,
  fetchPage,
  enabled = true,
}: {
  queryKey: QueryKey;
  fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<CursorPage<T>>;
  enabled?: boolean;
}) {
  const listKey = JSON.stringify(queryKey);
  const [state, setState] = useState<{ listKey: string; position: CursorPosition }>({ listKey, position: FIRST_PAGE });
  const position = state.listKey === listKey ? state.position : FIRST_PAGE;
  const cursor = position.cursors[position.index] ?? null;
  const query = useQuery({
    queryKey: [...queryKey, { cursor }],
    queryFn: ({ signal }) => fetchPage(cursor, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
  const nextCursor = query.isPlaceholderData ? null : (query.data?.nextCursor ?? null);
  const pager: CursorPager = {
    pageIndex: position.index,
    hasPrevious: position.index > 0,
    hasNext: nextCursor !== null,
    previous: () => setState({ listKey, position: pageBefore(position) }),
    next: () => setState({ listKey, position: pageAfter(position, nextCursor) }),
    fetching: query.isFetching,
  };
  return { items: query.data?.items, error: query.error, isPending: query.isPending, pager };
}
