import { sql, type Kysely } from 'kysely';
import { OWNER_ROLE } from '../platform/db/bootstrap.ts';

// Set-based appends to the audit chain (docs/audit-log.md, "Bulk appends"): audit_append_batch(tenant, entries)
// chains a whole batch of one chain with one lock of its head, one pass and one update of the head, instead of the
// row trigger's lock, canonical text, hash and head update per row (about 0.5 ms per entry at 1,000 entries, and
// growing with the batch: every head update of a transaction leaves a row version the next lookup walks past).
//
// - The chain format does not change: the same canonical text ("durchstarten-audit-v1"), computed by an inline
//   expression instead of the per-call SQL functions of 0004 (which cost about 0.15 ms per entry), the same seq,
//   id, occurred_at (clock_timestamp() after the lock, in entry order), prev_hash and hash. audit:verify checks
//   batch entries exactly like single ones.
// - Callers pass only the entry's facts: the function reads fixed keys from each JSON object and ignores anything
//   else, so seq, id, time and hashes cannot be supplied. It runs as the owner (SECURITY DEFINER) and inserts the
//   chained rows itself; row-level security still applies to it (FORCE), so a tenant entry is accepted only for the
//   transaction's tenant, and the table's checks refuse a bad entry — one bad entry fails the whole statement.
// - The row trigger skips rows only when all three hold: the row comes with a hash, the inserting role is the owner,
//   and the setting durchstarten.audit_batch is 'on' — which this function sets around its own insert only (a SET
//   clause would be simpler but needs a superuser for a custom setting). The app role therefore still has every
//   client value replaced by the trigger; the owner, who owns the tables and could switch the trigger off anyway,
//   gets no new power.
// - Chain functions are never edited in place: this adds a function and a WHEN condition on the trigger.

const GENESIS = `'\\x${'00'.repeat(32)}'::bytea`;

/** audit_canon_field(v) of 0004 as an inline expression. */
const field = (value: string) =>
  `(case when (${value}) is null then '-' else length(convert_to(${value}, 'UTF8'))::text || ':' || (${value}) end)`;

/** audit_canon_list(a) of 0004. */
const list = (array: string) => `(case when ${array} is null then '-' else
    '[' || cardinality(${array})::text || ']' ||
    coalesce((select string_agg(${field('l.e')}, '' order by l.o) from unnest(${array}) with ordinality as l (e, o)), '')
  end)`;

