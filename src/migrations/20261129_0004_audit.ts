import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation } from '../platform/db/rls.ts';

// The audit log (docs/audit-log.md): append-only, hash-chained per tenant, tenant-isolated.
//
// - One chain per municipality ('m:<uuid>') in `audit_log`, a tenant table like every other (municipality_id
//   leads the primary key, the standard tenant_isolation policy), and one chain 'system' in `system_audit_log`
//   for events without a tenant (logins, system administration). Two tables instead of one with a nullable
//   municipality_id, so that the project-wide invariants of tenant tables hold without exceptions.
// - A BEFORE INSERT trigger (SECURITY DEFINER, owned by durchstarten_owner) serialises appends per chain by locking
//   the chain's row in audit_chain_head until the transaction ends, and sets seq (gapless: a rolled-back append
//   rolls back the head too), id, occurred_at (server clock, taken after the lock, so monotonic within a chain),
//   prev_hash and hash = sha256(prev_hash || utf8(audit_canonical(...))). Client values for these are ignored.
// - The canonical text is re-implemented independently in src/audit/audit.rules.ts for audit:verify. Changing it
//   needs a new version tag and a new migration; never edit these functions in place.
// - Append-only: the app role may only SELECT and INSERT; a statement trigger (ENABLE ALWAYS, so it fires even with
//   session_replication_role = replica) refuses UPDATE, DELETE and TRUNCATE for everyone, the owner included.
// - Row-level security (ENABLE + FORCE) on both tables: tenant rows only for the transaction's app.tenant_id;
//   system rows may be appended by anyone and read only when the audit service has set app.audit_scope = 'system'
//   after `authorize` allowed it (a forgotten WHERE never reveals them). The owner role (maintenance connection of
//   audit:verify) may read every row: it owns the tables and could switch RLS off anyway, the policy only makes
//   that read explicit instead of requiring ALTER TABLE.

const GENESIS = sql.raw(`'\\x${'00'.repeat(32)}'::bytea`);

// Columns shared by both tables (the tenant table adds municipality_id in front).
const ENTRY_COLUMNS = sql.raw(`
      seq bigint not null check (seq >= 1),
      id uuid not null,
      occurred_at timestamptz not null default clock_timestamp(),
      actor_user_id uuid,
      actor_organisation_id uuid,
      actor_roles text[] not null default '{}',
      action text not null check (length(action) <= 100 and action ~ '^[a-z][a-z0-9_]*([.][a-z][a-z0-9_]*)*$'),
      resource_type text not null check (length(resource_type) <= 64 and resource_type ~ '^[a-z][a-z0-9_]*$'),
      resource_id text check (length(resource_id) between 1 and 200),
      participant_id uuid,
      changed_fields text[] not null default '{}',
      outcome text not null check (outcome in ('success', 'denied', 'failure')),
      ip inet,
      user_agent text check (length(user_agent) <= 512),
      request_id text check (length(request_id) between 1 and 128),
      details jsonb not null default '{}' check (audit_details_valid(details)),
      prev_hash bytea not null check (length(prev_hash) = 32),
      hash bytea not null check (length(hash) = 32),
      check (audit_is_plain_text_array(actor_roles) and audit_is_plain_text_array(changed_fields))`);

