// Query keys and paths of the offer catalogue and of enrolments. A change to an enrolment refreshes the
// catalogue too (seat counts), and a change to an offer refreshes its enrolments (seat markers).
import type { QueryClient } from '@tanstack/react-query';

export const OFFERS_KEY = ['offers'] as const;
export const PROVIDERS_KEY = ['providers'] as const;
export const ENROLMENTS_KEY = ['enrolments'] as const;

export function apiPath(...segments: string[]): string {
  return ['/api/v1', ...segments.map(encodeURIComponent)].join('/');
}

/** After a change to offers or enrolments: everything that counts seats is stale. */
export async function refreshOffers(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: OFFERS_KEY }),
    queryClient.invalidateQueries({ queryKey: PROVIDERS_KEY }),
    queryClient.invalidateQueries({ queryKey: ENROLMENTS_KEY }),
  ]);
}
