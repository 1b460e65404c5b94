// The demo data generator's use case: fill the municipalities of a profile with synthetic participants and
// cases (`durchstarten seed`, and the koeln profile on a new data directory). Finds or creates the
// municipalities (by official key), the providers and the teams, refuses to seed twice unless asked to replace
// the earlier demo data, then writes each municipality in one transaction under its tenant, as the app role.
//
// Audit: one entry per municipality and run in the municipality's chain (what was generated, counts only),
// plus the usual entries for created organisations and teams. Not one entry per generated participant: the
// data are synthetic (is_demo), and a hundred thousand identical "created by the seed" entries would bury the
// log a municipal administrator reads; the entry names the run, from which every demo record stems.
import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import { policyFor } from '../cases/case-eligibility.service.ts';
import type { Database } from '../database.ts';
import { createOrganisationService } from '../organisations/organisation.service.ts';
import { DIAA_DEFAULT_POLICY } from '../participants/programme-policy.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import { runFullDetection } from '../careers/career-detection.service.ts';
import { recordedDay } from './offer-catalogue.rules.ts';
import { providerContacts } from './provider-contacts.rules.ts';
import { Random } from './random.ts';
import {
  addTeamMembers,
  allowLongStatements,
  countDemoData,
  deleteDemoData,
  deleteOffers,
  demoStaff,
  ensureTeams,
  findMunicipality,
  insertProviderContacts,
  organisationExists,
  providerNamesServing,
  providersServing,
  providersWithoutContacts,
  reserveParticipantNumbers,
  type DemoDataCounts,
} from './seed.repository.ts';
import type { GeneratedParticipant, SeedSite } from './seed.model.ts';
import { SEED_PROFILES, seedProfileNames, type SeedProfileName } from './seed.profiles.ts';
import { generateSite, MAX_SCALE, seedSites, siteCatalogue, siteSeed } from './seed.rules.ts';
import { HISTORICAL_UNTIL, profileUntil, untilProblem } from './seed-window.rules.ts';
import { emptyCounts, SEED_TABLES, writeOffers, writeParticipants, type TableCounts } from './seed.writer.ts';
import { seedFunding, type FundingSeedSummary } from './funding-seed.service.ts';

/** Participants generated and written per batch (their case records go with them). */
const BATCH = 1000;
/**
 * How many municipalities are written at the same time, and by how many transactions (connections) each, for a
 * pool of this size: every transaction holds its connection until all of its municipality's are done, so the
 * pool must have room for all of them and one more for the rest of the work.
 */
export function seedParallelism(poolMax: number): { sites: number; writersPerSite: number } {
  const budget = Math.max(1, poolMax - 1);
  const writersPerSite = Math.min(2, budget);
  return { sites: Math.max(1, Math.min(2, Math.floor(budget / writersPerSite))), writersPerSite };
}

