// The detector's runs on a real database: the incremental run and the full run store the same alerts, equal to
// what the pure rules find; the alert life cycle (open → refreshed → resolved → open again; acknowledged and
// dismissed stay) across runs.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../test/helpers/accounts.ts';
import { arbitraryHistory, enrolment, history, TODAY } from '../../test/helpers/career-histories.ts';
import { createProvider, storeEnrolment, storeHistory } from '../../test/helpers/career-store.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import type { Database } from '../database.ts';
import { withTenant } from '../platform/db/rls.ts';
import { detectForParticipant, runFullDetection } from './career-detection.service.ts';
import { detectCareer } from './career.rules.ts';
import { defaultCareerSettings } from './career.schema.ts';

let database: TestDatabase;
let db: Kysely<Database>;
let municipality: string;
let provider: string;

interface AlertRow {
  participant_id: string;
  rule: string;
  anchor_enrolment_id: string;
  enrolment_ids: string[];
  details: unknown;
  status: string;
}

async function alertsOf(participantIds: readonly string[]): Promise<AlertRow[]> {
  return withTenant(db, { municipalityId: municipality, userId: null }, async (trx) => {
    const { rows } = await sql<AlertRow>`
      select participant_id, rule, anchor_enrolment_id, enrolment_ids, details, status from measure_career_alert
       where participant_id = any(${[...participantIds]}::uuid[])
       order by participant_id, rule, anchor_enrolment_id`.execute(trx);
    return rows;
  });
}

async function incremental(participantId: string, today = TODAY) {
  return withTenant(db, { municipalityId: municipality, userId: null }, (trx) =>
    detectForParticipant(trx, municipality, participantId, today),
  );
}

async function setStatus(participantId: string, rule: string, status: string, extra: Record<string, string>) {
  await withTenant(db, { municipalityId: municipality, userId: null }, (trx) =>
    trx
      .updateTable('measure_career_alert')
      .set({ status: status as 'open', ...extra })
      .where('participant_id', '=', participantId)
      .where('rule', '=', rule as 'no_progress')
      .execute(),
  );
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.handle.db;
  municipality = await createOrganisation(db);
  provider = await createProvider(db, municipality);
});

afterAll(async () => {
  await database?.close();
});

describe('full and incremental runs', () => {
  it('store the same alerts as each other and as the pure rules find', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbitraryHistory, { minLength: 1, maxLength: 6 }), async (histories) => {
        const stored = [];
        for (const h of histories) stored.push(await storeHistory(db, municipality, provider, h));
        const ids = stored.map((s) => s.participantId);
        for (const s of stored) await incremental(s.participantId);
        const fromIncremental = await alertsOf(ids);

        const expected = stored.flatMap((s) =>
          detectCareer(s.history, structuredClone(defaultCareerSettings) as never, TODAY).map((f) => ({
            participant_id: s.participantId,
            rule: f.rule,
            anchor_enrolment_id: f.anchorEnrolmentId,
            enrolment_ids: f.enrolmentIds,
            details: f.details,
            status: 'open',
          })),
        );
        const sortKey = (a: AlertRow) => `${a.participant_id}|${a.rule}|${a.anchor_enrolment_id}`;
        expected.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
        fromIncremental.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
        expect(fromIncremental).toEqual(expected);

        await withTenant(db, { municipalityId: municipality, userId: null }, (trx) =>
          trx.deleteFrom('measure_career_alert').where('participant_id', 'in', ids).execute(),
        );
        // Small batches, so that people fall into several ranges.
        await runFullDetection(db, { today: TODAY, municipalityId: municipality, batchSize: 3 });
        const fromFull = (await alertsOf(ids)).sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
        expect(fromFull).toEqual(fromIncremental);
      }),
      { numRuns: 25 },
    );
  });

  it('changes nothing when run again on the same data', async () => {
    await runFullDetection(db, { today: TODAY, municipalityId: municipality });
    const again = await runFullDetection(db, { today: TODAY, municipalityId: municipality });
    expect(again.participants).toBeGreaterThan(0);
    expect(again.findings).toBeGreaterThan(0);
    expect({ opened: again.opened, updated: again.updated, resolved: again.resolved }).toEqual({
      opened: 0,
      updated: 0,
      resolved: 0,
    });
  });

  it('runs over every municipality when none is named, each in its own tenant', async () => {
    const other = await createOrganisation(db);
    const otherProvider = await createProvider(db, other);
    const person = await storeHistory(
      db,
      other,
      otherProvider,
      history({
        enrolments: [
          enrolment({ startsOn: '2024-01-01', status: 'dropped_out', dropoutReason: 'health' }),
          enrolment({ startsOn: '2024-03-01', status: 'dropped_out', dropoutReason: 'overload' }),
        ],
      }),
    );
    const counts = await runFullDetection(db, { today: TODAY });
    expect(counts.opened).toBeGreaterThanOrEqual(1);
    const rules = await withTenant(db, { municipalityId: other, userId: null }, (trx) =>
      trx
        .selectFrom('measure_career_alert')
        .select('rule')
        .where('participant_id', '=', person.participantId)
        .execute(),
    );
    expect(rules.map((r) => r.rule).sort()).toEqual(['gap_after_measure', 'repeated_dropouts']);
  });
});

