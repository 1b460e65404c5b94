import { QueryClient } from '@tanstack/react-query';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // One retry: an error state with a retry button beats a long silent wait.
        retry: 1,
        staleTime: 10_000,
      },
    },
  });
}
