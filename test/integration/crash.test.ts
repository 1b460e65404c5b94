// The crash test's own test: two real iterations (SIGKILL of the app, then of the app and PostgreSQL) must
// leave every invariant intact, and each invariant check must fail on a state broken on purpose — a checker
// that cannot fail proves nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks, STATE_CHECKS, type CheckResult } from '../../bench/crash/invariants.ts';
import { API_CHECKS, type ApiCheckContext } from '../../bench/crash/replay.ts';
import { createCrashRun, type CrashRun, type IterationReport } from '../../bench/crash/run.ts';

let run: CrashRun;
let reports: IterationReport[];

beforeAll(async () => {
  run = await createCrashRun({
    iterations: 2,
    seed: 20261129,
    workers: 4,
    // Long enough for every kind of write to be acknowledged at least once, even on a busy machine.
    minKillMs: 2_500,
    maxKillMs: 3_500,
    postgresKillShare: 0,
    killModes: ['app', 'app+postgres'],
    keep: false,
  });
  reports = await run.run();
}, 240_000);

afterAll(async () => {
  await run.cleanup();
}, 60_000);

async function allChecks(ctx: ApiCheckContext): Promise<Map<string, string[]>> {
  const results: CheckResult[] = [...(await runChecks(STATE_CHECKS, ctx)), ...(await runChecks(API_CHECKS, ctx))];
  return new Map(results.map((result) => [result.name, result.problems]));
}

/** The checks whose problems changed from `before` to `after`. */
function changed(before: Map<string, string[]>, after: Map<string, string[]>): string[] {
  return [...after]
    .filter(([name, problems]) => JSON.stringify(problems) !== JSON.stringify(before.get(name)))
    .map(([name]) => name)
    .sort();
}

