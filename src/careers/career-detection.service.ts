// The measure-career detector's runs (docs/measure-careers.md). The FULL run reads every person's history of a
// municipality in ranges of participant ids — one query per range returns a row per person with the enrolments,
// the facts and the stored alerts aggregated by PostgreSQL (career.repository.ts historiesIn), never a query per
// person —, evaluates the pure rules, compares the findings with the stored alerts person by person and applies
// the difference in bulk; reading the next range and writing the previous one overlap with the rules in Node.
// The INCREMENTAL run does the same for one person inside the transaction of an enrolment change. Both share
// historiesIn, evaluateRange and diffPerson, so they cannot disagree.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../database.ts';
import { withTenant } from '../platform/db/rls.ts';
import {
  findSettings,
  historiesIn,
  insertAlerts,
  municipalityIds,
  offerFactsOf,
  preferIndexOrder,
  rangeEnds,
  refreshAlerts,
  resolveAlerts,
  type AlertRefresh,
  type HistoryRow,
  type NewAlert,
  type OfferFacts,
  type ParticipantRange,
  type StoredAlert,
} from './career.repository.ts';
import { careerEnrolments, careerHistory, storedAlerts, withOfferFacts } from './career-history.rows.ts';
import { detectCareer, type CareerEnrolment, type CareerFinding } from './career.rules.ts';
import { careerSettingsSchema, type CareerSettings } from './career.schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** What a run did. */
export interface DetectionCounts {
  /** People with at least one enrolment that were evaluated. */
  participants: number;
  enrolments: number;
  /** Patterns found (open, acknowledged or dismissed alerts, new or known). */
  findings: number;
  opened: number;
  updated: number;
  resolved: number;
}

export function noCounts(): DetectionCounts {
  return { participants: 0, enrolments: 0, findings: 0, opened: 0, updated: 0, resolved: 0 };
}

function add(total: DetectionCounts, part: DetectionCounts): void {
  total.participants += part.participants;
  total.enrolments += part.enrolments;
  total.findings += part.findings;
  total.opened += part.opened;
  total.updated += part.updated;
  total.resolved += part.resolved;
}

/** The municipality's settings: stored ones (validated when saved) with defaults for what they leave out. */
export async function settingsOf(db: Db, municipalityId: string): Promise<CareerSettings> {
  const stored = await findSettings(db, municipalityId);
  return careerSettingsSchema.parse(stored?.settings ?? {});
}

/**
 * A JSON value as PostgreSQL prints it as jsonb: object keys ordered by length, then bytes; ", " and ": " between
 * items. Comparing this with the stored text spares parsing every stored alert's figures in a full run.
 */
