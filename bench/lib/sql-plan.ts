// What the bare baseline replays for an endpoint: the statements of the app's endpoint transaction, captured from
// the app (sql-capture.ts), with the values that vary per request (participant id, expected version, clock) marked.
import type { CapturedQuery } from './sql-capture.ts';

/** A parameter as the baseline fills it in: a captured constant, or a value of the request. */
export type PlanParameter =
  { kind: 'value'; value: unknown } | { kind: 'id' } | { kind: 'id-array' } | { kind: 'version' } | { kind: 'now' };

export interface PlanStatement {
  sql: string;
  parameters: PlanParameter[];
}

/** Statements run together: in one transaction, or each on its own (autocommit, as Kysely runs a lone query). */
export interface Segment {
  transaction: boolean;
  statements: PlanStatement[];
}

export interface EndpointPlan {
  /** The endpoint transaction alone (the "same SQL" baseline): one transactional segment. */
  segments: Segment[];
  /** What the app runs for the same request besides these statements (session, audit …), for the report. */
  appOnly: string[];
}

export interface BaselinePlan {
  /** The endpoint's own SQL. */
  list: EndpointPlan;
  detail: EndpointPlan;
  write: EndpointPlan;
  /** Every statement the app ran for the request, in its transactions: what the app's SQL costs without Node. */
  full: { list: EndpointPlan; detail: EndpointPlan; write: EndpointPlan };
}

const SET_CONFIG = /^\s*select set_config\(/i;
// An audit append: a single entry's insert, or a batch through audit_append_batch (appendAuditBulk).
const AUDIT_INSERT = /^\s*(insert into "(audit_log|system_audit_log)"|select audit_append_batch\()/i;

function oneLine(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}

/**
 * The endpoint's own work: the last tenant transaction (from a `set_config` of the tenant, withTenant's first
 * statement, to the next one) that does more than append audit entries, without its audit insert. Transactions
 * that only append audit entries (the read audit's group commit, audit/audit-batcher.ts, runs after the endpoint's
 * transaction) and everything before the endpoint's transaction (the session) are the app's own; both lists are kept.
 */
export function endpointPlan(
  queries: readonly CapturedQuery[],
  sample: { id: string; version?: number },
): EndpointPlan {
  const starts = queries.flatMap((query, index) => (SET_CONFIG.test(query.sql) ? [index] : []));
  const rangeOf = (n: number): [number, number] => [starts[n]!, starts[n + 1] ?? queries.length];
  const onlyAudit = ([from, to]: [number, number]) =>
    queries.slice(from + 1, to).every((query) => AUDIT_INSERT.test(query.sql));
  const chosen = starts.map((_, n) => rangeOf(n)).findLast((range) => !onlyAudit(range));
  if (!chosen) throw new Error('the captured request ran no tenant transaction');
  const [start, end] = chosen;
  const own = queries.slice(start, end);
  const statements = own.filter((query) => !AUDIT_INSERT.test(query.sql)).map((query) => planned(query, sample));
  const appOnly = [
    ...queries.slice(0, start),
    ...own.filter((query) => AUDIT_INSERT.test(query.sql)),
    ...queries.slice(end),
  ].map((query) => oneLine(query.sql));
  return { segments: [{ transaction: true, statements }], appOnly };
}

/**
 * Every captured statement in the app's transactions: each `set_config` of the tenant opens a transaction
 * (withTenant) that runs to the next one; statements before the first run on their own.
 */
export function fullPlan(queries: readonly CapturedQuery[], sample: { id: string; version?: number }): EndpointPlan {
  const segments: Segment[] = [];
  for (const query of queries) {
    const statement = planned(query, sample);
    const last = segments.at(-1);
    if (SET_CONFIG.test(query.sql)) segments.push({ transaction: true, statements: [statement] });
    else if (last?.transaction) last.statements.push(statement);
    else segments.push({ transaction: false, statements: [statement] });
  }
  return { segments, appOnly: [] };
}

function planned(query: CapturedQuery, sample: { id: string; version?: number }): PlanStatement {
  return { sql: query.sql, parameters: query.parameters.map((value) => mark(value, sample)) };
}

/** Statements of a plan, all segments. */
export function statementCount(plan: EndpointPlan): number {
  return plan.segments.reduce((sum, segment) => sum + segment.statements.length, 0);
}

function mark(value: unknown, sample: { id: string; version?: number }): PlanParameter {
  if (value === sample.id) return { kind: 'id' };
  if (Array.isArray(value) && value.length === 1 && value[0] === sample.id) return { kind: 'id-array' };
  if (sample.version !== undefined && typeof value === 'number' && value === sample.version) return { kind: 'version' };
  if (value instanceof Date) return { kind: 'now' };
  return { kind: 'value', value };
}

/** The parameters of one statement for one request. */
export function bind(parameters: readonly PlanParameter[], request: { id?: string; version?: number }): unknown[] {
  return parameters.map((parameter) => {
    switch (parameter.kind) {
      case 'value':
        return parameter.value;
      case 'id':
        return request.id;
      case 'id-array':
        return [request.id];
      case 'version':
        return request.version;
      case 'now':
        return new Date();
    }
  });
}
