// Every setting the configuration reads is documented where operators look: the README's table and .env.example.
// The list of settings comes from the source of src/platform/config.ts (the only reader of the environment),
// so a new setting without documentation fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

function settingsOfConfig(): string[] {
  const source = read('src/platform/config.ts');
  const block = source.slice(source.indexOf('const environmentSchema = z.object({'));
  const end = block.indexOf('\n});');
  return [...block.slice(0, end).matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1] ?? '');
}

describe('settings documentation', () => {
  const settings = settingsOfConfig();

  it('finds the settings of the configuration schema', () => {
    expect(settings.length).toBeGreaterThan(20);
    expect(settings).toContain('DATABASE_URL');
  });

  it.each(settings)('%s is in the README table and in .env.example', (name) => {
    expect(read('README.md')).toContain(`| \`${name}\``);
    expect(read('.env.example')).toMatch(new RegExp(`^# ${name}=`, 'm'));
  });
});
