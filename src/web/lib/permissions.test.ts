import { describe, expect, it } from 'vitest';
import { can } from './permissions.ts';

describe('can', () => {
  const me = {
    permissions: [
      { action: 'read', resource: 'participant', scope: 'own' },
      { action: 'manage', resource: 'policy', scope: 'municipality' },
    ] as const,
  };
  it('allows what a permission names, and every action where it says manage', () => {
    expect(can({ permissions: [...me.permissions] }, 'read', 'participant')).toBe(true);
    expect(can({ permissions: [...me.permissions] }, 'update', 'policy')).toBe(true);
  });
  it('refuses actions and resources no permission names', () => {
    expect(can({ permissions: [...me.permissions] }, 'update', 'participant')).toBe(false);
    expect(can({ permissions: [...me.permissions] }, 'read', 'case')).toBe(false);
  });
  it('at a named scope, counts only the permissions of that scope', () => {
    expect(can({ permissions: [...me.permissions] }, 'update', 'policy', 'municipality')).toBe(true);
    expect(can({ permissions: [...me.permissions] }, 'update', 'policy', 'all')).toBe(false);
    expect(can({ permissions: [...me.permissions] }, 'read', 'participant', 'organisation')).toBe(false);
  });
});
