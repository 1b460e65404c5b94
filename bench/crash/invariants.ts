// The invariants checked after every restart: a list of named checks, each returning the problems it found
// (empty = holds). Areas add their own (enrolments ≤ capacity; later payments ≤ decided amounts) by appending
// to STATE_CHECKS: a check reads the database as its owner/superuser and the ledger of acknowledged writes.
import type pg from 'pg';
import { formatVerification, runAuditVerify } from '../../src/cli/commands/audit.ts';
import { CHECKED_TABLES, type CheckedTable, type Ledger, type RowExpectation } from './ledger.ts';

export interface CheckContext {
  /** Superuser (or owner) connection to the application database: sees every tenant's rows. */
  db: pg.Client;
  connectionString: string;
  ledger: Ledger;
  /** Tag of the run: externalId prefix of its participants, prefix of every marker. */
  runTag: string;
}

export interface InvariantCheck {
  name: string;
  /** Why it must hold, for the report and docs/reliability.md. */
  why: string;
  run(ctx: CheckContext): Promise<string[]>;
}

export interface CheckResult {
  name: string;
  problems: string[];
  ms: number;
}

export async function runChecks<Context extends CheckContext>(
  checks: readonly { name: string; run(ctx: Context): Promise<string[]> }[],
  ctx: Context,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const started = performance.now();
    let problems: string[];
    try {
      problems = await check.run(ctx);
    } catch (error) {
      problems = [`the check itself failed: ${String(error)}`];
    }
    results.push({ name: check.name, problems, ms: Math.round(performance.now() - started) });
  }
  return results;
}

async function rows<T extends pg.QueryResultRow>(ctx: CheckContext, text: string, values: unknown[] = []) {
  return (await ctx.db.query<T>(text, values)).rows;
}

const runPattern = (ctx: CheckContext) => `${ctx.runTag}-%`;

// Tables of the run's participants and cases, as SQL fragments built from constants only.
const RUN_PARTICIPANTS = `select id, municipality_id from participant where external_id like $1`;
const RUN_CASES = `select c.id, c.municipality_id, c.participant_id, c.exited_on
                     from participant_case c join participant p
                       on p.municipality_id = c.municipality_id and p.id = c.participant_id
                    where p.external_id like $1`;
const CASE_CHILD_TABLES = [
  'case_assignment',
  'case_assessment',
  'case_goal',
  'case_step',
  'case_contact',
  'case_referral',
  'case_conference',
  'case_document',
] as const;

const acknowledgedWritesDurable: InvariantCheck = {
  name: 'acknowledged-writes-durable',
  why: 'A 2xx promised the write is stored: each acknowledged row exists with at least the acknowledged version, and with the acknowledged value while it is still at that version.',
  async run(ctx) {
    const byTable = new Map<CheckedTable, RowExpectation[]>();
    for (const write of ctx.ledger.writes) {
      for (const row of write.rows) byTable.set(row.table, [...(byTable.get(row.table) ?? []), row]);
    }
    const problems: string[] = [];
    for (const [table, expected] of byTable) {
      const columns = [...new Set(expected.flatMap((row) => (row.column ? [row.column.name] : [])))];
      const versioned = CHECKED_TABLES[table].versioned;
      const select = ['id::text as id', versioned ? 'version' : 'null::int as version', ...columns].join(', ');
      const found = await rows<Record<string, string | number | null>>(
        ctx,
        `select ${select} from ${table} where id = any($1::uuid[])`,
        [[...new Set(expected.map((row) => row.id))]],
      );
      const byId = new Map(found.map((row) => [String(row.id), row]));
      for (const row of expected) {
        const actual = byId.get(row.id);
        if (!actual) {
          problems.push(`${table} ${row.id}: acknowledged, but missing`);
          continue;
        }
        const version = actual.version === null ? null : Number(actual.version);
        if (row.version !== null && version !== null && version < row.version) {
          problems.push(`${table} ${row.id}: version ${version} < acknowledged ${row.version}`);
        } else if (row.column && (row.version === null || version === row.version)) {
          const value = actual[row.column.name];
          if (value !== row.column.value) {
            problems.push(
              `${table} ${row.id}: ${row.column.name} is ${JSON.stringify(value)}, acknowledged "${row.column.value}"`,
            );
          }
        }
      }
    }
    return problems;
  },
};