describe('alert life cycle', () => {
  const dropouts = () =>
    history({
      hasOpenCase: false,
      enrolments: [
        enrolment({ startsOn: '2024-01-01', endsOn: '2024-02-01', status: 'dropped_out', dropoutReason: 'health' }),
        enrolment({ startsOn: '2024-03-01', endsOn: '2024-04-01', status: 'dropped_out', dropoutReason: 'overload' }),
      ],
    });

  it('opens, refreshes, resolves and reopens an alert; keeps acknowledged and dismissed ones', async () => {
    // This municipality watches drop-outs only (its stored settings switch the other rules off).
    municipality = await createOrganisation(db);
    provider = await createProvider(db, municipality);
    const settings = { no_progress: { enabled: false }, repeated_same_level: { enabled: false } };
    await withTenant(db, { municipalityId: municipality, userId: null }, (trx) =>
      trx
        .insertInto('career_rule_setting')
        .values({ municipality_id: municipality, settings: JSON.stringify(settings), updated_by: null })
        .execute(),
    );
    const person = await storeHistory(db, municipality, provider, dropouts());
    const p = person.participantId;
    const [first, second] = person.history.enrolments.map((e) => e.id) as [string, string];
    expect(await incremental(p)).toMatchObject({ opened: 1, updated: 0, resolved: 0 });
    expect((await alertsOf([p]))[0]).toMatchObject({
      rule: 'repeated_dropouts',
      status: 'open',
      enrolment_ids: [first, second],
    });

    // A third drop-out: the same alert (same anchor) with three enrolments.
    const third = await storeThirdDropout(p, person.caseId);
    expect(await incremental(p)).toMatchObject({ opened: 0, updated: 1 });
    expect((await alertsOf([p]))[0]).toMatchObject({ status: 'open', enrolment_ids: [first, second, third] });

    // Success afterwards (B1 reached): the open alert is resolved.
    await withTenant(db, { municipalityId: municipality, userId: null }, (trx) =>
      trx.updateTable('enrolment').set({ cefr_level_reached: 'C1' }).where('id', '=', third).execute(),
    );
    expect(await incremental(p)).toMatchObject({ resolved: 1 });
    expect((await alertsOf([p]))[0]).toMatchObject({ status: 'resolved' });

    // The success taken back (a data error corrected): the same alert opens again, not a new one.
    await withTenant(db, { municipalityId: municipality, userId: null }, (trx) =>
      trx.updateTable('enrolment').set({ cefr_level_reached: null }).where('id', '=', third).execute(),
    );
    expect(await incremental(p)).toMatchObject({ opened: 0, updated: 1 });
    expect(await alertsOf([p])).toHaveLength(1);
    expect((await alertsOf([p]))[0]).toMatchObject({ status: 'open' });

    // Acknowledged: stays acknowledged when found again and when no longer found.
    await setStatus(p, 'repeated_dropouts', 'acknowledged', { plan: 'Coaching vor dem nächsten Kurs' });
    expect(await incremental(p)).toMatchObject({ opened: 0, updated: 0, resolved: 0 });
    await withTenant(db, { municipalityId: municipality, userId: null }, (trx) =>
      trx.updateTable('enrolment').set({ cefr_level_reached: 'C1' }).where('id', '=', third).execute(),
    );
    expect(await incremental(p)).toMatchObject({ resolved: 0 });
    expect((await alertsOf([p]))[0]).toMatchObject({ status: 'acknowledged' });

    // Dismissed: never reopened nor duplicated by a full run.
    await withTenant(db, { municipalityId: municipality, userId: null }, (trx) =>
      trx.updateTable('enrolment').set({ cefr_level_reached: null }).where('id', '=', third).execute(),
    );
    await setStatus(p, 'repeated_dropouts', 'dismissed', { dismissal_reason: 'Krankheit, inzwischen geklärt' });
    await runFullDetection(db, { today: TODAY, municipalityId: municipality });
    const after = await alertsOf([p]);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ status: 'dismissed', enrolment_ids: [first, second, third] });
  });

  async function storeThirdDropout(participantId: string, caseId: string): Promise<string> {
    const third = enrolment({
      startsOn: '2024-05-01',
      endsOn: '2024-06-01',
      status: 'dropped_out',
      dropoutReason: 'unknown',
      id: randomUUID(),
      offerId: randomUUID(),
      providerId: provider,
    });
    await withTenant(db, { municipalityId: municipality, userId: null }, (trx) =>
      storeEnrolment(trx, municipality, { participantId, caseId }, third),
    );
    return third.id;
  }
});
