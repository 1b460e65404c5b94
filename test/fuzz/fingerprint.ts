// "Rejected requests changed nothing": a fingerprint of every table (found in information_schema, so that
// tables added later are covered without touching the fuzzer), read as the owner so that row-level
// security hides nothing. Per table: the row count and an order-independent digest of all rows.
import pg from 'pg';

export type Fingerprint = Map<string, string>;

export class DatabaseFingerprinter {
  readonly #client: pg.Client;
  #query: string | undefined;
  tables: string[] = [];

  readonly #ignoredColumns: Readonly<Record<string, readonly string[]>>;

  readonly #countedOnly: ReadonlySet<string>;

  /**
   * ignoredColumns: per table, columns left out of the digest (e.g. a last-seen timestamp).
   * countedOnly: tables only counted, not digested (exempt ones: the audit log grows with every request,
   * and digesting it again and again would cost most of the run's time).
   */
  constructor(
    adminUrl: string,
    options: { ignoredColumns?: Readonly<Record<string, readonly string[]>>; countedOnly?: Iterable<string> } = {},
  ) {
    this.#client = new pg.Client({ connectionString: adminUrl });
    this.#ignoredColumns = options.ignoredColumns ?? {};
    this.#countedOnly = new Set(options.countedOnly ?? []);
  }

  async open(): Promise<void> {
    await this.#client.connect();
    const result = await this.#client.query<{ schema: string; name: string }>(
      `select table_schema as schema, table_name as name from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
        order by table_schema, table_name`,
    );
    this.tables = result.rows.map((row) => (row.schema === 'public' ? row.name : `${row.schema}.${row.name}`));
    for (const table of [...Object.keys(this.#ignoredColumns), ...this.#countedOnly]) {
      if (!this.tables.includes(table)) throw new Error(`fingerprint: table ${table} does not exist`);
    }
    // One statement for all tables: a consistent snapshot and one round trip.
    this.#query = result.rows
      .map((row) => {
        const qualified = `${this.#client.escapeIdentifier(row.schema)}.${this.#client.escapeIdentifier(row.name)}`;
        const label = row.schema === 'public' ? row.name : `${row.schema}.${row.name}`;
        const ignored = this.#ignoredColumns[label] ?? [];
        const text =
          ignored.length === 0
            ? 't::text'
            : `(to_jsonb(t) - array[${ignored.map((column) => this.#client.escapeLiteral(column)).join(', ')}]::text[])::text`;
        if (this.#countedOnly.has(label)) {
          return `select ${this.#client.escapeLiteral(label)} as name, count(*)::text as digest from ${qualified} t`;
        }
        return `select ${this.#client.escapeLiteral(label)} as name,
                       count(*) || ':' || coalesce(md5(string_agg(md5(${text}), '' order by md5(${text}))), '') as digest
                  from ${qualified} t`;
      })
      .join('\nunion all\n');
  }

  async take(): Promise<Fingerprint> {
    if (!this.#query) throw new Error('fingerprinter not opened');
    const result = await this.#client.query<{ name: string; digest: string }>(this.#query);
    return new Map(result.rows.map((row) => [row.name, row.digest]));
  }

  /** Tables whose digest differs, leaving out the exempt ones. */
  static changedTables(before: Fingerprint, after: Fingerprint, exempt: ReadonlySet<string>): string[] {
    const names = new Set([...before.keys(), ...after.keys()]);
    return [...names].filter((name) => !exempt.has(name) && before.get(name) !== after.get(name)).sort();
  }

  close(): Promise<void> {
    return this.#client.end();
  }
}