export interface SeedRunOptions {
  profile: SeedProfileName;
  seed: number;
  scale: number;
  /**
   * The last month of the 34-month entry window (YYYY-MM, default 2023-06, the historical window with every case
   * closed); a later month keeps the cases running at its end open.
   */
  until?: string;
  /**
   * Remove the earlier demo participants (is_demo) of the profile's municipalities first. Demo funding data are
   * financial records: they are kept as they are (see funding-seed.service.ts).
   */
  replace: boolean;
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedProgress {
  /** Participants written so far, of `total`. */
  done: number;
  total: number;
  site: string;
}

export interface SeedSiteSummary {
  name: string;
  municipalityId: string;
  participants: number;
  createdMunicipality: boolean;
}

export interface SeedSummary {
  profile: SeedProfileName;
  seed: number;
  scale: number;
  until: string;
  sites: SeedSiteSummary[];
  /** Rows written per table. */
  rows: TableCounts;
  removed: DemoDataCounts;
  organisationsCreated: { municipalities: number; providers: number };
  /** Contact persons added to providers that had none. */
  providerContactsCreated: number;
  teamsCreated: number;
  /** Measure-career alerts the detector opened in its run over the written enrolments. */
  careerAlerts: number;
  /** The demo funding data (budgets, allocations, grants, payments, proofs of use): docs/funding.md "Demo data". */
  funding: FundingSeedSummary | null;
  durationMs: number;
}

function field(name: string, code: string, message: string): FieldError {
  return { in: 'body', field: name, code, message };
}

export function seedOptionProblems(
  options: Pick<SeedRunOptions, 'profile' | 'seed' | 'scale' | 'until'>,
): FieldError[] {
  const problems: FieldError[] = [];
  if (!(seedProfileNames as readonly string[]).includes(options.profile)) {
    problems.push(field('profile', 'invalid', `one of ${seedProfileNames.join(', ')}`));
  }
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) {
    problems.push(field('seed', 'invalid', 'a whole number ≥ 0'));
  }
  if (!Number.isFinite(options.scale) || options.scale <= 0 || options.scale > MAX_SCALE) {
    problems.push(field('scale', 'invalid', `a number above 0 and at most ${MAX_SCALE}`));
  } else if ((seedProfileNames as readonly string[]).includes(options.profile)) {
    const participants = Math.round(SEED_PROFILES[options.profile].participants * options.scale);
    if (participants < 1) problems.push(field('scale', 'too_small', 'the scale gives no participant at all'));
  }
  const until = options.until === undefined ? null : untilProblem(options.until);
  if (until) problems.push(field('until', 'invalid', until));
  return problems;
}

const PROVIDER_KINDS = [
  ['Bildungswerk', 'gGmbH'],
  ['Jugendberufshilfe', 'e. V.'],
  ['Sprachinstitut', 'GmbH'],
  ['Qualifizierungszentrum', 'gGmbH'],
  ['Migrationsdienst', 'e. V.'],
  ['Coachingwerkstatt', 'gGmbH'],
  ['Ausbildungsverbund', 'e. V.'],
  ['Lernwerkstatt', 'gGmbH'],
  ['Berufsbildungszentrum', 'gGmbH'],
  ['Integrationsagentur', 'e. V.'],
] as const;

/** Candidate provider names for a site, in a fixed order: "Demo-Bildungswerk Duisburg gGmbH", … */
export function providerNameCandidates(site: Pick<SeedSite, 'name' | 'geography'>): string[] {
  const place = site.name.replace(/^(Landeshauptstadt|Bundesstadt|Stadt|Kreis) /, '');
  const places =
    site.geography === 'koeln'
      ? [place, 'Köln-Mülheim', 'Köln-Kalk', 'Köln-Porz', 'Köln-Chorweiler', 'Köln-Ehrenfeld']
      : [place];
  return places.flatMap((where) => PROVIDER_KINDS.map(([kind, form]) => `Demo-${kind} ${where} ${form}`));
}

function add(into: TableCounts, counts: TableCounts): void {
  for (const table of SEED_TABLES) into[table] += counts[table];
}

