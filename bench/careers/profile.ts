// Where the full detector's time goes: one pass over every municipality in the detector's own ranges and with its
// own functions, timing each part separately — the range ends, the read of the ranges' histories (one query per
// range), the rules in Node (with turning the rows into histories), the difference against the stored alerts —
// without writing anything.
import type { Kysely } from 'kysely';
import { diffRange, evaluateRange, settingsOf, FULL_RUN_BATCH } from '../../src/careers/career-detection.service.ts';
import {
  historiesIn,
  municipalityIds,
  offerFactsOf,
  preferIndexOrder,
  rangeEnds,
} from '../../src/careers/career.repository.ts';
import type { Database } from '../../src/database.ts';
import { withTenant } from '../../src/platform/db/rls.ts';

export interface DetectorProfile {
  /** The ends of the ranges (every FULL_RUN_BATCH-th participant id). */
  ranges: number;
  /** historiesIn: enrolments, person facts and stored alerts of a range in one query. */
  read: number;
  /** The rows turned into histories and the rules run over them. */
  rules: number;
  diff: number;
  total: number;
}

export async function profileDetector(db: Kysely<Database>, today: string): Promise<DetectorProfile> {
  const profile: DetectorProfile = { ranges: 0, read: 0, rules: 0, diff: 0, total: 0 };
  const started = performance.now();
  const timed = async <T>(part: Exclude<keyof DetectorProfile, 'total'>, work: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    const result = await work();
    profile[part] += performance.now() - t0;
    return result;
  };
  for (const municipalityId of await municipalityIds(db)) {
    await withTenant(db, { municipalityId, userId: null }, async (trx) => {
      await preferIndexOrder(trx);
      const settings = await settingsOf(trx, municipalityId);
      const offers = await offerFactsOf(trx, municipalityId);
      const ends = await timed('ranges', () => rangeEnds(trx, municipalityId, FULL_RUN_BATCH));
      for (const [index, through] of [...ends, null].entries()) {
        const range = { after: ends[index - 1] ?? null, through };
        const rows = await timed('read', () => historiesIn(trx, municipalityId, range));
        const { people } = await timed('rules', () =>
          evaluateRange(rows, offers, (ids) => offerFactsOf(trx, municipalityId, ids), settings, today),
        );
        await timed('diff', () => diffRange(people));
      }
    });
  }
  profile.total = performance.now() - started;
  return profile;
}
