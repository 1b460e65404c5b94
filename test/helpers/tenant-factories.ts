// One factory per tenant table: inserts a row for the given municipality inside a transaction whose
// tenant is that municipality (as the application role, under row-level security). The tenant-isolation
// suite fails for any table with municipality_id that has no factory here.
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { appendAudit } from '../../src/audit/audit.service.ts';
import type { Database } from '../../src/database.ts';

export type TenantRowFactory = (trx: Transaction<Database>, municipalityId: string) => Promise<void>;

async function insertTeam(trx: Transaction<Database>, municipalityId: string): Promise<string> {
  const team = await trx
    .insertInto('team')
    .values({ municipality_id: municipalityId, name: `Team ${randomUUID()}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  return team.id;
}

export const tenantRowFactories: Record<string, TenantRowFactory> = {
  team: async (trx, municipalityId) => {
    await insertTeam(trx, municipalityId);
  },
  team_member: async (trx, municipalityId) => {
    const teamId = await insertTeam(trx, municipalityId);
    const user = await trx
      .insertInto('app_user')
      .values({
        organisation_id: municipalityId,
        email: `member-${randomUUID()}@example.org`,
        display_name: 'Team member',
        password_hash: null,
        password_changed_at: null,
        totp_secret_encrypted: null,
        totp_enabled_at: null,
        totp_last_used_step: null,
        totp_pending_secret_encrypted: null,
        totp_pending_created_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('team_member')
      .values({ municipality_id: municipalityId, team_id: teamId, user_id: user.id })
      .execute();
  },
  audit_log: async (trx, municipalityId) => {
    await appendAudit(trx, {
      municipalityId,
      actor: null,
      action: 'read',
      resourceType: 'team',
      outcome: 'success',
    });
  },
};
