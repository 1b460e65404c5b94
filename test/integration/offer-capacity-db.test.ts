// Capacity is enforced by the database itself (migration 0012's triggers), under the application role and
// row-level security, whatever a service does: concurrent enrolments never take more seats than the offer has,
// and the seats cannot be reduced below the active enrolments. The migration also goes down and up again.
import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../src/app.ts';
import type { Database } from '../../src/database.ts';
import { migrateTo, migrateToLatest } from '../../src/platform/db/migrations.ts';
import { withTenant } from '../../src/platform/db/rls.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { insertEnrolment } from '../helpers/offer-factories.ts';
import { insertTestOffer, insertTestParticipant } from '../helpers/tenant-factories.ts';

let database: TestDatabase;
let municipalityId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const row = await database.handle.db
    .insertInto('organisation')
    .values({ kind: 'municipality', name: 'Kapazitätshausen', municipality_kind: 'district_free_city' })
    .returning('id')
    .executeTakeFirstOrThrow();
  municipalityId = row.id;
});

afterAll(async () => {
  await database?.close();
});

const inTenant = <T>(work: (trx: Transaction<Database>) => Promise<T>) =>
  withTenant(database.handle.db, { municipalityId, userId: null }, work);

async function enrol(offerId: string, participantId: string, status: 'active' | 'waiting' = 'active') {
  return inTenant((trx) =>
    insertEnrolment(
      trx,
      { municipality_id: municipalityId, participant_id: participantId, offer_id: offerId },
      { referred_on: '2026-01-10', starts_on: '2026-02-01', status },
    ),
  );
}

async function activeCount(offerId: string): Promise<number> {
  return inTenant(async (trx) => {
    const row = await trx
      .selectFrom('enrolment')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('offer_id', '=', offerId)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  });
}

describe('capacity in the database', () => {
  it('lets exactly as many of 12 concurrent enrolments become active as the offer has seats', async () => {
    const { offerId } = await inTenant((trx) => insertTestOffer(trx, municipalityId, { capacity: 4 }));
    const people = await inTenant(async (trx) => {
      const ids: string[] = [];
      for (let i = 0; i < 12; i += 1) ids.push(await insertTestParticipant(trx, municipalityId));
      return ids;
    });
    const results = await Promise.allSettled(people.map((participantId) => enrol(offerId, participantId)));
    const refused = results.filter((result) => result.status === 'rejected');
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(4);
    expect(refused).toHaveLength(8);
    for (const result of refused) {
      expect(String(result.reason)).toMatch(/is full/);
      expect((result.reason as { code?: string; constraint?: string }).code).toBe('23514');
      expect((result.reason as { constraint?: string }).constraint).toBe('enrolment_within_capacity');
    }
    expect(await activeCount(offerId)).toBe(4);
    // The waiting list is not limited, and a waiting enrolment cannot be made active while the offer is full.
    const waiting = await enrol(offerId, people[11] ?? '', 'waiting');
    await expect(
      inTenant((trx) => trx.updateTable('enrolment').set({ status: 'active' }).where('id', '=', waiting).execute()),
    ).rejects.toThrow(/is full/);
  });

  it('refuses to reduce the seats below the active enrolments, and allows it down to them', async () => {
    const { offerId } = await inTenant((trx) => insertTestOffer(trx, municipalityId, { capacity: 3 }));
    for (let i = 0; i < 2; i += 1) {
      const participantId = await inTenant((trx) => insertTestParticipant(trx, municipalityId));
      await enrol(offerId, participantId);
    }
    const setCapacity = (capacity: number | null) =>
      inTenant((trx) => trx.updateTable('offer').set({ capacity }).where('id', '=', offerId).execute());
    await expect(setCapacity(1)).rejects.toThrow(/more than 1 seats/);
    await setCapacity(2);
    await setCapacity(null);
    const participantId = await inTenant((trx) => insertTestParticipant(trx, municipalityId));
    await enrol(offerId, participantId);
    expect(await activeCount(offerId)).toBe(3);
  });
});

describe('migration 20261130_0012_offers', () => {
  it('goes down and up again', async () => {
    const fresh = await createTestDatabase();
    try {
      const connection = fresh.handle.migrationConnection;
      const exists = async () =>
        (
          await sql<{ present: boolean }>`select to_regclass('enrolment') is not null as present`.execute(
            fresh.handle.db,
          )
        ).rows[0]?.present;
      expect(await exists()).toBe(true);
      await migrateTo(connection, MIGRATIONS_FOLDER, '20261129_0011_audit_batch');
      expect(await exists()).toBe(false);
      await migrateToLatest(connection, MIGRATIONS_FOLDER);
      expect(await exists()).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});
