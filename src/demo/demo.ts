// The demo set-up: on a new, empty database (`npm start` on a fresh data directory), the ministry, the
// approving authority, Köln and two more municipalities, providers, an alliance member and one demo user
// per role with a known password, printed at start; then Köln's demo participants and cases (`seed --profile
// koeln`). Everything is marked as demo (`is_demo`), and demo
// users need no second factor. DURCHSTARTEN_DEMO=0 turns it off; with an external server it is off unless
// DURCHSTARTEN_DEMO=1.
import { sql, type Kysely } from 'kysely';
import type { Role } from '../access/access.rules.ts';
import { createUserOperatorService } from '../accounts/user-operator.service.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { Database } from '../database.ts';
import { createOrganisationService } from '../organisations/organisation.service.ts';
import { createSeedService } from '../seed/seed.service.ts';
import { monthInKoeln } from '../seed/seed-window.rules.ts';
import type { SecretBox } from '../platform/secrets.ts';

/** Known to everyone who reads this file or the start-up output: for demonstrations only. */
export const DEMO_PASSWORD = 'Durchstarten-Demo-2026';
const DEMO_DOMAIN = 'demo.durchstarten.example';

export interface DemoAccount {
  role: Role;
  email: string;
  organisation: string;
}

export async function demoNeeded(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom('organisation')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

/**
 * Creates the demo set-up when the database is still empty. Serialised with an advisory lock, so that
 * two instances starting on one empty database create it once. Returns whether it was created.
 */
export async function ensureDemo(deps: {
  db: Kysely<Database>;
  secrets: () => Promise<SecretBox>;
  /** The app clock: picks the month the demo data end in (default: the system clock). */
  now?: () => Date;
}): Promise<boolean> {
  return deps.db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext('durchstarten:demo'))`.execute(connection);
    try {
      if (!(await demoNeeded(deps.db))) return false;
      await createDemo({ db: deps.db, secrets: await deps.secrets() });
      // The demo looks like a real city: Köln's participants and cases (seed profile koeln, after the accounts,
      // so that the cases are assigned to the demo participation manager and coach), entering until this month,
      // so that the cases running now are open: a caseload with due steps and follow-ups, not an archive.
      const until = monthInKoeln((deps.now ?? (() => new Date()))());
      await createSeedService({ db: deps.db }).run({ profile: 'koeln', seed: 1, scale: 1, until, replace: false });
      return true;
    } finally {
      await sql`select pg_advisory_unlock(hashtext('durchstarten:demo'))`.execute(connection);
    }
  });
}

export async function createDemo(deps: {
  db: Kysely<Database>;
  secrets: SecretBox;
  now?: () => Date;
}): Promise<DemoAccount[]> {
  const organisations = createOrganisationService(deps.db);
  const create = (input: Parameters<typeof organisations.createByOperator>[0]) =>
    organisations.createByOperator(input, { isDemo: true });

  const ministry = await create({
    kind: 'ministry',
    name: 'Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration des Landes Nordrhein-Westfalen',
    shortName: 'MKJFGFI NRW',
  });
  const authority = await create({
    kind: 'approving_authority',
    name: 'Bezirksregierung Arnsberg, Dezernat 36 – Kompetenzzentrum für Integration',
    shortName: 'BR Arnsberg Dez. 36',
  });
  const koeln = await create({
    kind: 'municipality',
    name: 'Stadt Köln',
    municipalityKind: 'district_free_city',
    officialKey: '05315000',
    allianceMember: true,
  });
  const neuss = await create({
    kind: 'municipality',
    name: 'Rhein-Kreis Neuss',
    municipalityKind: 'district',
    officialKey: '05162000',
    allianceMember: true,
  });
  const dormagen = await create({
    kind: 'municipality',
    name: 'Stadt Dormagen',
    municipalityKind: 'district_town',
    districtId: neuss,
    officialKey: '05162004',
    budgetRecovery: true,
  });
  const bildungswerk = await create({
    kind: 'provider',
    name: 'Demo-Bildungswerk Köln gGmbH',
    municipalityIds: [koeln],
  });
  await create({ kind: 'provider', name: 'Demo-Jugendberufshilfe Rhein e. V.', municipalityIds: [koeln, neuss] });
  await create({ kind: 'provider', name: 'Demo-Sprachinstitut Neuss GmbH', municipalityIds: [neuss, dormagen] });
  const jobcenter = await create({ kind: 'alliance_member', name: 'Demo-Jobcenter Köln' });

  const homes: Record<Role, { id: string; name: string }> = {
    system_admin: { id: ministry, name: 'MKJFGFI NRW' },
    ministry_analyst: { id: ministry, name: 'MKJFGFI NRW' },
    grant_officer: { id: authority, name: 'BR Arnsberg Dez. 36' },
    municipal_admin: { id: koeln, name: 'Stadt Köln' },
    managing_office: { id: koeln, name: 'Stadt Köln' },
    participation_manager: { id: koeln, name: 'Stadt Köln' },
    coach: { id: bildungswerk, name: 'Demo-Bildungswerk Köln gGmbH' },
    provider_staff: { id: bildungswerk, name: 'Demo-Bildungswerk Köln gGmbH' },
    alliance_member: { id: jobcenter, name: 'Demo-Jobcenter Köln' },
    advisor: { id: koeln, name: 'Stadt Köln' },
  };
  const users = createUserOperatorService({
    db: deps.db,
    now: deps.now ?? (() => new Date()),
    secrets: deps.secrets,
    audit: appendAudit,
  });
  // One account per role, and a second grant officer: payments need two different approvers (four eyes).
  const logins: { role: Role; home: { id: string; name: string }; suffix: string }[] = [
    ...(Object.entries(homes) as [Role, { id: string; name: string }][]).map(([role, home]) => ({
      role,
      home,
      suffix: '',
    })),
    { role: 'grant_officer', home: homes.grant_officer, suffix: '-2' },
  ];
  const accounts: DemoAccount[] = [];
  for (const { role, home, suffix } of logins) {
    const email = `${role.replaceAll('_', '-')}${suffix}@${DEMO_DOMAIN}`;
    await users.createByOperator({
      email,
      displayName: `Demo ${role.replaceAll('_', ' ')}${suffix ? ` ${suffix.slice(1)}` : ''}`,
      organisation: home.id,
      roles: [role],
      password: DEMO_PASSWORD,
      isDemo: true,
    });
    accounts.push({ role, email, organisation: home.name });
  }
  return accounts;
}

/** Demo accounts present in the database (with their role and organisation), for the start-up banner. */
export async function listDemoAccounts(db: Kysely<Database>): Promise<DemoAccount[]> {
  const rows = await db
    .selectFrom('app_user as u')
    .innerJoin('user_role as r', 'r.user_id', 'u.id')
    .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select(['u.email', 'r.role', 'o.name', 'o.short_name'])
    .where('u.is_demo', '=', true)
    .where('u.status', '=', 'active')
    .orderBy('u.email')
    .execute();
  return rows.map((row) => ({ role: row.role, email: row.email, organisation: row.short_name ?? row.name }));
}

export function demoBanner(accounts: readonly DemoAccount[]): string {
  const width = Math.max(...accounts.map((a) => a.email.length));
  return [
    '',
    'Demo-Zugänge / demo accounts (nur zur Vorführung / for demonstrations only):',
    `  Passwort / password: ${DEMO_PASSWORD}`,
    ...accounts.map((a) => `  ${a.email.padEnd(width)}  ${a.role} (${a.organisation})`),
    '  Abschalten / turn off: DURCHSTARTEN_DEMO=0 on a new data directory',
    '',
  ].join('\n');
}
