// The house-style import boundaries are enforced by ESLint; this proves each rule really fires.
import { rm, writeFile } from 'node:fs/promises';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/server-process.ts';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: PROJECT_ROOT });
});

// Type-aware linting needs real files, so each probe is written where it claims to live, then removed.
async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const path = `${PROJECT_ROOT}/${filePath.replace('zz-probe', `zz-probe-${process.pid}`)}`;
  await writeFile(path, code);
  try {
    const [result] = await eslint.lintFiles([path]);
    const messages = result?.messages ?? [];
    const fatal = messages.find((message) => message.fatal);
    if (fatal) throw new Error(fatal.message);
    return messages.map((message) => message.ruleId ?? message.message);
  } finally {
    await rm(path, { force: true });
  }
}

// The first lint builds the TypeScript program of the whole project, which takes a few seconds.
describe('import boundaries', { timeout: 60_000 }, () => {
  it('forbids platform/ to import an area', async () => {
    const ids = await ruleIds(
      'src/platform/zz-probe.ts',
      "import { createSystemService } from '../system/system.service.ts';\nexport const probe = createSystemService;\n",
    );
    expect(ids).toContain('import-x/no-restricted-paths');
  });

  it('lets the web import *.schema.ts but nothing else of the server', async () => {
    const schemaOnly = await ruleIds(
      'src/web/zz-probe.ts',
      "import { systemStatusSchema } from '../system/system.schema.ts';\nexport const probe = systemStatusSchema;\n",
    );
    expect(schemaOnly).not.toContain('import-x/no-restricted-paths');
    const platform = await ruleIds(
      'src/web/zz-probe.ts',
      "import { loadConfig } from '../platform/config.ts';\nexport const probe = loadConfig;\n",
    );
    expect(platform).toContain('import-x/no-restricted-paths');
  });

  it('keeps Fastify out of services', async () => {
    const ids = await ruleIds(
      'src/system/zz-probe.service.ts',
      "import Fastify from 'fastify';\nexport const probe = Fastify;\n",
    );
    expect(ids).toContain('no-restricted-imports');
  });

  it('keeps *.rules.ts free of I/O', async () => {
    const ids = await ruleIds(
      'src/system/zz-probe.rules.ts',
      "import { readFile } from 'node:fs/promises';\nexport const probe = readFile;\n",
    );
    expect(ids).toContain('no-restricted-imports');
  });

  it('forbids default exports and enums outside tool configs', async () => {
    const ids = await ruleIds('src/system/zz-probe.ts', 'enum Colour { Red }\nexport default Colour;\n');
    expect(ids.filter((id) => id === 'no-restricted-syntax')).toHaveLength(2);
  });
});