export function createSeedService(deps: {
  db: Kysely<Database>;
  /** The size of the database pool (config DATABASE_POOL_MAX); bounds how many transactions write at once. */
  poolMax?: number;
  clock?: () => number;
}) {
  const { db } = deps;
  const parallelism = seedParallelism(deps.poolMax ?? 10);
  const clock = deps.clock ?? (() => performance.now());
  const organisations = createOrganisationService(db);

  async function ensureProviders(site: SeedSite, municipalityId: string): Promise<number> {
    const existing = await providerNamesServing(db, municipalityId);
    let missing = site.providers - existing.length;
    let created = 0;
    for (const name of providerNameCandidates(site)) {
      if (missing <= 0) break;
      if (await organisationExists(db, 'provider', name)) continue;
      await organisations.createByOperator(
        { kind: 'provider', name, municipalityIds: [municipalityId] },
        { isDemo: true },
      );
      created += 1;
      missing -= 1;
    }
    return created;
  }

  /**
   * Runs `work` across `count` transactions of the tenant at once (one connection each) and commits them all
   * when it succeeds, or rolls them all back when it or any of them fails.
   */
  async function acrossTransactions<T>(
    municipalityId: string,
    count: number,
    work: (transactions: Transaction<Database>[]) => Promise<T>,
  ): Promise<T> {
    const open: Transaction<Database>[] = [];
    let allOpen!: () => void;
    const opened = new Promise<void>((resolve) => (allOpen = resolve));
    let decide!: (commit: boolean) => void;
    const decision = new Promise<boolean>((resolve) => (decide = resolve));
    const transactions = Array.from({ length: count }, () =>
      withTenant(db, { municipalityId, userId: null }, async (trx) => {
        await allowLongStatements(trx);
        open.push(trx);
        if (open.length === count) allOpen();
        if (!(await decision)) throw new Error('rolled back together with the other transactions of the seed');
      }),
    );
    const all = Promise.all(transactions);
    // Awaited below on success; on failure the settled transactions are awaited instead.
    all.catch(() => undefined);
    try {
      // A transaction that cannot be opened ends the wait with its error.
      await Promise.race([opened, all]);
      const result = await work(open);
      decide(true);
      await all;
      return result;
    } catch (error) {
      decide(false);
      await Promise.allSettled(transactions);
      throw error;
    }
  }

  async function writeSite(
    options: SeedRunOptions,
    site: SeedSite,
    municipalityId: string,
    progress: { done: number; total: number },
  ): Promise<{ rows: TableCounts; teamsCreated: number }> {
    const profile = profileUntil(SEED_PROFILES[options.profile], options.until ?? HISTORICAL_UNTIL);
    const staff = await demoStaff(db, municipalityId);
    const providers = await providersServing(db, municipalityId);
    const catalogue = siteCatalogue(profile, site, { seed: options.seed, providers: providers.map((p) => p.name) });
    const setup = await withTenant(db, { municipalityId, userId: null }, async (trx) => {
      const policy = (await policyFor(trx, municipalityId, 'diaa')) ?? DIAA_DEFAULT_POLICY;
      const teams = await ensureTeams(trx, municipalityId, site.teams);
      // The demo participation managers work in the teams whose cases they are assigned.
      await addTeamMembers(trx, municipalityId, [...teams.ids.values()], staff.participationManagers);
      // Numbers are reserved up front and committed: a failed run leaves a gap, never a number issued twice.
      const firstNumber = await reserveParticipantNumbers(trx, municipalityId, site.participants);
      for (const teamId of teams.created) {
        await appendAudit(trx, {
          municipalityId,
          actor: null,
          action: 'create',
          resourceType: 'team',
          resourceId: teamId,
          changedFields: ['name'],
          outcome: 'success',
          details: { source: 'seed' },
        });
      }
      // The catalogue first and committed: the participants' writer transactions all enrol into it.
      const offerIds = await writeOffers(trx, catalogue, { municipalityId, providerIds: providers.map((p) => p.id) });
      return { policy, teams, firstNumber, offerIds };
    });
    const rows = emptyCounts();
    rows.offer = catalogue.length;
    const context = {
      municipalityId,
      firstNumber: setup.firstNumber,
      teamIds: setup.teams.ids,
      staff,
      offerIds: setup.offerIds,
    };
    const staffCounts = { participationManagers: staff.participationManagers.length, coaches: staff.coaches.length };
    const writers = Math.max(1, Math.min(parallelism.writersPerSite, Math.ceil(site.participants / BATCH)));
    const written = acrossTransactions(municipalityId, writers, async (transactions) => {
      const inFlight: Promise<void>[] = transactions.map(() => Promise.resolve());
      let batches = 0;
      const dispatch = async (batch: GeneratedParticipant[]) => {
        const slot = batches++ % transactions.length;
        const trx = transactions[slot];
        if (!trx) throw new Error('no transaction for the batch');
        await inFlight[slot];
        const writing = (async () => {
          add(rows, await writeParticipants(trx, batch, context));
          progress.done += batch.length;
          options.onProgress?.({ done: progress.done, total: progress.total, site: site.name });
        })();
        // Raised by the next await of this slot or the final one; not "unhandled" meanwhile.
        writing.catch(() => undefined);
        inFlight[slot] = writing;
      };
      // Batches are generated while the database writes the previous ones; generation yields to the event loop
      // now and then, so that the writers' statements keep flowing meanwhile.
      let batch: GeneratedParticipant[] = [];
      for (const participant of generateSite(profile, site, {
        seed: options.seed,
        staff: staffCounts,
        policy: setup.policy,
        catalogue,
      })) {
        batch.push(participant);
        if (batch.length % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
        if (batch.length >= BATCH) {
          await dispatch(batch);
          batch = [];
        }
      }
      if (batch.length > 0) await dispatch(batch);
      await Promise.all(inFlight);
      const first = transactions[0];
      if (!first) return;
      // Audit last: appending locks the municipality's chain until the transaction ends.
      await appendAudit(first, {
        municipalityId,
        actor: null,
        action: 'create',
        resourceType: 'participant',
        resourceId: `seed:${options.profile}:${options.seed}`,
        changedFields: [],
        outcome: 'success',
        details: {
          source: 'seed',
          profile: options.profile,
          seed: options.seed,
          scale: String(options.scale),
          until: options.until ?? HISTORICAL_UNTIL,
          participants: rows.participant,
          cases: rows.participant_case,
          contacts: rows.case_contact,
          offers: rows.offer,
          enrolments: rows.enrolment,
          firstNumber: setup.firstNumber,
        },
      });
    });
    try {
      await written;
    } catch (error) {
      // The participants were rolled back: their catalogue goes too, so that a new run starts clean.
      await withTenant(db, { municipalityId, userId: null }, (trx) => deleteOffers(trx, setup.offerIds)).catch(
        () => undefined,
      );
      throw error;
    }
    return { rows, teamsCreated: setup.teams.created.length };
  }

  return {
    async run(options: SeedRunOptions): Promise<SeedSummary> {
      const problems = seedOptionProblems(options);
      if (problems.length > 0) {
        throw new AppError('validation_failed', 'The seed options are not valid.', { fieldErrors: problems });
      }
      const started = clock();
      const sites = seedSites(options.profile, options.scale);

      // Refuse before changing anything: a municipality that does not exist yet has no demo data.
      const found = await Promise.all(sites.map((site) => findMunicipality(db, site.officialKey, site.name)));
      const existing: { site: SeedSite; id: string; counts: DemoDataCounts }[] = [];
      for (const [index, municipality] of found.entries()) {
        const site = sites[index];
        if (!municipality || !site) continue;
        const counts = await withTenant(db, { municipalityId: municipality.id, userId: null }, countDemoData);
        if (counts.participants > 0 || counts.cases > 0) existing.push({ site, id: municipality.id, counts });
      }
      const removed: DemoDataCounts = { participants: 0, cases: 0 };
      if (existing.length > 0 && !options.replace) {
        const list = existing
          .slice(0, 5)
          .map((entry) => `${entry.site.name}: ${entry.counts.participants}`)
          .join(', ');
        throw new AppError(
          'conflict',
          `Demo data exist already in ${existing.length} of the profile's municipalities (${list}${existing.length > 5 ? ', …' : ''} ` +
            'participants). Seeding again would duplicate them; run it with --replace to remove the earlier demo ' +
            'participants (is_demo) of these municipalities first.',
        );
      }
      for (const entry of existing) {
        const counts = await withTenant(db, { municipalityId: entry.id, userId: null }, async (trx) => {
          await allowLongStatements(trx);
          const deleted = await deleteDemoData(trx);
          await appendAudit(trx, {
            municipalityId: entry.id,
            actor: null,
            action: 'delete',
            resourceType: 'participant',
            resourceId: 'seed',
            outcome: 'success',
            details: { source: 'seed', reason: 'replace', participants: deleted.participants, cases: deleted.cases },
          });
          return deleted;
        });
        removed.participants += counts.participants;
        removed.cases += counts.cases;
      }

      const summary: SeedSummary = {
        profile: options.profile,
        seed: options.seed,
        scale: options.scale,
        until: options.until ?? HISTORICAL_UNTIL,
        sites: [],
        rows: emptyCounts(),
        removed,
        organisationsCreated: { municipalities: 0, providers: 0 },
        providerContactsCreated: 0,
        teamsCreated: 0,
        careerAlerts: 0,
        funding: null,
        durationMs: 0,
      };
      const progress = { done: 0, total: sites.reduce((sum, site) => sum + site.participants, 0) };
      const targets: { site: SeedSite; municipalityId: string; createdMunicipality: boolean }[] = [];
      for (const [index, site] of sites.entries()) {
        let municipalityId = found[index]?.id;
        const createdMunicipality = municipalityId === undefined;
        municipalityId ??= await organisations.createByOperator(
          {
            kind: 'municipality',
            name: site.name,
            municipalityKind: site.municipalityKind,
            officialKey: site.officialKey,
            // Every grant recipient ran DiAA; most were alliance members of Gemeinsam klappt's (assumed).
            allianceMember: true,
          },
          { isDemo: true },
        );
        if (createdMunicipality) summary.organisationsCreated.municipalities += 1;
        summary.organisationsCreated.providers += await ensureProviders(site, municipalityId);
        const serving = await providersServing(db, municipalityId);
        const contacts = providerContacts(
          await providersWithoutContacts(
            db,
            serving.map((p) => p.id),
          ),
          new Random(siteSeed(options.seed, `${site.officialKey}:contacts`)),
        );
        summary.providerContactsCreated += await insertProviderContacts(db, contacts);
        targets.push({ site, municipalityId, createdMunicipality });
      }
      // Municipalities are independent: a few are written at once, each in its own transaction, so that the
      // database works on all cores while this process generates the next batch.
      const results: ({ rows: TableCounts; teamsCreated: number } | undefined)[] = [];
      let next = 0;
      const worker = async () => {
        while (next < targets.length) {
          const index = next++;
          const target = targets[index];
          if (target) results[index] = await writeSite(options, target.site, target.municipalityId, progress);
        }
      };
      await Promise.all(Array.from({ length: Math.min(parallelism.sites, targets.length) }, worker));
      for (const [index, target] of targets.entries()) {
        const written = results[index];
        if (!written) continue;
        add(summary.rows, written.rows);
        summary.teamsCreated += written.teamsCreated;
        summary.sites.push({
          name: target.site.name,
          municipalityId: target.municipalityId,
          participants: written.rows.participant,
          createdMunicipality: target.createdMunicipality,
        });
      }
      // The measure-career detector over what was written, as the nightly job would run it, as of the day the
      // data describe: the demo shows its alerts at once.
      const today = recordedDay(profileUntil(SEED_PROFILES[options.profile], options.until ?? HISTORICAL_UNTIL));
      for (const site of summary.sites) {
        const detected = await runFullDetection(db, { today, municipalityId: site.municipalityId });
        summary.careerAlerts += detected.opened;
      }
      // After the case data: the proofs of use take their figures from them.
      summary.funding = await seedFunding(db, { profile: options.profile, seed: options.seed });
      summary.durationMs = clock() - started;
      return summary;
    },
  };
}

export type SeedService = ReturnType<typeof createSeedService>;