export function jsonbText(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(', ')}]`;
  const record = value as Record<string, unknown>;
  const keys = jsonbKeyOrder(Object.keys(record).filter((key) => record[key] !== undefined));
  return `{${keys.map((key) => `${JSON.stringify(key)}: ${jsonbText(record[key])}`).join(', ')}}`;
}

// The findings of one rule always have the same keys: their jsonb order is computed once per set of keys.
const keyOrders = new Map<string, readonly string[]>();
function jsonbKeyOrder(keys: string[]): readonly string[] {
  const signature = keys.join(',');
  let order = keyOrders.get(signature);
  if (!order) {
    order = [...keys].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
    if (keyOrders.size < 1000) keyOrders.set(signature, order);
  }
  return order;
}

function uuidArrayText(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}

/** What has to change in the stored alerts for these findings. */
export interface AlertDiff {
  inserts: NewAlert[];
  refreshes: AlertRefresh[];
  resolves: string[];
}

export function noDiff(): AlertDiff {
  return { inserts: [], refreshes: [], resolves: [] };
}

/**
 * One person's findings against their stored alerts (an alert is the person × rule × anchor), added to `diff`.
 * New findings become open alerts; a finding seen again refreshes its alert's enrolments and figures when they
 * changed (acknowledged and dismissed alerts keep their state; a resolved one opens again); an open alert no
 * longer found is resolved. Acknowledged and dismissed alerts are never duplicated nor reopened. A person has a
 * handful of alerts at most: they are matched by a linear search, without keys.
 */
export function diffPerson(
  participantId: string,
  findings: readonly CareerFinding[],
  stored: readonly StoredAlert[],
  diff: AlertDiff,
): void {
  const seen: boolean[] = stored.map(() => false);
  for (const finding of findings) {
    const index = stored.findIndex(
      (alert) => alert.rule === finding.rule && alert.anchor_enrolment_id === finding.anchorEnrolmentId,
    );
    const alert = stored[index];
    if (alert === undefined) {
      diff.inserts.push({
        participant_id: participantId,
        rule: finding.rule,
        anchor_enrolment_id: finding.anchorEnrolmentId,
        enrolment_ids: finding.enrolmentIds,
        details: finding.details,
      });
      continue;
    }
    seen[index] = true;
    const reopen = alert.status === 'resolved';
    if (
      reopen ||
      alert.enrolment_ids !== uuidArrayText(finding.enrolmentIds) ||
      alert.details !== jsonbText(finding.details)
    ) {
      diff.refreshes.push({ id: alert.id, enrolment_ids: finding.enrolmentIds, details: finding.details, reopen });
    }
  }
  for (const [index, alert] of stored.entries()) {
    if (alert.status === 'open' && !seen[index]) diff.resolves.push(alert.id);
  }
}

/** diffPerson for everyone of these findings and stored alerts. */
export function diffAlerts(findings: ReadonlyMap<string, CareerFinding[]>, stored: readonly StoredAlert[]): AlertDiff {
  const byPerson = new Map<string, StoredAlert[]>();
  for (const alert of stored) {
    const list = byPerson.get(alert.participant_id);
    if (list) list.push(alert);
    else byPerson.set(alert.participant_id, [alert]);
  }
  const diff = noDiff();
  for (const [participantId, list] of findings) {
    diffPerson(participantId, list, byPerson.get(participantId) ?? [], diff);
    byPerson.delete(participantId);
  }
  for (const [participantId, list] of byPerson) diffPerson(participantId, [], list, diff);
  return diff;
}

/** What the rules found for a person with findings or stored alerts (the others need no diff). */
export interface PersonFindings {
  participantId: string;
  findings: CareerFinding[];
  stored: StoredAlert[];
}

/** What the rules find in a range. */
export interface RangeFindings {
  people: PersonFindings[];
  counts: DetectionCounts;
}

/** The difference for the people of a range. */
export function diffRange(people: readonly PersonFindings[]): AlertDiff {
  const diff = noDiff();
  for (const person of people) diffPerson(person.participantId, person.findings, person.stored, diff);
  return diff;
}

const YIELD_EVERY = 128;

/**
 * Runs the rules over the people of a range (read by historiesIn). `offers` may lack offers created since it was
 * loaded: `fetchOffers` adds them.
 */
export async function evaluateRange(
  rows: readonly HistoryRow[],
  offers: Map<string, OfferFacts>,
  fetchOffers: (ids: readonly string[]) => Promise<Map<string, OfferFacts>>,
  settings: CareerSettings,
  today: string,
): Promise<RangeFindings> {
  const people: PersonFindings[] = [];
  const counts = noCounts();
  // People with an offer not loaded yet wait until the missing offers are fetched (rarely: offers created since).
  const waiting: { row: HistoryRow; enrolments: CareerEnrolment[] }[] = [];
  const missing = new Set<string>();
  const evaluate = (row: HistoryRow, enrolments: CareerEnrolment[] | null) => {
    let findings: CareerFinding[] = [];
    if (enrolments) {
      counts.participants += 1;
      counts.enrolments += enrolments.length;
      findings = detectCareer(careerHistory(row, enrolments), settings, today);
      counts.findings += findings.length;
    }
    const stored = storedAlerts(row);
    if (findings.length > 0 || stored.length > 0) people.push({ participantId: row.participant_id, findings, stored });
  };
  for (const [index, row] of rows.entries()) {
    // A full run's next read and previous write proceed only while Node attends to their round trips.
    if (index % YIELD_EVERY === YIELD_EVERY - 1) await new Promise<void>((resolve) => setImmediate(resolve));
    const before = missing.size;
    const enrolments = row.enrolments === null ? null : careerEnrolments(row.enrolments, offers, missing);
    if (enrolments !== null && missing.size > before) waiting.push({ row, enrolments });
    else evaluate(row, enrolments);
  }
  if (waiting.length > 0) {
    for (const [id, offer] of await fetchOffers([...missing])) offers.set(id, offer);
    for (const { row, enrolments } of waiting) {
      withOfferFacts(enrolments, offers);
      evaluate(row, enrolments);
    }
  }
  return { people, counts };
}

/** Applies a difference to the stored alerts; the counts of what changed. */
async function applyDiff(
  trx: Transaction<Database>,
  municipalityId: string,
  diff: AlertDiff,
  counts: DetectionCounts,
): Promise<void> {
  counts.opened += await insertAlerts(trx, municipalityId, diff.inserts);
  counts.updated += await refreshAlerts(trx, municipalityId, diff.refreshes);
  counts.resolved += await resolveAlerts(trx, municipalityId, diff.resolves);
}

const isEmpty = (diff: AlertDiff) =>
  diff.inserts.length === 0 && diff.refreshes.length === 0 && diff.resolves.length === 0;

/** How many people a full run evaluates per range (one read, one write transaction when anything changed). */
export const FULL_RUN_BATCH = 2000;

/** One range of a municipality as the full run reads it. */
interface RangeRead {
  municipalityId: string;
  settings: CareerSettings;
  offers: Map<string, OfferFacts>;
  rows: HistoryRow[];
}

/**
 * The reads of a full run, one range after the other: next() starts reading the next range (after reading the
 * settings, offers and range ends of a municipality when it starts one), or is null at the end. Each read is its
 * own short transaction.
 */
function rangeReader(db: Kysely<Database>, municipalities: readonly string[], batchSize: number) {
  let index = -1;
  let current: Omit<RangeRead, 'rows'> & { ranges: { after: string | null; through: string | null }[] } = {
    municipalityId: '',
    settings: careerSettingsSchema.parse({}),
    offers: new Map(),
    ranges: [],
  };
  // The read comes wrapped: an async function returning a promise would wait for it.
  return async function next(): Promise<{ read: Promise<RangeRead> } | null> {
    while (current.ranges.length === 0) {
      index += 1;
      const municipalityId = municipalities[index];
      if (municipalityId === undefined) return null;
      current = await withTenant(db, { municipalityId, userId: null }, async (trx) => {
        const ends = await rangeEnds(trx, municipalityId, batchSize);
        return {
          municipalityId,
          settings: await settingsOf(trx, municipalityId),
          offers: await offerFactsOf(trx, municipalityId),
          // (null, e1], (e1, e2], …, (en, null): the last one takes in people added since the ends were read.
          ranges: [...ends, null].map((through, n) => ({ after: ends[n - 1] ?? null, through })),
        };
      });
    }
    const { municipalityId, settings, offers } = current;
    const range = current.ranges.shift() as ParticipantRange;
    const read = withTenant(db, { municipalityId, userId: null }, async (trx) => {
      await preferIndexOrder(trx);
      return { municipalityId, settings, offers, rows: await historiesIn(trx, municipalityId, range) };
    });
    return { read };
  };
}

/**
 * Ranges read ahead while Node evaluates one, so that PostgreSQL works on a second core meanwhile (at NRW scale
 * two measured slightly faster than one; more did not help).
 */
const READ_AHEAD = 2;

/** Ranges whose writes may wait behind the one under way (bounds the memory of a first run's inserts). */
const WRITES_PENDING = 3;

// A promise whose rejection is handled where it is awaited later (not an unhandled rejection meanwhile).
function started<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * The full run: every person of the municipality given (or of every municipality), in ranges of participant ids.
 * Reading, the rules and writing overlap: while Node evaluates a range, PostgreSQL reads the next ones and writes
 * the changes of the previous ones, each read and each write in its own short transaction (enrolment changes
 * meanwhile wait for one range's writes at most). The writes guard the states they change (see the repository),
 * as reads take no locks. `today` is the ISO date the rules count months to.
 */
export async function runFullDetection(
  db: Kysely<Database>,
  options: { today: string; municipalityId?: string; batchSize?: number },
): Promise<DetectionCounts> {
  const batchSize = options.batchSize ?? FULL_RUN_BATCH;
  const municipalities = options.municipalityId ? [options.municipalityId] : await municipalityIds(db);
  const next = rangeReader(db, municipalities, batchSize);
  const reads: Promise<RangeRead>[] = [];
  let end = false;
  // Keeps READ_AHEAD reads under way besides the range being evaluated.
  const readAhead = async () => {
    while (!end && reads.length < READ_AHEAD) {
      const upcoming = await next();
      if (upcoming === null) end = true;
      else reads.push(started(upcoming.read));
    }
  };
  const total = noCounts();
  let reading = started(readAhead());
  // Writes run one after the other, in range order, while Node evaluates the next ranges; at most WRITES_PENDING.
  const writes: Promise<void>[] = [];
  try {
    for (;;) {
      await reading;
      const read = reads.shift();
      if (read === undefined) break;
      reading = started(readAhead());
      const { municipalityId, offers, rows, settings } = await read;
      const scope = { municipalityId, userId: null };
      const { people, counts } = await evaluateRange(
        rows,
        offers,
        (ids) => withTenant(db, scope, (trx) => offerFactsOf(trx, municipalityId, ids)),
        settings,
        options.today,
      );
      add(total, counts);
      const diff = diffRange(people);
      if (isEmpty(diff)) continue;
      if (writes.length >= WRITES_PENDING) await writes.shift();
      const previous = writes.at(-1) ?? Promise.resolve();
      writes.push(
        started(previous.then(() => withTenant(db, scope, (trx) => applyDiff(trx, municipalityId, diff, total)))),
      );
    }
    await Promise.all(writes);
  } finally {
    // On a failure, let the reads and writes under way finish before the caller may close the pool.
    end = true;
    await Promise.allSettled([reading, ...reads, ...writes]);
  }
  return total;
}

/** The incremental run for one person, inside the caller's transaction (tenant set): indexed reads only. */
export async function detectForParticipant(
  trx: Transaction<Database>,
  municipalityId: string,
  participantId: string,
  today: string,
): Promise<DetectionCounts> {
  const settings = await settingsOf(trx, municipalityId);
  const rows = await historiesIn(trx, municipalityId, { participantId });
  const { people, counts } = await evaluateRange(
    rows,
    new Map(),
    (ids) => offerFactsOf(trx, municipalityId, ids),
    settings,
    today,
  );
  await applyDiff(trx, municipalityId, diffRange(people), counts);
  return counts;
}
