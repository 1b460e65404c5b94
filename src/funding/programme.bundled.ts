// The programmes that ship with the application (src/funding/programmes/*.json) and their loading into the
// database: at every start after the migrations (runtime.ts) and by `durchstarten funding:programmes:load`.
// Loading is idempotent: a programme whose code exists is left alone, since from then on its versions are the
// authority's (a new version goes through the API, never by editing the bundled file).
import { readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import type { Database } from '../database.ts';
import { programmeDefinitionSchema, type ProgrammeDefinition } from './programme.definition.ts';
import { upsertCaps, upsertStateBudgets } from './programme.repository.ts';
import { impliedCaps, impliedStateBudgets } from './programme.rules.ts';

export const BUNDLED_PROGRAMMES = [
  { code: 'DIAA', file: 'durchstarten.json' },
  { code: 'KIM', file: 'kommunales-integrationsmanagement.json' },
] as const;
export type BundledProgrammeCode = (typeof BUNDLED_PROGRAMMES)[number]['code'];

/** A bundled definition, validated (a broken bundled file stops the start, with the schema's message). */
export function bundledDefinition(code: BundledProgrammeCode): ProgrammeDefinition {
  const entry = BUNDLED_PROGRAMMES.find((programme) => programme.code === code);
  if (!entry) throw new Error(`no bundled programme ${code}`);
  const text = readFileSync(new URL(`./programmes/${entry.file}`, import.meta.url), 'utf8');
  return programmeDefinitionSchema.parse(JSON.parse(text));
}

export interface LoadedProgrammes {
  /** Codes of the programmes created by this call (empty when all existed). */
  created: string[];
  existing: string[];
}

/**
 * Creates every bundled programme that does not exist yet, at version 1, with the state budgets and caps its
 * definition implies. Safe to run concurrently (the code is unique: the loser skips) and on every start.
 */
export async function loadBundledProgrammes(db: Kysely<Database>): Promise<LoadedProgrammes> {
  const result: LoadedProgrammes = { created: [], existing: [] };
  for (const { code, file } of BUNDLED_PROGRAMMES) {
    const definition = bundledDefinition(code);
    const created = await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: string }>`
        insert into funding_programme (code) values (${code}) on conflict (code) do nothing returning id`.execute(trx);
      const id = rows[0]?.id;
      if (!id) return false;
      await trx
        .insertInto('funding_programme_version')
        .values({
          programme_id: id,
          version: 1,
          definition: JSON.stringify(definition),
          note: `Bundled definition (${file})`,
          created_by: null,
        })
        .execute();
      await upsertStateBudgets(trx, id, impliedStateBudgets(definition), null);
      await upsertCaps(trx, id, impliedCaps(definition));
      await appendAudit(trx, {
        municipalityId: null,
        actor: null,
        action: 'create',
        resourceType: 'funding_programme',
        resourceId: id,
        changedFields: ['code', 'definition'],
        outcome: 'success',
        details: { source: 'bundled', code, version: 1 },
      });
      return true;
    });
    (created ? result.created : result.existing).push(code);
  }
  return result;
}