/** audit_canon_details(d) of 0004. */
const details = (d: string) => `(case when ${d} is null then '-' else
    '{' || (select count(*) from jsonb_object_keys(${d}))::text || '}' ||
    coalesce((
      select string_agg(
               ${field('j.key')} ||
               case jsonb_typeof(j.value)
                 when 'null' then '-'
                 when 'boolean' then case when j.value = 'true'::jsonb then 't' else 'f' end
                 when 'number' then 'n' || ${field(`(j.value #>> '{}')`)}
                 else 's' || ${field(`(j.value #>> '{}')`)}
               end,
               '' order by j.key collate "C")
        from jsonb_each(${d}) as j (key, value)), '')
  end)`;

/** audit_canonical(...) of 0004 over the columns of `x` (see the query below). */
const CANONICAL = `concat_ws(chr(10),
    'durchstarten-audit-v1',
    ${field('chain')},
    ${field('(head_seq + x.n)::text')},
    ${field('x.id::text')},
    ${field('tenant::text')},
    ${field(`to_char(x.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`)},
    ${field('x.actor_user_id::text')},
    ${field('x.actor_organisation_id::text')},
    ${list('x.actor_roles')},
    ${field('x.action')},
    ${field('x.resource_type')},
    ${field('x.resource_id')},
    ${field('x.participant_id::text')},
    ${list('x.changed_fields')},
    ${field('x.outcome')},
    ${field(`case when x.ip is null then null else format('%s', x.ip) end`)},
    ${field('x.user_agent')},
    ${field('x.request_id')},
    ${details('x.details')})`;

/** The facts of each entry as read from its JSON object, in entry order; the defaults are the columns' defaults. */
const FACTS = `(select a.n, r.actor_user_id, r.actor_organisation_id, coalesce(r.actor_roles, '{}') as actor_roles, r.action,
         r.resource_type, r.resource_id, r.participant_id, coalesce(r.changed_fields, '{}') as changed_fields,
         r.outcome, r.ip, r.user_agent, r.request_id, coalesce(r.details, '{}') as details
    from jsonb_array_elements(entries) with ordinality as a (e, n),
         jsonb_to_record(a.e) as r (actor_user_id uuid, actor_organisation_id uuid, actor_roles text[], action text,
           resource_type text, resource_id text, participant_id uuid, changed_fields text[], outcome text, ip inet,
           user_agent text, request_id text, details jsonb)
   order by a.n)`;

const COLUMNS = `seq, id, occurred_at, actor_user_id, actor_organisation_id, actor_roles, action, resource_type,
      resource_id, participant_id, changed_fields, outcome, ip, user_agent, request_id, details, prev_hash, hash`;
// The second pass reads the facts again and takes id, time and hashes of the same position from the first pass's
// arrays (a subscript, not a join: joins of set-returning functions were planned as nested loops).
const VALUES = `head_seq + f.n, ids[f.n], times[f.n], f.actor_user_id, f.actor_organisation_id, f.actor_roles, f.action,
      f.resource_type, f.resource_id, f.participant_id, f.changed_fields, f.outcome, f.ip, f.user_agent, f.request_id,
      f.details, prevs[f.n], hashes[f.n]`;

// Written without NULL-yielding operands: a WHEN condition that is NULL skips the trigger.
const CHAIN_ROW = `new.hash is null or current_user <> '${OWNER_ROLE}'
      or coalesce(current_setting('durchstarten.audit_batch', true), '') <> 'on'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `
    create function audit_append_batch(tenant uuid, entries jsonb) returns bigint
    language plpgsql security definer
    set search_path = pg_catalog, public
    as $$
    declare
      chain text := case when tenant is null then 'system' else 'm:' || tenant::text end;
      head_seq bigint;
      head_hash bytea;
      canon text[];
      ids uuid[];
      times timestamptz[];
      prevs bytea[] := '{}';
      hashes bytea[] := '{}';
      line text;
      total bigint;
    begin
      if entries is null or jsonb_typeof(entries) <> 'array' then
        raise exception 'audit_append_batch: entries must be a JSON array' using errcode = 'invalid_parameter_value';
      end if;
      total := jsonb_array_length(entries);
      if total = 0 then
        return 0;
      end if;
      -- The same lock as the row trigger's: appends of one chain are serialised until this transaction ends.
      select h.seq, h.hash into head_seq, head_hash from audit_chain_head h where h.chain_key = chain for update;
      if not found then
        insert into audit_chain_head (chain_key, seq, hash) values (chain, 0, ${GENESIS})
          on conflict (chain_key) do nothing;
        select h.seq, h.hash into head_seq, head_hash from audit_chain_head h where h.chain_key = chain for update;
      end if;
      -- Marks this function's own insert for the row trigger (reset below; an error rolls it back with the rest).
      perform set_config('durchstarten.audit_batch', 'on', true);
      -- Ids, times and canonical texts of the whole batch in one query, in entry order.
      select array_agg(x.id order by x.n), array_agg(x.occurred_at order by x.n), array_agg(${CANONICAL} order by x.n)
        into ids, times, canon
        from (select f.*, gen_random_uuid() as id, clock_timestamp() as occurred_at from ${FACTS} f) x;
      -- The chain itself is sequential: each hash covers the one before.
      foreach line in array canon loop
        prevs := prevs || head_hash;
        head_hash := sha256(head_hash || convert_to(line, 'UTF8'));
        hashes := hashes || head_hash;
      end loop;
      if tenant is null then
        insert into system_audit_log (${COLUMNS}) select ${VALUES} from ${FACTS} f order by f.n;
      else
        insert into audit_log (municipality_id, ${COLUMNS}) select tenant, ${VALUES} from ${FACTS} f order by f.n;
      end if;
      perform set_config('durchstarten.audit_batch', 'off', true);
      update audit_chain_head set seq = head_seq + total, hash = head_hash, updated_at = times[total]
       where chain_key = chain;
      return total;
    end
    $$`,
    )
    .execute(db);
  await sql`revoke all on function audit_append_batch(uuid, jsonb) from public`.execute(db);
  await sql`grant execute on function audit_append_batch(uuid, jsonb) to durchstarten_app`.execute(db);

  // The row trigger leaves alone only the rows the batch function has chained (see above).
  for (const table of ['audit_log', 'system_audit_log']) {
    const t = sql.table(table);
    await sql`drop trigger audit_append on ${t}`.execute(db);
    await sql`create trigger audit_append before insert on ${t} for each row
                when (${sql.raw(CHAIN_ROW)}) execute function audit_log_append()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['audit_log', 'system_audit_log']) {
    const t = sql.table(table);
    await sql`drop trigger audit_append on ${t}`.execute(db);
    await sql`create trigger audit_append before insert on ${t} for each row execute function audit_log_append()`.execute(
      db,
    );
  }
  await sql`drop function audit_append_batch(uuid, jsonb)`.execute(db);
}
