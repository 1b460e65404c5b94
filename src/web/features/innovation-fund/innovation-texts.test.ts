import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { Me } from '../../../accounts/profile.schema.ts';
import { INNOVATION_TEXTS, registerInnovationTexts } from './innovation-texts.ts';
import { innovationRoles } from './innovation-kit.tsx';

type Tree = { readonly [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') entries.set(path, value);
    else for (const [nested, text] of flatten(value, path)) entries.set(nested, text);
  }
  return entries;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('the innovation fund’s texts', () => {
  const german = flatten(INNOVATION_TEXTS.de);
  const english = flatten(INNOVATION_TEXTS.en);

  it('have the same keys and placeholders in German and English, and no empty text', () => {
    expect(german.size).toBeGreaterThan(100);
    expect([...english.keys()].sort()).toEqual([...german.keys()].sort());
    for (const [key, text] of german) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('are registered under "innovation" in both languages', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'de', resources: { de: { translation: {} }, en: { translation: {} } } });
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
