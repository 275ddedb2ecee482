import { queryOptions } from '@tanstack/react-query';
import type { GatewayClient } from './http';
import type { ConversationDetail, CustomerProfile, CustomerTimeline, PastTicket, TransferTargets } from './types';

/**
 * Reads several screens share, as TanStack Query options (`useQuery(customerQueries.profile(gateway, id))`).
 * Keys start with the resource, so `invalidateQueries({ queryKey: ['customers', id] })` refreshes all of one customer.
 */
export const customerQueries = {
  profile: (gateway: GatewayClient, customerId: string) =>
    queryOptions({
      queryKey: ['customers', customerId, 'profile'],
      queryFn: ({ signal }) => gateway.get<CustomerProfile>(`/customers/${customerId}`, { signal }),
    }),
  tickets: (gateway: GatewayClient, customerId: string) =>
    queryOptions({
      queryKey: ['customers', customerId, 'tickets'],
      queryFn: ({ signal }) => gateway.get<PastTicket[]>(`/customers/${customerId}/tickets`, { signal }),
    }),
  timeline: (gateway: GatewayClient, customerId: string) =>
    queryOptions({
      queryKey: ['customers', customerId, 'timeline'],
      queryFn: ({ signal }) => gateway.get<CustomerTimeline>(`/customers/${customerId}/timeline`, { signal }),
    }),
};

export const conversationQueries = {
  detail: (gateway: GatewayClient, conversationId: string) =>
    queryOptions({
      queryKey: ['conversations', conversationId],
      queryFn: ({ signal }) => gateway.get<ConversationDetail>(`/conversations/${conversationId}`, { signal }),
    }),
};

export const meQueries = {
  transferTargets: (gateway: GatewayClient) =>
    queryOptions({
      queryKey: ['me', 'transfer-targets'],
      queryFn: ({ signal }) => gateway.get<TransferTargets>('/me/transfer-targets', { signal }),
      // Who is available changes all the time: ask again whenever the panel opens.
      staleTime: 0,
    }),
};
