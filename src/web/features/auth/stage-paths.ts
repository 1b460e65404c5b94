import type { SessionStageName } from '../../../accounts/auth.schema.ts';

/** Where a login continues at each stage; `redirect` is where the user wanted to go. */
export function pathForStage(stage: SessionStageName, redirect: string): string {
  const next = redirect === '/' ? '' : `?redirect=${encodeURIComponent(redirect)}`;
  switch (stage) {
    case 'second_factor':
      return `/login${next}`;
    case 'password_change':
      return `/account/password${next}`;
    case 'enrolment':
      return `/account/second-factor${next}`;
    case 'active':
      return redirect;
  }
}
