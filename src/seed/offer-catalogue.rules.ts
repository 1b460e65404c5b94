// The offer catalogue of a site for the demo data: the providers' courses (cohorts with a start date and seats)
// and their rolling offers (coaching, job-accompanying support; EQ and training places of the regular system),
// sized from the site's plans so that supply roughly meets the demand the enrolment generator will bring: a
// course starts when enough people are waiting for it, never for nobody. Written before the participants, so
// that every writer transaction sees it. Pure.
import { addDays, addMonths } from '../cases/case.rules.ts';
import type { OfferStatus, OfferType } from '../offers/offer.codes.ts';
import { KOELN_DISTRICTS } from './koeln-geography.ts';
import {
  COACHING_PER_MONTH_CENTS,
  COST_PER_UNIT_CENTS,
  ENROLMENT_PARAMETERS as P,
  OFFER_KINDS,
  type OfferKind,
} from './offer-seed.parameters.ts';
import { OFFER_DESCRIPTIONS, OFFER_TITLES, SUPPORT_LANGUAGES, TRAINING_FIELDS } from './offer-texts.ts';
import type { Random } from './random.ts';
import type { PlannedParticipant } from './seed-plan.rules.ts';
import type { SeedProfile } from './seed.profiles.ts';
import type { GeneratedOffer, SeedSite } from './seed.model.ts';

/** The day the data describe: offers and enrolments have their status as of this day. */
export function recordedDay(profile: Pick<SeedProfile, 'openAt' | 'recordedUntil'>): string {
  return profile.openAt ?? profile.recordedUntil;
}

/** The month a cohort kind starts in first each year (school years start in August, BvB in September). */
const ANCHOR_MONTH: Readonly<Partial<Record<OfferType, number>>> = {
  school_certificate_course: 2,
  literacy_course: 3,
  vocational_preparation: 3,
  berufskolleg_class: 8,
};

/** The first Monday on or after a day. */
export function mondayFrom(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, (8 - weekday) % 7);
}

function monthIndex(day: string): number {
  return Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
}

/** Expected course needs of the plans, per kind and month index, as the enrolment generator will draw them. */
export function expectedDemand(plans: readonly PlannedParticipant[]): Map<OfferType, Map<number, number>> {
  const demand = new Map<OfferType, Map<number, number>>();
  const add = (type: OfferType, day: string, months: number, amount: number) => {
    const byMonth = demand.get(type) ?? new Map<number, number>();
    demand.set(type, byMonth);
    const index = monthIndex(day) + months;
    byMonth.set(index, (byMonth.get(index) ?? 0) + amount);
  };
  // Careers add courses: a fifth more than the plain path (assumed, together with repeats after failing).
  const extra = 1.2;
  for (const plan of plans) {
    const language = P.languageCourse[plan.german];
    if (plan.german === 'A0') {
      add('literacy_course', plan.openedOn, 1, language * extra);
      add('integration_course', plan.openedOn, 12, language * 0.5);
    } else if (plan.german === 'A1' || plan.german === 'A2') {
      const youth = plan.ageBand === '27' || plan.exceptionAge === 28 ? 0 : P.youthCourse;
      add('youth_integration_course', plan.openedOn, 1, language * youth * extra);
      add('integration_course', plan.openedOn, 1, language * (1 - youth) * extra);
    } else {
      add('job_language_course', plan.openedOn, 1, language * extra);
    }
    const after = language > 0.5 ? 9 : 1;
    if (plan.strands.includes('FB4')) add('preparation_course', plan.openedOn, after, extra);
    if (plan.strands.includes('FB3')) add('school_certificate_course', plan.openedOn, 1, extra);
    const low = plan.school === 'none' || plan.school === 'unrecognised';
    if (low && !plan.strands.includes('FB3')) {
      add('vocational_preparation', plan.openedOn, after + 3, (P.transitionMeasure / 2) * extra);
      add('berufskolleg_class', plan.openedOn, after + 3, (P.transitionMeasure / 2) * extra);
    }
  }
  return demand;
}