describe('crash test', () => {
  it('keeps every acknowledged write and every invariant through SIGKILL of the app and of PostgreSQL', () => {
    expect(reports.map((report) => report.killMode)).toEqual(['app', 'app+postgres']);
    for (const report of reports) {
      expect(report.acknowledgedTotal).toBeGreaterThan(0);
      const failed = report.checks.filter((check) => check.problems.length > 0);
      expect(failed).toEqual([]);
      // Every check ran, the restart and server-error checks included.
      expect(report.checks.map((check) => check.name)).toEqual(
        expect.arrayContaining([
          'restart-recovered',
          ...STATE_CHECKS.map((c) => c.name),
          ...API_CHECKS.map((c) => c.name),
        ]),
      );
    }
    const kinds = new Set(reports.flatMap((report) => Object.keys(report.acknowledged)));
    expect([...kinds]).toEqual(expect.arrayContaining(['participant.create', 'case.create', 'payment.approve']));
  });

  it('fails each check on a state broken on purpose', async () => {
    await run.inspect(async (inspected) => {
      const writes = inspected.ledger.writes;
      const acknowledgedRow = (tables: string[]) => {
        const row = writes.flatMap((write) => write.rows).find((candidate) => tables.includes(candidate.table));
        if (!row) throw new Error(`no acknowledged row of ${tables.join(', ')} in the run`);
        return row;
      };
      // A creation whose marker no later write overwrites (goals' and steps' titles, cases' notes are changed).
      const creation = writes.find(
        (write) =>
          write.replay &&
          ['case.contact', 'case.conference', 'case.referral', 'case.assessment', 'case.document'].includes(write.kind),
      );
      if (!creation?.replay) throw new Error('no acknowledged creation of case work in the run');
      // The API checks replay the keys of the iteration they are given: that of the chosen creation.
      const ctx: ApiCheckContext = { ...inspected, iteration: creation.iteration };
      const sql = (text: string, values: unknown[] = []) => ctx.db.query(text, values);
      // The torn-document fault needs a document; on a slow machine the run may not have uploaded one.
      const documents = await sql('select count(*)::int as n from case_document');
      if ((documents.rows[0] as { n: number }).n === 0) {
        const open = await sql(
          `select id from participant_case where exited_on is null and intake_notes like $1 limit 1`,
          [`${ctx.runTag}-%`],
        );
        const form = new FormData();
        form.set('title', 'Nachweis');
        form.set('kind', 'letter');
        form.set('file', new Blob(['Schreiben\n'], { type: 'text/plain' }), 'nachweis.txt');
        const caseId = (open.rows[0] as { id: string } | undefined)?.id;
        const upload = await ctx.api.request('POST', `/api/v1/cases/${caseId}/documents`, { form });
        expect(upload.status).toBe(201);
      }
      let before = await allChecks(ctx);
      const expectBreaks = async (tamper: () => Promise<unknown>, names: string[]) => {
        await tamper();
        const after = await allChecks(ctx);
        expect(changed(before, after)).toEqual([...names].sort());
        for (const name of names) expect(after.get(name)?.length).toBeGreaterThan(before.get(name)?.length ?? 0);
        before = after;
      };
      const participant = writes.find((write) => write.kind === 'participant.create')?.rows[0];
      if (!participant) throw new Error('no participant created in the run');

      // A lost acknowledged write: a row the server confirmed is gone.
      const lost = acknowledgedRow(
        [
          'case_referral',
          'case_assessment',
          'case_contact',
          'case_conference',
          'participant_schooling',
          'participant_consent',
        ].filter((table) => table !== creation.rows[0]?.table),
      );
      await expectBreaks(
        () => sql(`delete from ${lost.table} where id = $1`, [lost.id]),
        ['acknowledged-writes-durable'],
      );
      // A broken audit chain: one entry changed behind the append-only trigger's back.
      await expectBreaks(async () => {
        await sql('alter table audit_log disable trigger audit_append_only');
        await sql(
          `update audit_log set user_agent = 'tampered'
            where (municipality_id, seq) = (select municipality_id, max(seq) from audit_log group by municipality_id limit 1)`,
        );
        await sql('alter table audit_log enable trigger audit_append_only');
      }, ['audit-chain-intact']);
      // A half-written case: in the table without its eligibility decision, assignment or audit entry.
      await expectBreaks(
        () =>
          sql(
            `insert into participant_case (municipality_id, participant_id, programme, opened_on, intake_notes)
             select municipality_id, id, 'half_written', current_date, 'tampered' from participant where id = $1`,
            [participant.id],
          ),
        ['cases-consistent', 'writes-carry-their-audit-entry'],
      );
      // A contact of a case that does not exist (foreign keys are triggers, off in replica mode).
      await expectBreaks(async () => {
        await sql('set session_replication_role = replica');
        await sql(
          `insert into case_contact (municipality_id, case_id, participant_id, occurred_at, channel, topic)
           select municipality_id, gen_random_uuid(), id, now(), 'phone', 'orphan' from participant where id = $1`,
          [participant.id],
        );
        await sql('set session_replication_role = origin');
      }, ['cases-consistent']);
      // A participant created by halves: its nested language (acknowledged with it) is missing.
      await expectBreaks(
        () => sql(`delete from participant_language where participant_id = $1`, [participant.id]),
        ['participants-consistent', 'acknowledged-writes-durable'],
      );
      // A torn document.
      await expectBreaks(
        () => sql(`update case_document set content = substring(content from 1 for 1) where octet_length(content) > 1`),
        ['documents-intact'],
      );
      // A creation that happened twice: a copy of the chosen one under a new id.
      const created = creation.rows[0];
      if (!created) throw new Error('the chosen creation has no row');
      await expectBreaks(
        () =>
          sql(
            `insert into ${created.table}
             select (jsonb_populate_record(null::${created.table}, to_jsonb(t) || jsonb_build_object('id', gen_random_uuid()))).*
               from ${created.table} t where id = $1`,
            [created.id],
          ),
        // Written behind the service's back, the copy also lacks its audit entry; the copy of a document torn
        // above is a further torn document.
        [
          'creations-not-duplicated',
          'writes-carry-their-audit-entry',
          ...(created.table === 'case_document' ? ['documents-intact'] : []),
        ],
      );
      // An offer with more active enrolments than seats (the capacity trigger bypassed in replica mode).
      await expectBreaks(async () => {
        await sql('set session_replication_role = replica');
        await sql(
          `with provider as (
             insert into organisation (kind, name) values ('provider', 'Überbucht e.V. ' || gen_random_uuid()) returning id
           ), full_offer as (
             insert into offer (municipality_id, provider_id, title, type, place, capacity, status)
             select p.municipality_id, provider.id, 'Überbucht', 'integration_course', 'Köln', 1, 'running'
               from participant p, provider where p.id = $1 returning municipality_id, id
           )
           insert into enrolment (municipality_id, participant_id, offer_id, referred_on, starts_on, status)
           select o.municipality_id, p.id, o.id, current_date, current_date, 'active'
             from full_offer o cross join lateral (
               select id from participant where municipality_id = o.municipality_id and external_id like $2
                order by id limit 2) p`,
          [participant.id, `${ctx.runTag}-%`],
        );
        await sql('set session_replication_role = origin');
        // Written behind the service's back, the run's enrolments also lack their audit entries.
      }, ['enrolments-within-capacity', 'writes-carry-their-audit-entry']);
      // A committed creation whose key is still in flight: its replay answers 409 instead of the stored response.
      await expectBreaks(
        () =>
          sql(
            `update idempotency_key set state = 'in_flight', response_status = null, response_sealed = null,
                    created_at = now() where key = $1`,
            [creation.replay?.request.key],
          ),
        ['idempotency-keys-settled', 'idempotent-replay-acknowledged'],
      );
      const booked = inspected.ledger.bookings[0];
      if (!booked) throw new Error('no second approval acknowledged in the run');
      const grantOf = await sql('select grant_id from payment_request where id = $1', [booked.requestId]);
      const bookedGrant = (grantOf.rows[0] as { grant_id: string }).grant_id;
      // An acknowledged booking gone from the ledger (its counter lowered with it, so that only the ledger shows it).
      await expectBreaks(
        () =>
          sql(
            `with gone as (delete from payment where request_id = $1
                           returning municipality_id, grant_id, strand, budget_year, amount_cents)
             update grant_amount a set paid_cents = a.paid_cents - g.amount_cents
               from gone g where a.municipality_id = g.municipality_id and a.grant_id = g.grant_id
                and a.strand = g.strand and a.budget_year = g.budget_year`,
            [booked.requestId],
          ),
        ['ledger-append-only'],
      );
      // Paid beyond the decided amount (its CHECK dropped: the run's database is thrown away afterwards).
      await expectBreaks(async () => {
        await sql('alter table grant_amount drop constraint grant_amount_paid_within_decided');
        await sql('update grant_amount set paid_cents = decided_cents + 1 where grant_id = $1', [bookedGrant]);
      }, ['payments-within-decided']);
      // A payment booked behind the counter's back (its trigger off in replica mode) on another grant.
      await expectBreaks(async () => {
        await sql('set session_replication_role = replica');
        await sql(
          `insert into payment (municipality_id, grant_id, strand, budget_year, kind, amount_cents, booked_on, booked_by)
           select a.municipality_id, a.grant_id, a.strand, a.budget_year, 'payment', 1, current_date, u.id
             from grant_amount a cross join (select id from app_user order by id limit 1) u
            where a.grant_id <> $1 limit 1`,
          [bookedGrant],
        );
        await sql('set session_replication_role = origin');
      }, ['payments-within-decided']);
    });
  }, 120_000);
});