const acknowledgedWritesAudited: InvariantCheck = {
  name: 'acknowledged-writes-audited',
  why: 'Every change of personal data is logged in the same transaction: a participant or case has at least as many successful write entries in the audit log as writes were acknowledged for it.',
  async run(ctx) {
    const expected = new Map<string, number>();
    for (const write of ctx.ledger.writes) {
      expected.set(write.auditResourceId, (expected.get(write.auditResourceId) ?? 0) + 1);
    }
    if (expected.size === 0) return [];
    const found = await rows<{ resource_id: string; n: string }>(
      ctx,
      `select resource_id, count(*) as n from audit_log
        where resource_id = any($1::text[]) and outcome = 'success' and action <> 'read'
        group by resource_id`,
      [[...expected.keys()]],
    );
    const counts = new Map(found.map((row) => [row.resource_id, Number(row.n)]));
    return [...expected]
      .filter(([id, n]) => (counts.get(id) ?? 0) < n)
      .map(([id, n]) => `${id}: ${counts.get(id) ?? 0} audit entries for ${n} acknowledged writes`);
  },
};

const auditChainIntact: InvariantCheck = {
  name: 'audit-chain-intact',
  why: 'The audit log is hash-chained per municipality: after a crash every chain must still verify end to end and match its recorded head (audit:verify).',
  async run(ctx) {
    const result = await runAuditVerify({ connectionString: ctx.connectionString });
    if (result.ok) return [];
    return formatVerification(result)
      .split('\n')
      .filter((line) => line.includes('BROKEN'));
  },
};

const writesCarryTheirAuditEntry: InvariantCheck = {
  name: 'writes-carry-their-audit-entry',
  why: 'Write and audit entry commit together, acknowledged or not: no participant, case, case part or enrolment of the run exists without the audit entry of its creation.',
  async run(ctx) {
    const pattern = runPattern(ctx);
    const problems: string[] = [];
    const participants = await rows<{ id: string }>(
      ctx,
      `select p.id::text from (${RUN_PARTICIPANTS}) p where not exists (
         select 1 from audit_log a where a.municipality_id = p.municipality_id and a.participant_id = p.id
            and a.resource_type = 'participant' and a.action = 'create' and a.resource_id = p.id::text)`,
      [pattern],
    );
    problems.push(...participants.map((row) => `participant ${row.id} has no creation entry`));
    const cases = await rows<{ id: string }>(
      ctx,
      `select c.id::text from (${RUN_CASES}) c where not exists (
         select 1 from audit_log a where a.municipality_id = c.municipality_id and a.participant_id = c.participant_id
            and a.resource_type = 'case' and a.action = 'create' and a.resource_id = c.id::text
            and a.details->>'part' is null)`,
      [pattern],
    );
    problems.push(...cases.map((row) => `case ${row.id} has no creation entry`));
    for (const table of CASE_CHILD_TABLES.filter((name) => name !== 'case_assignment')) {
      const parts = await rows<{ id: string }>(
        ctx,
        `select r.id::text from ${table} r join (${RUN_CASES}) c on c.municipality_id = r.municipality_id and c.id = r.case_id
          where not exists (
            select 1 from audit_log a where a.municipality_id = r.municipality_id and a.participant_id = r.participant_id
               and a.details->>'partId' = r.id::text)`,
        [pattern],
      );
      problems.push(...parts.map((row) => `${table} ${row.id} has no audit entry`));
    }
    const enrolments = await rows<{ id: string }>(
      ctx,
      `select e.id::text from enrolment e join (${RUN_PARTICIPANTS}) p
           on p.municipality_id = e.municipality_id and p.id = e.participant_id
        where not exists (
          select 1 from audit_log a where a.municipality_id = e.municipality_id and a.resource_type = 'enrolment'
             and a.action = 'create' and a.resource_id = e.id::text)`,
      [pattern],
    );
    problems.push(...enrolments.map((row) => `enrolment ${row.id} has no creation entry`));
    return problems;
  },
};

