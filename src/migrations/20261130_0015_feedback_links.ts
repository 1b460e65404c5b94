import { sql, type Kysely } from 'kysely';

// Participant feedback through a one-time link, without an account (docs/quality-review.md, "Feedback
// anonymity"). A public request has no tenant, and row-level security (ENABLE + FORCE) hides every invitation
// from it; two SECURITY DEFINER functions let it reach exactly the invitation whose token it holds:
//
// - feedback_invitation_by_token(hash) returns that invitation's state and the offer's title (for the page);
// - feedback_redeem(hash, at, version, language, answers) marks the invitation used and stores the answers, in one
//   statement each inside one transaction: the update re-checks "not used, not expired" under the row lock, so two
//   concurrent submissions of the same link store one response. It answers 'received', 'used', 'expired' or
//   'unknown'.
//
// They run as the owner, to whom row-level security still applies (FORCE). The owner sees an invitation across
// tenants only through the policy below, and only the one whose hash the function itself put into the
// transaction-local setting durchstarten.feedback_token for the lookup (and cleared right after). Once the
// invitation is found the function acts in its tenant (app.tenant_id, transaction-local) like any request, and
// restores the caller's tenant before it returns. The response row gets no link to the invitation, the enrolment
// or the person, and only the month it was given in.
//
// The policy names CURRENT_USER: the role running the migrations, which owns these functions.

const LOOKUP_POLICY = 'feedback_token_lookup';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create policy ${sql.raw(LOOKUP_POLICY)} on feedback_invitation for select to current_user
      using (token_hash = decode(nullif(current_setting('durchstarten.feedback_token', true), ''), 'hex'))`.execute(db);

  await sql`
    create function feedback_invitation_by_token(p_hash bytea)
    returns table (municipality_id uuid, invitation_id uuid, language text, expires_at timestamptz,
                   used_at timestamptz, offer_title text)
    language plpgsql security definer
    set search_path = pg_catalog, public
    as $$
    declare
      previous text := coalesce(current_setting('app.tenant_id', true), '');
      invitation record;
    begin
      perform set_config('durchstarten.feedback_token', encode(p_hash, 'hex'), true);
      select i.municipality_id, i.id, i.enrolment_id, i.language, i.expires_at, i.used_at into invitation
        from feedback_invitation i where i.token_hash = p_hash;
      perform set_config('durchstarten.feedback_token', '', true);
      if not found then
        return;
      end if;
      perform set_config('app.tenant_id', invitation.municipality_id::text, true);
      return query
        select invitation.municipality_id, invitation.id, invitation.language, invitation.expires_at,
               invitation.used_at, o.title
          from enrolment e
          join offer o on o.municipality_id = e.municipality_id and o.id = e.offer_id
         where e.municipality_id = invitation.municipality_id and e.id = invitation.enrolment_id;
      perform set_config('app.tenant_id', previous, true);
    end $$`.execute(db);

  await sql`
    create function feedback_redeem(p_hash bytea, p_at timestamptz, p_survey_version integer, p_language text,
                                    p_answers jsonb)
    returns text
    language plpgsql security definer
    set search_path = pg_catalog, public
    as $$
    declare
      previous text := coalesce(current_setting('app.tenant_id', true), '');
      invitation record;
      outcome text;
    begin
      perform set_config('durchstarten.feedback_token', encode(p_hash, 'hex'), true);
      select i.municipality_id, i.id, i.enrolment_id into invitation
        from feedback_invitation i where i.token_hash = p_hash;
      perform set_config('durchstarten.feedback_token', '', true);
      if not found then
        return 'unknown';
      end if;
      perform set_config('app.tenant_id', invitation.municipality_id::text, true);
      -- Re-checked under the row lock: of two concurrent submissions, the second finds used_at set.
      update feedback_invitation set used_at = p_at
       where municipality_id = invitation.municipality_id and id = invitation.id
         and used_at is null and expires_at > p_at;
      if found then
        insert into feedback_response (municipality_id, offer_id, survey_version, language, answers, given_in)
          select e.municipality_id, e.offer_id, p_survey_version, p_language, p_answers,
                 date_trunc('month', p_at at time zone 'Europe/Berlin')::date
            from enrolment e
           where e.municipality_id = invitation.municipality_id and e.id = invitation.enrolment_id;
        outcome := 'received';
      else
        select case when i.used_at is not null then 'used' else 'expired' end into outcome
          from feedback_invitation i
         where i.municipality_id = invitation.municipality_id and i.id = invitation.id;
      end if;
      perform set_config('app.tenant_id', previous, true);
      return outcome;
    end $$`.execute(db);

  for (const signature of [
    sql`feedback_invitation_by_token(bytea)`,
    sql`feedback_redeem(bytea, timestamptz, integer, text, jsonb)`,
  ]) {
    await sql`revoke all on function ${signature} from public`.execute(db);
    await sql`grant execute on function ${signature} to durchstarten_app`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function feedback_redeem(bytea, timestamptz, integer, text, jsonb)`.execute(db);
  await sql`drop function feedback_invitation_by_token(bytea)`.execute(db);
  await sql`drop policy ${sql.raw(LOOKUP_POLICY)} on feedback_invitation`.execute(db);
}
