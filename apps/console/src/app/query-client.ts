import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/http';

/**
 * TanStack Query's cache for every gateway read. A caller's mistake (4xx) is not retried; the
 * gateway being away is, twice. Windows refocusing do not refetch: live screens are kept current
 * by the socket, and each query says its own refresh when it needs one.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
      },
      mutations: { retry: false },
    },
  });
}