const casesConsistent: InvariantCheck = {
  name: 'cases-consistent',
  why: 'No half-written case: every part belongs to an existing case of the same person, steps to a goal of the same case, an exit has its follow-up date, at most one open case per person and programme, and every case the run opened has its eligibility decision and its participation manager.',
  async run(ctx) {
    const problems: string[] = [];
    for (const table of CASE_CHILD_TABLES) {
      const bad = await rows<{ id: string; reason: string }>(
        ctx,
        `select r.id::text, case when c.id is null then 'its case is missing' else 'belongs to another person than its case' end as reason
           from ${table} r left join participant_case c on c.municipality_id = r.municipality_id and c.id = r.case_id
          where c.id is null or c.participant_id <> r.participant_id`,
      );
      problems.push(...bad.map((row) => `${table} ${row.id}: ${row.reason}`));
    }
    const steps = await rows<{ id: string }>(
      ctx,
      `select s.id::text from case_step s left join case_goal g on g.municipality_id = s.municipality_id and g.id = s.goal_id
        where g.id is null or g.case_id <> s.case_id`,
    );
    problems.push(...steps.map((row) => `case_step ${row.id}: its goal is missing or belongs to another case`));
    const exits = await rows<{ id: string }>(
      ctx,
      `select id::text from participant_case where exited_on is not null and follow_up_due_on is null`,
    );
    problems.push(...exits.map((row) => `case ${row.id}: exited without a follow-up date`));
    const open = await rows<{ participant_id: string; n: string }>(
      ctx,
      `select participant_id::text, count(*) as n from participant_case where exited_on is null
        group by municipality_id, participant_id, programme having count(*) > 1`,
    );
    problems.push(...open.map((row) => `participant ${row.participant_id}: ${row.n} open cases in one programme`));
    const unfinished = await rows<{ id: string; reason: string }>(
      ctx,
      `select c.id::text,
              case when pc.eligibility_decision is null or pc.eligibility_checked_at is null
                   then 'no eligibility decision' else 'no participation manager assigned' end as reason
         from (${RUN_CASES}) c join participant_case pc on pc.municipality_id = c.municipality_id and pc.id = c.id
        where pc.eligibility_decision is null or pc.eligibility_checked_at is null
           or not exists (select 1 from case_assignment a where a.municipality_id = c.municipality_id
                             and a.case_id = c.id and a.role = 'participation_manager')`,
      [runPattern(ctx)],
    );
    problems.push(...unfinished.map((row) => `case ${row.id}: ${row.reason}`));
    return problems;
  },
};

const participantsConsistent: InvariantCheck = {
  name: 'participants-consistent',
  why: 'A participant is created with its nested residence status and language in one transaction (all or nothing), and the gapless participant numbers never run ahead of their counter or repeat.',
  async run(ctx) {
    const problems: string[] = [];
    const partial = await rows<{ id: string }>(
      ctx,
      `select p.id::text from (${RUN_PARTICIPANTS}) p
        where not exists (select 1 from participant_residence_status s where s.municipality_id = p.municipality_id and s.participant_id = p.id)
           or not exists (select 1 from participant_language l where l.municipality_id = p.municipality_id and l.participant_id = p.id)`,
      [runPattern(ctx)],
    );
    problems.push(...partial.map((row) => `participant ${row.id}: created without its nested sub-records`));
    const counters = await rows<{ municipality_id: string; last_value: number | null; highest: string }>(
      ctx,
      `select p.municipality_id::text, k.last_value, max(substr(p.number, 4)::bigint)::text as highest
         from participant p left join participant_number_counter k on k.municipality_id = p.municipality_id
        group by p.municipality_id, k.last_value
       having k.last_value is null or max(substr(p.number, 4)::bigint) > k.last_value`,
    );
    problems.push(
      ...counters.map(
        (row) =>
          `municipality ${row.municipality_id}: number ${row.highest} beyond counter ${row.last_value ?? 'none'}`,
      ),
    );
    const repeated = await rows<{ number: string }>(
      ctx,
      `select number from participant group by municipality_id, number having count(*) > 1`,
    );
    problems.push(...repeated.map((row) => `participant number ${row.number} given twice`));
    return problems;
  },
};

