// Step-up authentication (ASVS 7.5.3): exports, deletions and role changes need the password (and
// second factor) entered within the last 5 minutes. Call one of these before such an action; the web
// app answers the problem code `reauthentication_required` with a dialog and repeats the request.
import { AppError } from '../platform/errors.ts';

interface StepUpFacts {
  recentlyAuthenticated: boolean;
}

/** For services: throws 401 `reauthentication_required` unless the session re-authenticated recently. */
export function assertRecentAuthentication(session: StepUpFacts | null): void {
  if (!session) throw new AppError('unauthenticated', 'Sign in first.');
  if (!session.recentlyAuthenticated) {
    throw new AppError(
      'reauthentication_required',
      'Confirm with your password (and code) first: this action needs a sign-in of the last 5 minutes.',
    );
  }
}

/** For routes: the same check on the request's session. */
export function requireRecentAuthentication(request: { authSession: StepUpFacts | null }): void {
  assertRecentAuthentication(request.authSession);
}
