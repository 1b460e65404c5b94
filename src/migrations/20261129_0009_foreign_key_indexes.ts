import { sql, type Kysely } from 'kysely';

// Indexes behind the foreign keys between tenant tables that 0006–0007 left without one: deleting or merging a
// parent (a goal, a participant, a team) otherwise scans the whole child table once per parent row
// (`seed --replace` and erasure spent minutes there). test/integration/schema-catalog.test.ts keeps it so.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index case_step_of_goal on case_step (municipality_id, goal_id)`.execute(db);
  await sql`create index participant_merged_into on participant (municipality_id, merged_into_id)
              where merged_into_id is not null`.execute(db);
  await sql`create index participant_case_of_team on participant_case (municipality_id, team_id)
              where team_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index participant_case_of_team`.execute(db);
  await sql`drop index participant_merged_into`.execute(db);
  await sql`drop index case_step_of_goal`.execute(db);
}