const documentsIntact: InvariantCheck = {
  name: 'documents-intact',
  why: 'An uploaded document is stored whole: its content has the recorded size and SHA-256 (no torn write).',
  async run(ctx) {
    const torn = await rows<{ id: string }>(
      ctx,
      `select id::text from case_document
        where octet_length(content) <> size_bytes or encode(sha256(content), 'hex') <> sha256`,
    );
    return torn.map((row) => `case_document ${row.id}: content does not match its size or digest`);
  },
};

/** How many rows carry each attempted creation's marker, by "table:marker". */
async function markerCounts(ctx: CheckContext): Promise<Map<string, number>> {
  const byTable = new Map<CheckedTable, string[]>();
  for (const attempt of ctx.ledger.attempts) {
    byTable.set(attempt.table, [...(byTable.get(attempt.table) ?? []), attempt.marker]);
  }
  const present = new Map<string, number>();
  for (const [table, markers] of byTable) {
    const column = CHECKED_TABLES[table].markerColumn;
    const found = await rows<{ marker: string; n: string }>(
      ctx,
      `select ${column} as marker, count(*) as n from ${table} where ${column} = any($1::text[]) group by ${column}`,
      [markers],
    );
    for (const row of found) present.set(`${table}:${row.marker}`, Number(row.n));
  }
  return present;
}

const creationsNotDuplicated: InvariantCheck = {
  name: 'creations-not-duplicated',
  why: 'Every attempted creation, acknowledged or cut off by the kill, happened at most once.',
  async run(ctx) {
    const present = await markerCounts(ctx);
    return ctx.ledger.attempts.flatMap((attempt) => {
      const n = present.get(`${attempt.table}:${attempt.marker}`) ?? 0;
      return n > 1 ? [`${attempt.kind} ${attempt.marker}: created ${n} times`] : [];
    });
  },
};

const idempotencyKeysSettled: InvariantCheck = {
  name: 'idempotency-keys-settled',
  why: 'A creation that committed has its Idempotency-Key settled ("committed" by its own transaction, or "done" with the answer): a key left "in flight" after its work committed would be taken over after 2 minutes, and the client\'s retry would create the resource a second time.',
  async run(ctx) {
    const present = await markerCounts(ctx);
    const keyed = ctx.ledger.attempts.filter((attempt) => attempt.request);
    const keys = await rows<{ key: string; state: string }>(
      ctx,
      `select key, state from idempotency_key where key = any($1::text[]) and state = 'in_flight'`,
      [keyed.map((attempt) => attempt.request?.key)],
    );
    const inFlight = new Set(keys.map((row) => row.key));
    return keyed.flatMap((attempt) => {
      const committed = (present.get(`${attempt.table}:${attempt.marker}`) ?? 0) > 0;
      if (!committed || !inFlight.has(attempt.request?.key ?? '')) return [];
      const answer = attempt.acknowledged ? 'acknowledged' : 'answer lost';
      return [`${attempt.kind} ${attempt.marker}: committed, but its Idempotency-Key is still in flight (${answer})`];
    });
  },
};

const enrolmentsWithinCapacity: InvariantCheck = {
  name: 'enrolments-within-capacity',
  why: 'An offer never has more active enrolments than seats, however enrolments and capacity changes interleave with a crash (the rest waits on the waiting list).',
  async run(ctx) {
    const over = await rows<{ id: string; capacity: number; active: string }>(
      ctx,
      `select o.id::text, o.capacity, count(*) as active
         from offer o join enrolment e on e.municipality_id = o.municipality_id and e.offer_id = o.id
        where e.status = 'active' and o.capacity is not null
        group by o.municipality_id, o.id, o.capacity
       having count(*) > o.capacity`,
    );
    return over.map((row) => `offer ${row.id}: ${row.active} active enrolments for ${row.capacity} seats`);
  },
};

