import type { TicketDetail, TicketPage, TicketSummary, TicketView, TicketViewCounts } from '@garda/contracts';
import { queryOptions } from '@tanstack/react-query';
import type { GatewayClient } from '../api/http';

export type { TicketDetail, TicketSummary, TicketView };

export const AGENT_VIEWS: TicketView[] = ['my-open', 'my-waiting', 'my-solved', 'unassigned', 'breaching', 'all-open'];
export const SUPERVISOR_VIEWS: TicketView[] = [...AGENT_VIEWS, 'all'];

/** The tickets API through the gateway; keys start with 'tickets' so one invalidation refreshes every view. */
export const ticketQueries = {
  counts: (gateway: GatewayClient) =>
    queryOptions({
      queryKey: ['tickets', 'counts'],
      queryFn: ({ signal }) => gateway.get<TicketViewCounts>('/tickets/views/counts', { signal }),
      refetchInterval: 30_000,
    }),
  detail: (gateway: GatewayClient, id: string) =>
    queryOptions({ queryKey: ['tickets', 'detail', id], queryFn: ({ signal }) => gateway.get<TicketDetail>(`/tickets/${id}`, { signal }) }),
};

export const fetchView = (gateway: GatewayClient, view: TicketView, cursor: string | null, signal: AbortSignal) =>
  gateway.get<TicketPage>('/tickets', { query: { view, cursor: cursor ?? undefined, limit: 25 }, signal });

export const fetchSearch = (gateway: GatewayClient, q: string, signal: AbortSignal) =>
  gateway.get<TicketPage>('/tickets/search', { query: { q }, signal });
