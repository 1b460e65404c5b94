// The create-team form: its one field, checked with the shared schema. Pure: no I/O.
import { createTeamSchema } from '../../../organisations/organisation.schema.ts';

/** Keys of `teams.errors` in the locales. */
export type TeamNameProblem = 'nameRequired' | 'nameTooLong' | 'duplicate';

export function checkTeamName(name: string): { ok: true; name: string } | { ok: false; problem: TeamNameProblem } {
  const parsed = createTeamSchema.safeParse({ name });
  if (parsed.success) return { ok: true, name: parsed.data.name };
  return {
    ok: false,
    problem: parsed.error.issues.some((issue) => issue.code === 'too_big') ? 'nameTooLong' : 'nameRequired',
  };
}

/** A field error the server reported for the name. */
export function serverTeamNameProblem(fieldErrors: readonly { field: string; code: string }[]): TeamNameProblem | null {
  const error = fieldErrors.find((problem) => problem.field === 'name');
  if (!error) return null;
  if (error.code === 'duplicate') return 'duplicate';
  return error.code === 'too_big' ? 'nameTooLong' : 'nameRequired';
}