const paymentsWithinDecided: InvariantCheck = {
  name: 'payments-within-decided',
  why: 'Payments never exceed the decided amount per grant, strand and year, however concurrent second approvals interleave with a crash, and the paid counter the limit is kept on equals the sum of the payment ledger.',
  async run(ctx) {
    const bad = await rows<{
      grant_id: string;
      strand: string;
      budget_year: number;
      decided: string;
      paid: string;
      ledger: string;
    }>(
      ctx,
      `select a.grant_id::text, a.strand, a.budget_year, a.decided_cents::text as decided, a.paid_cents::text as paid,
              coalesce(l.total, 0)::text as ledger
         from grant_amount a
         left join (select municipality_id, grant_id, strand, budget_year, sum(amount_cents) as total from payment
                     group by municipality_id, grant_id, strand, budget_year) l
           on l.municipality_id = a.municipality_id and l.grant_id = a.grant_id and l.strand = a.strand
          and l.budget_year = a.budget_year
        where a.paid_cents > a.decided_cents or a.paid_cents <> coalesce(l.total, 0)`,
    );
    return bad.map(
      (row) =>
        `grant ${row.grant_id} ${row.strand} ${row.budget_year}: paid ${row.paid} (ledger ${row.ledger}), decided ${row.decided}`,
    );
  },
};

const ledgerAppendOnly: InvariantCheck = {
  name: 'ledger-append-only',
  why: 'A booked payment stays booked: every second approval the server acknowledged has its payments in the ledger for the whole request, and every paid request has exactly its lines booked, once.',
  async run(ctx) {
    const problems: string[] = [];
    const acknowledged = ctx.ledger.bookings;
    if (acknowledged.length > 0) {
      const found = await rows<{ request_id: string; total: string }>(
        ctx,
        `select request_id::text, sum(amount_cents)::text as total from payment
          where request_id = any($1::uuid[]) and kind = 'payment' group by request_id`,
        [acknowledged.map((booking) => booking.requestId)],
      );
      const totals = new Map(found.map((row) => [row.request_id, Number(row.total)]));
      for (const booking of acknowledged) {
        const total = totals.get(booking.requestId) ?? 0;
        if (total !== booking.totalCents) {
          problems.push(`request ${booking.requestId}: ${total} cents booked, acknowledged ${booking.totalCents}`);
        }
      }
    }
    const unbooked = await rows<{ id: string; lines: string; booked: string }>(
      ctx,
      `select r.id::text, l.total::text as lines, coalesce(p.total, 0)::text as booked
         from payment_request r
         join (select municipality_id, request_id, sum(amount_cents) as total from payment_request_line
                group by municipality_id, request_id) l on l.municipality_id = r.municipality_id and l.request_id = r.id
         left join (select municipality_id, request_id, sum(amount_cents) as total from payment where kind = 'payment'
                     group by municipality_id, request_id) p on p.municipality_id = r.municipality_id and p.request_id = r.id
        where (r.status = 'paid') <> (p.total is not null) or (r.status = 'paid' and p.total <> l.total)`,
    );
    problems.push(...unbooked.map((row) => `request ${row.id}: lines of ${row.lines} cents, ${row.booked} booked`));
    return problems;
  },
};

/** Read-only checks of the stored state, in the order they run. */
export const STATE_CHECKS: readonly InvariantCheck[] = [
  acknowledgedWritesDurable,
  acknowledgedWritesAudited,
  auditChainIntact,
  writesCarryTheirAuditEntry,
  casesConsistent,
  participantsConsistent,
  documentsIntact,
  creationsNotDuplicated,
  idempotencyKeysSettled,
  enrolmentsWithinCapacity,
  paymentsWithinDecided,
  ledgerAppendOnly,
];
