// Case work's pages, loaded on demand (a chunk of their own, not in the initial bundle): the caseload, the
// case page and the municipal policy settings. Each route component reads its address here and hands it to
// the feature's page.
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { RequireAuth } from '../features/auth/require-auth.tsx';
import { CaseloadPage } from '../features/caseload/caseload-page.tsx';
import { parseCaseloadSearch } from '../features/caseload/caseload-search.ts';
import { CasePage } from '../features/cases/case-page.tsx';
import { parseCaseSearch } from '../features/cases/case-search.ts';
import { registerCaseTexts } from '../features/cases/case-texts.ts';
import { PolicyPage } from '../features/policy/policy-page.tsx';

// Before the first render of any page of this chunk.
registerCaseTexts();

export function CaseloadRoute() {
  // The router keeps unknown parameters next to the validated ones; only the validated ones reach the page.
  const search = parseCaseloadSearch(useSearch({ from: '/caseload' }));
  const navigate = useNavigate();
  return (
    <RequireAuth>
      <CaseloadPage search={search} onSearch={(next) => void navigate({ to: '/caseload', search: next })} />
    </RequireAuth>
  );
}

export function CaseRoute() {
  const { caseId } = useParams({ from: '/cases/$caseId' });
  const search = parseCaseSearch(useSearch({ from: '/cases/$caseId' }));
  const navigate = useNavigate();
  return (
    <RequireAuth>
      {/* Another case is another page: nothing of the previous one's forms survives. */}
      <CasePage
        key={caseId}
        caseId={caseId}
        section={search.section}
        onSection={(section) =>
          void navigate({
            to: '/cases/$caseId',
            params: { caseId },
            search: section === 'overview' ? {} : { section },
            replace: true,
          })
        }
      />
    </RequireAuth>
  );
}

export function PolicyRoute() {
  return (
    <RequireAuth>
      <PolicyPage />
    </RequireAuth>
  );
}
