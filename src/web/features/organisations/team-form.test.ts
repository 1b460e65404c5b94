import { describe, expect, it } from 'vitest';
import { de } from '../../locales/de.ts';
import { en } from '../../locales/en.ts';
import { checkTeamName, serverTeamNameProblem, type TeamNameProblem } from './team-form.ts';

describe('team form', () => {
  it('accepts a name, trimmed', () => {
    expect(checkTeamName('  Team Innenstadt ')).toEqual({ ok: true, name: 'Team Innenstadt' });
  });

  it('refuses an empty or overlong name', () => {
    expect(checkTeamName('   ')).toEqual({ ok: false, problem: 'nameRequired' });
    expect(checkTeamName('x'.repeat(121))).toEqual({ ok: false, problem: 'nameTooLong' });
  });

  it('reads the server’s field errors for the name', () => {
    expect(serverTeamNameProblem([{ field: 'name', code: 'duplicate' }])).toBe('duplicate');
    expect(serverTeamNameProblem([{ field: 'name', code: 'too_big' }])).toBe('nameTooLong');
    expect(serverTeamNameProblem([{ field: 'other', code: 'duplicate' }])).toBeNull();
  });

  it('has a message for every problem in both languages', () => {
    const problems: TeamNameProblem[] = ['nameRequired', 'nameTooLong', 'duplicate'];
    for (const problem of problems) {
      expect(de.teams.errors[problem]).toBeTruthy();
      expect(en.teams.errors[problem]).toBeTruthy();
    }
  });
});
