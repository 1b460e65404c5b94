// The markdown section of bench/api.ts: throughput and latency of app and baseline, ratios against the targets
// of quality-targets.md ("Performance"), memory, and what the app does on top of the baseline's SQL.
import type { LoadResult } from './load.ts';
import { runContext, sectionDate, type Machine } from './machine.ts';
import { count, mib, ratio } from './stats.ts';

export type Scenario = 'list' | 'detail' | 'write';

export const RATIO_TARGET = 0.7;

/** app: the real server; baseline: bare Fastify + pg, the endpoint's SQL; full: bare, every statement the app ran. */
export const TARGETS = ['app', 'baseline', 'full'] as const;
export type Target = (typeof TARGETS)[number];
export const TARGET_LABEL: Record<Target, string> = {
  app: 'app',
  baseline: 'baseline (same SQL)',
  full: "bare + all the app's SQL",
};
export const P95_TARGET_MS: Record<Scenario, number> = { list: 150, detail: 150, write: 300 };

export interface ApiResults {
  options: { scale: number; durationS: number; warmupS: number; connections: number; quick: boolean };
  participants: number;
  prepareS: number;
  idle: { rssMiB: number; postgresPssMiB: number };
  runs: {
    scenario: Scenario;
    target: Target;
    load: LoadResult;
    maxRssMiB?: number;
    maxPostgresPssMiB?: number;
  }[];
  appOnly: Record<Scenario, string[]>;
  /** Statements of the endpoint transaction, and of everything the app ran for the request. */
  statements: Record<Scenario, [number, number]>;
}

const LABEL: Record<Scenario, string> = {
  list: '`GET /api/v1/participants` (first page, default sort)',
  detail: '`GET /api/v1/participants/:id` (random ids)',
  write: '`PATCH /api/v1/participants/:id` (If-Match, phone changed)',
};

export function apiHeader(): string {
  return '# Benchmarks\n\nFigures measured on the development machine, appended by the benchmark scripts.\n';
}