function placesOf(site: SeedSite): { names: string[]; weights: number[] } {
  if (site.geography === 'koeln') {
    return { names: KOELN_DISTRICTS.map((d) => d.name), weights: KOELN_DISTRICTS.map((d) => d.weight) };
  }
  const place = site.city ?? site.name.replace(/^(Kreis|StädteRegion) /, '').replace(/-Kreis$/, '');
  return { names: [place], weights: [1] };
}

/** The provider of an offer kind: one whose name suits the kind, else any; spread over those that suit. */
export function providerFor(kind: OfferKind, providers: readonly string[], random: Random): number {
  for (const hint of kind.providerHints) {
    const suited = providers.flatMap((name, index) => (name.includes(hint) ? [index] : []));
    if (suited.length > 0) return random.pick(suited);
  }
  return random.int(0, providers.length - 1);
}

export function offerStatusOn(startsOn: string, endsOn: string | null, day: string): OfferStatus {
  if (endsOn !== null && endsOn < day) return 'ended';
  if (startsOn <= day) return 'running';
  // Registration opens two months before the start (assumed).
  return startsOn <= addMonths(day, 2) ? 'open' : 'planned';
}

interface Draft {
  kind: OfferKind;
  providerIndex: number;
  place: string;
  startsOn: string;
  endsOn: string | null;
  capacity: number | null;
  /** For rolling offers: one person's stay in months (the offer itself runs for the whole window). */
  title: string;
}

function teachingUnits(kind: OfferKind, startsOn: string, endsOn: string | null): number | null {
  if (kind.intake === 'rolling' || endsOn === null) return null;
  const weeks = Math.round((Date.parse(endsOn) - Date.parse(startsOn)) / (7 * 86_400_000));
  // 45-minute units: a teaching hour is a unit; about 4 weeks of holidays a year.
  return Math.min(5000, Math.round(kind.weeklyHours * weeks * (48 / 52)));
}

function finish(draft: Draft, key: number, day: string, random: Random): GeneratedOffer {
  const { kind } = draft;
  const units =
    kind.type === 'integration_course'
      ? 700
      : kind.type === 'youth_integration_course'
        ? 1000
        : teachingUnits(kind, draft.startsOn, draft.endsOn);
  const perUnit = COST_PER_UNIT_CENTS[kind.type];
  const languages = random.sample(
    SUPPORT_LANGUAGES,
    random.weighted([
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 1],
    ] as const),
  );
  return {
    key,
    providerIndex: draft.providerIndex,
    title: draft.title,
    type: kind.type,
    strand: kind.strand,
    description: random.pick(OFFER_DESCRIPTIONS[kind.type] ?? [null]),
    place: draft.place,
    startsOn: draft.startsOn,
    endsOn: draft.endsOn,
    weeklyHours: kind.weeklyHours,
    teachingUnits: units,
    capacity: draft.capacity,
    entryLevel: kind.entryLevel,
    entryRequirements: kind.entryLevel ? `Deutschkenntnisse mindestens ${kind.entryLevel}` : null,
    targetLevel: kind.targetLevel,
    targetQualification:
      kind.type === 'school_certificate_course' ? 'esa' : kind.type === 'berufskolleg_class' ? 'esa' : null,
    leadsToVocationalQualification: ['training_dual', 'training_school', 'helper_training'].includes(kind.type),
    supportLanguages: languages.sort(),
    childcare: random.chance(kind.strand ? 0.2 : 0.1),
    accessible: random.chance(0.6),
    accessibilityNotes: random.chance(0.15) ? 'Aufzug vorhanden, barrierefreies WC im Erdgeschoss.' : null,
    costCents:
      perUnit !== undefined && units !== null
        ? perUnit * units
        : kind.type === 'coaching'
          ? COACHING_PER_MONTH_CENTS
          : null,
    costNotes:
      kind.type === 'coaching'
        ? 'Pauschale je Teilnehmendenmonat'
        : perUnit !== undefined
          ? `${(perUnit / 100).toFixed(2).replace('.', ',')} € je Unterrichtseinheit`
          : kind.strand === null
            ? 'Regelsystem, keine Kosten für das Programm'
            : null,
    status: offerStatusOn(draft.startsOn, draft.endsOn, day),
  };
}

