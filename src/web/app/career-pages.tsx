// The measure-career pages, loaded on demand (a chunk of their own, not in the initial bundle): the
// municipality's counts of alerts and the rule settings. (The alerts of one person are a section of the
// participant page.)
import { RequireAuth } from '../features/auth/require-auth.tsx';
import { CareerSettingsPage } from '../features/careers/career-settings-page.tsx';
import { CareerSummaryPage } from '../features/careers/career-summary-page.tsx';

export function CareerSummaryRoute() {
  return (
    <RequireAuth>
      <CareerSummaryPage />
    </RequireAuth>
  );
}

export function CareerSettingsRoute() {
  return (
    <RequireAuth>
      <CareerSettingsPage />
    </RequireAuth>
  );
}