const latency = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`;

function statuses(load: LoadResult): string {
  const other = Object.entries(load.statusCounts).filter(([status]) => !status.startsWith('2'));
  const errors = load.errors > 0 ? [`${load.errors} connection errors`] : [];
  return [...other.map(([status, n]) => `${n} × ${status}`), ...errors].join(', ') || 'none';
}

export function apiReport(
  r: ApiResults,
  m: Machine,
  command: string,
  startedAt: Date,
  load: readonly number[],
  chart: string,
): string {
  const run = (scenario: Scenario, target: Target) =>
    r.runs.find((x) => x.scenario === scenario && x.target === target)!;
  const scenarios: Scenario[] = ['list', 'detail', 'write'];
  const rows = scenarios.flatMap((scenario) =>
    TARGETS.map((target) => {
      const x = run(scenario, target).load;
      return (
        `| ${target === 'app' ? LABEL[scenario] : '…'} | ${TARGET_LABEL[target]} | ` +
        `${count(x.requestsPerSecond)} | ${latency(x.p50)} | ${latency(x.p95)} | ${latency(x.p99)} | ` +
        `${count(x.responses)} | ${statuses(x)} |`
      );
    }),
  );
  const verdicts = scenarios.map((scenario) => {
    const app = run(scenario, 'app').load;
    const share = app.requestsPerSecond / run(scenario, 'baseline').load.requestsPerSecond;
    const ofFull = app.requestsPerSecond / run(scenario, 'full').load.requestsPerSecond;
    const p95Target = P95_TARGET_MS[scenario];
    return (
      `| ${scenario} | ${ratio(share)} | ${share >= RATIO_TARGET ? 'met' : '**missed**'} | ${ratio(ofFull)} | ` +
      `${latency(app.p95)} (≤ ${p95Target} ms) | ${app.p95 <= p95Target ? 'met' : '**missed**'} |`
    );
  });
  const notes = scenarios.flatMap((scenario) => {
    const app = run(scenario, 'app').load.requestsPerSecond;
    const base = run(scenario, 'baseline').load.requestsPerSecond;
    const full = run(scenario, 'full').load.requestsPerSecond;
    if (app / base >= RATIO_TARGET) return [];
    const where =
      app / full >= 0.85
        ? 'the extra SQL per request, not Node: the app is about as fast as the bare server running all of its SQL'
        : full / base >= 0.85
          ? "Node and the framework: the bare server with all the app's SQL is about as fast as the baseline"
          : 'both the extra SQL and Node';
    return [
      `- ${scenario}: app / baseline ${ratio(app / base)} (target ${RATIO_TARGET}). Bare with all the app's SQL keeps ` +
        `${ratio(full / base)} of the baseline, the app ${ratio(app / full)} of that: the gap is ${where}.`,
    ];
  });
  const loaded = r.runs.filter((x) => x.target === 'app');
  const maxRss = Math.max(...loaded.map((x) => x.maxRssMiB ?? 0));
  const maxPss = Math.max(...loaded.map((x) => x.maxPostgresPssMiB ?? 0));
  const o = r.options;
  return `
### API${o.quick ? ' (quick smoke run: not a measurement)' : ''}, ${sectionDate(startedAt)} UTC

${runContext(command, m, load)}

Data: ${count(r.participants)} readable participants of Stadt Köln (demo set-up, then \`seed --profile koeln --scale ${o.scale}\`;
prepared in ${r.prepareS.toFixed(0)} s). Load: autocannon, ${o.connections} connections, ${o.warmupS} s warm-up then
${o.durationS} s measured per row, app and baseline one after the other; latencies from every response of the
measured part. Requests/s count 2xx responses only.

| Endpoint | Server | Requests/s | p50 | p95 | p99 | Responses | Non-2xx / errors |
| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |
${rows.join('\n')}

| Endpoint | App / baseline (requests/s) | Target ≥ ${RATIO_TARGET} | App / bare with all the app's SQL | App p95 | p95 target |
| --- | ---: | --- | ---: | ---: | --- |
${verdicts.join('\n')}

Memory of the app (VmRSS of the Node server process; PostgreSQL: PSS of postmaster and backends): idle
${mib(r.idle.rssMiB)} (PostgreSQL ${mib(r.idle.postgresPssMiB)}); under load, highest sample ${mib(maxRss)}
(PostgreSQL ${mib(maxPss)}).

![API requests/s, app and baseline](${chart})
${notes.length > 0 ? `\nWhere the missing throughput goes (from the three servers of this run):\n\n${notes.join('\n')}\n` : ''}
Same SQL: the baseline runs the ${r.statements.list[0]} / ${r.statements.detail[0]} / ${r.statements.write[0]} statements
(list / detail / change) of the app's endpoint transaction, captured from the app in this run, in one transaction
with the same \`set_config\` of tenant and user, as the same role with the same pool settings. The app runs
${r.statements.list[1]} / ${r.statements.detail[1]} / ${r.statements.write[1]} statements for the same requests; on top of the
endpoint's: ${describeAppOnly(r.appOnly.list)} — plus, in Node, its hooks (CSRF check, authorization, request
id, security headers), request and response validation with Zod, ETag and the request log line. "Bare + all the
app's SQL" replays every one of those statements in the app's transactions on the bare server: app / that ratio is
what Node and the framework cost; baseline / that ratio is what the app's extra SQL costs.
`;
}

/** "select user_session, select app_user, …": verb and first table of each statement. */
function describeAppOnly(statements: readonly string[]): string {
  const short = statements.map((sql) => {
    const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toLowerCase() ?? '';
    if (/^select set_config/i.test(sql)) return 'set_config (tenant transaction)';
    if (/^select audit_append_batch\(/i.test(sql)) return 'audit_append_batch (audit entries)';
    // The one statement that authenticates a request (src/accounts/session.repository.ts) names many tables.
    if (/\bfrom user_session\b/i.test(sql)) return 'select user_session + account + teams (authentication)';
    // Kysely quotes the statement's own table; subqueries written as SQL text do not.
    const table = (/(?:from|into|update)\s+"(\w+)"/i.exec(sql) ?? /(?:from|into|update)\s+(\w+)/i.exec(sql))?.[1] ?? '';
    return `${verb} ${table}`.trim();
  });
  return short.map((text) => `\`${text}\``).join(', ') || 'nothing';
}