function titleOf(kind: OfferKind, random: Random): string {
  const base = OFFER_TITLES[kind.type];
  return ['entry_qualification', 'training_dual', 'training_school', 'helper_training', 'job_qualification'].includes(
    kind.type,
  )
    ? `${base} ${random.pick(TRAINING_FIELDS)}`
    : base;
}

/**
 * The catalogue of a site: rolling offers running through the window (one per suitable provider and kind, two
 * coaching offers per three providers), and cohorts of every course kind, as many per start date as the
 * expected demand since the previous start needs (a course opens once half a course's people are waiting).
 */
export function generateCatalogue(
  profile: SeedProfile,
  site: SeedSite,
  plans: readonly PlannedParticipant[],
  providers: readonly string[],
  random: Random,
): GeneratedOffer[] {
  if (providers.length === 0 || plans.length === 0) return [];
  const day = recordedDay(profile);
  const lastEntry = profile.openAt && profile.openAt > profile.periodEnd ? profile.openAt : profile.periodEnd;
  const from = `${addMonths(profile.periodStart, -1).slice(0, 7)}-01`;
  const until = addMonths(lastEntry, 8);
  const places = placesOf(site);
  const place = () => random.weighted(places.names.map((name, i) => [name, places.weights[i] ?? 1] as const));
  const demand = expectedDemand(plans);
  const drafts: Draft[] = [];
  const fb1 = plans.filter((plan) => plan.strands.includes('FB1')).length;

  for (const kind of OFFER_KINDS) {
    if (kind.intake === 'rolling') {
      // Coaching: enough caseload for the FB1 people at once (about a quarter of them at a time, 9 of 34
      // months), spread over up to two thirds of the providers.
      const offers =
        kind.type === 'coaching'
          ? Math.max(1, Math.min(Math.ceil((providers.length * 2) / 3), Math.ceil(fb1 / 40)))
          : 1;
      const concurrent = kind.type === 'coaching' ? Math.ceil((fb1 * 0.35) / offers) + 4 : 0;
      for (let n = 0; n < offers; n += 1) {
        const seats = kind.seats ? Math.max(random.int(kind.seats[0], kind.seats[1]), concurrent) : null;
        const strandOffer = kind.strand !== null;
        drafts.push({
          kind,
          providerIndex: kind.type === 'coaching' ? n % providers.length : providerFor(kind, providers, random),
          place: place(),
          startsOn: mondayFrom(from),
          // A programme offer ends with the programme (historical window); regular-system places stay.
          endsOn: strandOffer && profile.openAt === null ? profile.periodEnd : null,
          capacity: seats,
          title: titleOf(kind, random),
        });
      }
      continue;
    }
    const byMonth = demand.get(kind.type) ?? new Map<number, number>();
    const anchor = (ANCHOR_MONTH[kind.type] ?? 1) - 1;
    let waiting = 0;
    let lastStart = monthIndex(from) - 1;
    for (let m = monthIndex(from); m <= monthIndex(until); m += 1) {
      if ((((m % 12) - anchor + 12) % 12) % kind.everyMonths !== 0) continue;
      for (let k = lastStart + 1; k <= m; k += 1) waiting += byMonth.get(k) ?? 0;
      lastStart = m;
      const seatsMid = kind.seats ? (kind.seats[0] + kind.seats[1]) / 2 : 20;
      // Open once a few people wait (scaled to the course's size); then as many courses as the wait fills.
      if (waiting < Math.min(0.5 * seatsMid, 3)) continue;
      const courses = Math.max(1, Math.round((waiting * 1.1) / (seatsMid * 0.9)));
      waiting = 0;
      const first = `${String(Math.floor(m / 12)).padStart(4, '0')}-${String((m % 12) + 1).padStart(2, '0')}-01`;
      for (let n = 0; n < courses; n += 1) {
        const startsOn = mondayFrom(addDays(first, random.int(0, 9)));
        const endsOn = addDays(addMonths(startsOn, random.int(kind.months[0], kind.months[1])), -3);
        drafts.push({
          kind,
          providerIndex: providerFor(kind, providers, random),
          place: place(),
          startsOn,
          endsOn,
          capacity: kind.seats ? random.int(kind.seats[0], kind.seats[1]) : null,
          title: titleOf(kind, random),
        });
      }
    }
  }
  return drafts.map((draft, key) => finish(draft, key, day, random));
}
