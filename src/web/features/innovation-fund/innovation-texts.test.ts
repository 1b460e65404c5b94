import { describe, expect, it } from 'vitest';
import { emptyI18n, expectMatchingTexts } from '../../locales/texts-test-kit.ts';
import type { Me } from '../../../accounts/profile.schema.ts';
import { INNOVATION_TEXTS, registerInnovationTexts } from './innovation-texts.ts';
import { innovationRoles } from './innovation-kit.tsx';

describe('the innovation fund’s texts', () => {
  it('have the same keys and placeholders in German and English, and no empty text', () => {
    expect(expectMatchingTexts(INNOVATION_TEXTS.de, INNOVATION_TEXTS.en)).toBeGreaterThan(100);
  });

  it('are registered under "innovation" in both languages', async () => {
    const i18n = await emptyI18n();
    registerInnovationTexts(i18n);
    expect(i18n.t('innovation.title')).toBe('Innovationsfonds (FB5)');
    expect(i18n.t('innovation.title', { lng: 'en' })).toBe('Innovation fund (FB5)');
  });
});

describe('the roles shown in the innovation fund', () => {
  const me = (kind: Me['organisation']['kind'], permissions: Me['permissions']) => ({
    organisation: { id: '00000000-0000-4000-8000-000000000001', name: 'X', kind },
    permissions,
  });

  it('tells the authority, the committee and the proposers apart by the permissions and the organisation', () => {
    expect(
      innovationRoles(me('approving_authority', [{ action: 'manage', resource: 'innovation', scope: 'all' }])),
    ).toEqual({ prepares: true, committee: true, proposes: false });
    expect(
      innovationRoles(
        me('ministry', [
          { action: 'read', resource: 'innovation', scope: 'all' },
          { action: 'update', resource: 'innovation', scope: 'all' },
        ]),
      ),
    ).toEqual({ prepares: false, committee: true, proposes: false });
    expect(
      innovationRoles(
        me('provider', [
          { action: 'create', resource: 'innovation', scope: 'organisation' },
          { action: 'update', resource: 'innovation', scope: 'organisation' },
        ]),
      ),
    ).toEqual({ prepares: false, committee: false, proposes: true });
    expect(
      innovationRoles(me('municipality', [{ action: 'update', resource: 'innovation', scope: 'municipality' }])),
    ).toEqual({ prepares: false, committee: false, proposes: false });
  });
});