const CANONICAL_ARGS =
  'text, bigint, uuid, uuid, timestamptz, uuid, uuid, text[], text, text, text, uuid, text[], text, inet, text, text, jsonb';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Checks used by constraints: arrays are one-dimensional, 1-based, without NULL elements (so that every client
  // reads them as plain string lists); details is a flat object of short scalars with integers only, so that its
  // canonical form is the same in SQL and JavaScript.
  await sql`
    create function audit_is_plain_text_array(a text[]) returns boolean
    language sql immutable parallel safe set search_path = pg_catalog
    as $$
      select a is not null
         and coalesce(array_ndims(a), 1) = 1
         and coalesce(array_lower(a, 1), 1) = 1
         and array_position(a, null) is null
         and cardinality(a) <= 200
    $$`.execute(db);
  await sql`
    create function audit_details_valid(d jsonb) returns boolean
    language sql immutable parallel safe set search_path = pg_catalog
    as $$
      select d is not null
         and jsonb_typeof(d) = 'object'
         and length(d::text) <= 4096
         and not exists (
           select 1 from jsonb_each(d) as e (key, value)
            where length(e.key) not between 1 and 64
               or jsonb_typeof(e.value) not in ('string', 'number', 'boolean', 'null')
               or (jsonb_typeof(e.value) = 'number' and (e.value #>> '{}') !~ '^-?(0|[1-9][0-9]{0,14})$')
               or (jsonb_typeof(e.value) = 'string' and length(e.value #>> '{}') > 500)
         )
    $$`.execute(db);

  await sql`
    create table audit_log (
      municipality_id uuid not null references organisation (id),
      ${ENTRY_COLUMNS},
      primary key (municipality_id, seq),
      unique (municipality_id, id)
    )`.execute(db);
  // Search within the caller's tenant: by user, by participant, by period, by action; newest first.
  await sql`create index audit_log_by_actor on audit_log (municipality_id, actor_user_id, seq)
              where actor_user_id is not null`.execute(db);
  await sql`create index audit_log_by_participant on audit_log (municipality_id, participant_id, seq)
              where participant_id is not null`.execute(db);
  await sql`create index audit_log_by_time on audit_log (municipality_id, occurred_at)`.execute(db);
  await sql`create index audit_log_by_action on audit_log (municipality_id, resource_type, action, seq)`.execute(db);

  await sql`
    create table system_audit_log (
      ${ENTRY_COLUMNS},
      primary key (seq),
      unique (id)
    )`.execute(db);
  await sql`create index system_audit_log_by_actor on system_audit_log (actor_user_id, seq)
              where actor_user_id is not null`.execute(db);
  await sql`create index system_audit_log_by_time on system_audit_log (occurred_at)`.execute(db);
  await sql`create index system_audit_log_by_action on system_audit_log (resource_type, action, seq)`.execute(db);

  // The last entry of each chain. Only the trigger (as owner) writes it; the app role has no privilege on it.
  await sql`
    create table audit_chain_head (
      chain_key text primary key check (chain_key = 'system' or chain_key ~ '^m:[0-9a-f-]{36}$'),
      seq bigint not null check (seq >= 0),
      hash bytea not null check (length(hash) = 32),
      updated_at timestamptz not null default clock_timestamp()
    )`.execute(db);
  await sql`revoke all on audit_chain_head from durchstarten_app`.execute(db);

  // The canonical text of an entry: one line per column, in a fixed order, each value length-prefixed in UTF-8
  // bytes ("<bytes>:<value>") or "-" for NULL; arrays as "[<n>]" and their elements; details as "{<n>}" and
  // key/value pairs in byte order of the key, values typed: s<text>, n<integer>, t, f or - (null).
  await sql`
    create function audit_canon_field(v text) returns text
    language sql immutable parallel safe set search_path = pg_catalog
    as $$ select case when v is null then '-' else length(convert_to(v, 'UTF8'))::text || ':' || v end $$`.execute(db);
  await sql`
    create function audit_canon_list(a text[]) returns text
    language sql immutable parallel safe set search_path = pg_catalog, public
    as $$
      select case when a is null then '-' else
        '[' || cardinality(a)::text || ']' ||
        coalesce((select string_agg(audit_canon_field(u.e), '' order by u.o)
                    from unnest(a) with ordinality as u (e, o)), '')
      end
    $$`.execute(db);
  await sql`
    create function audit_canon_details(d jsonb) returns text
    language sql immutable parallel safe set search_path = pg_catalog, public
    as $$
      select case when d is null then '-' else
        '{' || (select count(*) from jsonb_object_keys(d))::text || '}' ||
        coalesce((
          select string_agg(
                   audit_canon_field(e.key) ||
                   case jsonb_typeof(e.value)
                     when 'null' then '-'
                     when 'boolean' then case when e.value = 'true'::jsonb then 't' else 'f' end
                     when 'number' then 'n' || audit_canon_field(e.value #>> '{}')
                     else 's' || audit_canon_field(e.value #>> '{}')
                   end,
                   '' order by e.key collate "C")
            from jsonb_each(d) as e (key, value)), '')
      end
    $$`.execute(db);
  await sql`
    create function audit_canonical(
      chain_key text, seq bigint, id uuid, municipality_id uuid, occurred_at timestamptz, actor_user_id uuid,
      actor_organisation_id uuid, actor_roles text[], action text, resource_type text, resource_id text,
      participant_id uuid, changed_fields text[], outcome text, ip inet, user_agent text, request_id text,
      details jsonb) returns text
    language sql stable parallel safe set search_path = pg_catalog, public
    as $$
      select concat_ws(chr(10),
        'durchstarten-audit-v1',
        audit_canon_field(chain_key),
        audit_canon_field(seq::text),
        audit_canon_field(id::text),
        audit_canon_field(municipality_id::text),
        audit_canon_field(to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
        audit_canon_field(actor_user_id::text),
        audit_canon_field(actor_organisation_id::text),
        audit_canon_list(actor_roles),
        audit_canon_field(action),
        audit_canon_field(resource_type),
        audit_canon_field(resource_id),
        audit_canon_field(participant_id::text),
        audit_canon_list(changed_fields),
        audit_canon_field(outcome),
        -- the output form (host addresses without /32 or /128) that clients read; ip::text would add the mask
        audit_canon_field(case when ip is null then null else format('%s', ip) end),
        audit_canon_field(user_agent),
        audit_canon_field(request_id),
        audit_canon_details(details))
    $$`.execute(db);

  await sql`
    create function audit_log_append() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public
    as $$
    declare
      tenant uuid;
      chain text;
      head_seq bigint;
      head_hash bytea;
    begin
      if tg_table_name = 'audit_log' then
        tenant := new.municipality_id;
        chain := 'm:' || tenant::text;
      else
        tenant := null;
        chain := 'system';
      end if;
      -- Serialise appends per chain: the head row stays locked until this transaction ends.
      select h.seq, h.hash into head_seq, head_hash from audit_chain_head h where h.chain_key = chain for update;
      if not found then
        insert into audit_chain_head (chain_key, seq, hash) values (chain, 0, ${GENESIS})
          on conflict (chain_key) do nothing;
        select h.seq, h.hash into head_seq, head_hash from audit_chain_head h where h.chain_key = chain for update;
      end if;
      new.seq := head_seq + 1;
      new.id := gen_random_uuid();
      new.occurred_at := clock_timestamp();
      new.prev_hash := head_hash;
      new.hash := sha256(head_hash || convert_to(audit_canonical(
        chain, new.seq, new.id, tenant, new.occurred_at, new.actor_user_id, new.actor_organisation_id,
        new.actor_roles, new.action, new.resource_type, new.resource_id, new.participant_id, new.changed_fields,
        new.outcome, new.ip, new.user_agent, new.request_id, new.details), 'UTF8'));
      update audit_chain_head set seq = new.seq, hash = new.hash, updated_at = new.occurred_at
       where chain_key = chain;
      return new;
    end
    $$`.execute(db);

  await sql`
    create function audit_log_refuse_change() returns trigger
    language plpgsql set search_path = pg_catalog
    as $$
    begin
      raise exception '% is append-only: % is not allowed', tg_table_name, tg_op
        using errcode = 'insufficient_privilege',
              hint = 'Audit entries are never changed or deleted; see docs/audit-log.md.';
    end
    $$`.execute(db);

  for (const table of ['audit_log', 'system_audit_log']) {
    const t = sql.table(table);
    await sql`create trigger audit_append before insert on ${t} for each row execute function audit_log_append()`.execute(
      db,
    );
    // Statement-level, so that it fires even when row-level security hides every row from the statement.
    await sql`create trigger audit_append_only before update or delete or truncate on ${t}
                for each statement execute function audit_log_refuse_change()`.execute(db);
    await sql`alter table ${t} enable always trigger audit_append_only`.execute(db);
    await sql`revoke all on ${t} from durchstarten_app`.execute(db);
    await sql`grant select, insert on ${t} to durchstarten_app`.execute(db);
    await sql`create policy audit_maintenance_read on ${t} for select to durchstarten_owner using (true)`.execute(db);
  }

  // Tenant rows: the standard policy (see platform/db/rls.ts), for reads and appends alike.
  await enableTenantIsolation(db, 'audit_log');
  // System rows: anyone may append; reading needs the explicit scope the audit service sets after authorize().
  await sql`alter table system_audit_log enable row level security`.execute(db);
  await sql`alter table system_audit_log force row level security`.execute(db);
  await sql`create policy system_audit_append on system_audit_log for insert with check (true)`.execute(db);
  await sql`create policy system_audit_read on system_audit_log for select
              using (current_setting('app.audit_scope', true) = 'system')`.execute(db);

  for (const fn of [
    'audit_log_append()',
    'audit_log_refuse_change()',
    `audit_canonical(${CANONICAL_ARGS})`,
    'audit_canon_details(jsonb)',
    'audit_canon_list(text[])',
    'audit_canon_field(text)',
  ]) {
    await sql`revoke all on function ${sql.raw(fn)} from public, durchstarten_app`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table system_audit_log`.execute(db);
  await sql`drop table audit_log`.execute(db);
  await sql`drop table audit_chain_head`.execute(db);
  await sql`drop function audit_log_append()`.execute(db);
  await sql`drop function audit_log_refuse_change()`.execute(db);
  await sql`drop function ${sql.raw(`audit_canonical(${CANONICAL_ARGS})`)}`.execute(db);
  await sql`drop function audit_canon_details(jsonb)`.execute(db);
  await sql`drop function audit_canon_list(text[])`.execute(db);
  await sql`drop function audit_canon_field(text)`.execute(db);
  await sql`drop function audit_details_valid(jsonb)`.execute(db);
  await sql`drop function audit_is_plain_text_array(text[])`.execute(db);
}
