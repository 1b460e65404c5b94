// The demo data generator: which municipalities a profile fills, and the participants of each, generated one
// at a time (so that 100,000 people never sit in memory at once) and deterministically: the same profile,
// seed, scale and staff give the same records on every machine. Pure.
import { nameKeys } from '../participants/participant-names.rules.ts';
import type { EligibilityPolicy } from '../participants/programme-policy.ts';
import { generateCase } from './case-generator.rules.ts';
import { caseTimeline } from './case-timeline.rules.ts';
import { createIdentity, nearDuplicateOf, type Identity } from './identity.rules.ts';
import { districtOfQuarter, quarterByName } from './koeln-geography.ts';
import { KOELN_OFFICIAL_KEY, NRW_SITES, providersForSite, type Site } from './nrw-sites.ts';
import { generateEnrolments } from './enrolment-generator.rules.ts';
import { OfferAllocator } from './offer-allocation.rules.ts';
import { generateCatalogue, recordedDay } from './offer-catalogue.rules.ts';
import { participantBody } from './participant-generator.rules.ts';
import { apportion, Random } from './random.ts';
import { planSite } from './seed-plan.rules.ts';
import type { GeneratedOffer, GeneratedParticipant, SeedSite, SeedStaff } from './seed.model.ts';
import { SEED_PROFILES, type SeedProfile, type SeedProfileName } from './seed.profiles.ts';

export const KOELN_TEAMS = ['Teilhabemanagement linksrheinisch', 'Teilhabemanagement rechtsrheinisch'] as const;
export const SITE_TEAM = 'Teilhabemanagement';
export const MAX_SCALE = 1000;

export interface SeedOptions {
  profile: SeedProfileName;
  seed: number;
  scale: number;
}

function koelnSite(site: Pick<Site, 'name'>, participants: number, providers: number): SeedSite {
  return {
    officialKey: KOELN_OFFICIAL_KEY,
    name: site.name,
    municipalityKind: 'district_free_city',
    participants,
    providers,
    teams: KOELN_TEAMS,
    city: 'Köln',
    geography: 'koeln',
    ruhr: false,
  };
}

/** The municipalities of a profile and how many participants each gets at the given scale. */
export function seedSites(profileName: SeedProfileName, scale: number): SeedSite[] {
  const profile = SEED_PROFILES[profileName];
  const total = Math.round(profile.participants * scale);
  if (profileName === 'koeln') {
    return [koelnSite({ name: 'Stadt Köln' }, total, typeof profile.providers === 'number' ? profile.providers : 20)];
  }
  const counts = apportion(
    total,
    NRW_SITES.map((site) => site.tolerated),
  );
  return NRW_SITES.map((site, index) => {
    const participants = counts[index] ?? 0;
    if (site.officialKey === KOELN_OFFICIAL_KEY) return koelnSite(site, participants, providersForSite(site));
    return {
      officialKey: site.officialKey,
      name: site.name,
      municipalityKind: site.municipalityKind,
      participants,
      providers: providersForSite(site),
      teams: [SITE_TEAM],
      city: site.city,
      geography: null,
      ruhr: site.ruhr,
    };
  });
}

/** A 32-bit seed per site (FNV-1a of seed and official key): sites are independent of each other's size. */
export function siteSeed(seed: number, officialKey: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${seed}:${officialKey}`) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

function teamOf(site: SeedSite, cityDistrict: string | null): string {
  if (site.teams.length === 1 || cityDistrict === null) return site.teams[0] ?? SITE_TEAM;
  const quarter = quarterByName(cityDistrict);
  const bank = quarter ? districtOfQuarter(quarter.number)?.bank : undefined;
  return (bank === 'right' ? site.teams[1] : site.teams[0]) ?? SITE_TEAM;
}

/**
 * The offer catalogue of a site, from the plan of its participants (the same plan generateSite draws) and the
 * names of the providers serving it. Its own random stream: the participants stay the same with or without it.
 */
export function siteCatalogue(
  profile: SeedProfile,
  site: SeedSite,
  options: { seed: number; providers: readonly string[] },
): GeneratedOffer[] {
  const plans = planSite(profile, site.participants, new Random(siteSeed(options.seed, site.officialKey)));
  return generateCatalogue(
    profile,
    site,
    plans,
    options.providers,
    new Random(siteSeed(options.seed, `${site.officialKey}:offers`)),
  );
}

/**
 * The participants of one site, in order of entry, each with its case, and with enrolments in the offers of
 * `catalogue` (siteCatalogue) when given.
 */
export function* generateSite(
  profile: SeedProfile,
  site: SeedSite,
  options: { seed: number; staff: SeedStaff; policy: EligibilityPolicy; catalogue?: readonly GeneratedOffer[] },
): Generator<GeneratedParticipant> {
  const random = new Random(siteSeed(options.seed, site.officialKey));
  const plans = planSite(profile, site.participants, random);
  const allocator = options.catalogue ? new OfferAllocator(options.catalogue) : null;
  const paths = new Random(siteSeed(options.seed, `${site.officialKey}:enrolments`));
  const day = recordedDay(profile);
  const originals = new Set(plans.map((plan) => plan.duplicateOf).filter((seq): seq is number => seq !== null));
  const identities = new Map<number, Identity>();
  for (const planned of plans) {
    const original = planned.duplicateOf === null ? undefined : identities.get(planned.duplicateOf);
    const identity = original ? nearDuplicateOf(original, random) : createIdentity(planned, site, random);
    if (originals.has(planned.seq)) identities.set(planned.seq, identity);
    const timeline = caseTimeline(profile, planned, random);
    const body = participantBody(planned, identity, timeline, site, profile, random);
    const generatedCase = generateCase({
      planned,
      body,
      timeline,
      team: teamOf(site, body.cityDistrict),
      staff: options.staff,
      policy: options.policy,
      random,
    });
    const path = allocator
      ? generateEnrolments({ planned, timeline, day }, allocator, paths)
      : { enrolments: [], careerPattern: null };
    yield {
      seq: planned.seq,
      ...body,
      nameKeys: nameKeys(body),
      case: generatedCase,
      duplicateOf: planned.duplicateOf,
      enrolments: path.enrolments,
      careerPattern: path.careerPattern,
    };
  }
}
