// Who a synthetic participant is: origin, names (Latin and original script), gender and date of birth, and
// the near-duplicates made on purpose (the same person recorded again under another transliteration). Pure.
import { addDays, addMonths } from '../cases/case.rules.ts';
import type { BirthDatePrecision, Gender } from '../participants/participant.codes.ts';
import {
  feminineFamilyName,
  NAME_LISTS,
  splitName,
  TRANSLITERATION_VARIANTS,
  type NameList,
  type SplitName,
} from './names.ts';
import {
  DULDUNG_ORIGINS,
  GESTATTUNG_ORIGINS,
  ORIGINS,
  RUHR_WESTERN_BALKANS_SHARE_OF_DULDUNG,
  withWesternBalkansShare,
  type Origin,
} from './origins.ts';
import type { Random, Weighted } from './random.ts';
import { daysBetween, type PlannedParticipant } from './seed-plan.rules.ts';
import type { SeedSite } from './seed.model.ts';

export interface Identity {
  origin: Origin;
  /** Köln admitted people under temporary protection (§ 24 AufenthG) from 2022. */
  temporaryProtection: boolean;
  gender: Gender;
  familyName: string;
  givenNames: string;
  familyNameOriginal: string | null;
  givenNamesOriginal: string | null;
  birthDate: string;
  birthDatePrecision: BirthDatePrecision;
}

const RUHR_DULDUNG_ORIGINS = withWesternBalkansShare(DULDUNG_ORIGINS, RUHR_WESTERN_BALKANS_SHARE_OF_DULDUNG);
const UKRAINE_ADMITTED_FROM = '2022-03-04';

function originOf(planned: PlannedParticipant, site: SeedSite, random: Random): { origin: Origin; tp: boolean } {
  let mix: Weighted<string> = site.ruhr ? RUHR_DULDUNG_ORIGINS : DULDUNG_ORIGINS;
  let tp = false;
  if (planned.entryStatus === 'gestattung') mix = GESTATTUNG_ORIGINS;
  if (planned.entryStatus === 'other' && planned.openedOn >= UKRAINE_ADMITTED_FROM && random.chance(0.7)) {
    mix = [['UA', 1]];
    tp = true;
  }
  const country = random.weighted(mix);
  const origin = ORIGINS[country];
  if (!origin) throw new Error(`no origin data for ${country}`);
  return { origin, tp };
}

function joinNames(names: SplitName[]): SplitName {
  const originals = names.map((name) => name.original);
  return {
    latin: names.map((name) => name.latin).join(' '),
    original: originals.every((value): value is string => value !== null) ? originals.join(' ') : null,
  };
}

function givenNamesFor(list: NameList, gender: Gender, random: Random): SplitName {
  const pool = gender === 'female' || (gender === 'diverse' && random.chance(0.5)) ? list.female : list.male;
  const first = splitName(random.pick(pool));
  if (!random.chance(0.15)) return first;
  const second = splitName(random.pick(pool));
  return second.latin === first.latin ? first : joinNames([first, second]);
}

/** A date of birth for someone aged `age` (completed years) on `on`, and how much of it is known. */
export function birthDateFor(age: number, on: string, random: Random): { date: string; precision: BirthDatePrecision } {
  const earliest = addDays(addMonths(on, -12 * (age + 1)), 1);
  const latest = addMonths(on, -12 * age);
  const date = addDays(earliest, random.int(0, daysBetween(earliest, latest)));
  // Refugees often know only the year (registered as 1 January) or the month of birth.
  const precision = random.weighted<BirthDatePrecision>([
    ['day', 80],
    ['month', 4],
    ['year', 16],
  ]);
  if (precision === 'year') return { date: `${date.slice(0, 4)}-01-01`, precision };
  if (precision === 'month') return { date: `${date.slice(0, 7)}-01`, precision };
  return { date, precision };
}

function ageAtEntry(planned: PlannedParticipant, random: Random): number {
  if (planned.exceptionAge !== null) return planned.exceptionAge;
  switch (planned.ageBand) {
    case '18-20':
      return random.int(18, 20);
    case '21-23':
      return random.int(21, 23);
    case '24-26':
      return random.int(24, 26);
    default:
      return 27;
  }
}

export function createIdentity(planned: PlannedParticipant, site: SeedSite, random: Random): Identity {
  const { origin, tp } = originOf(planned, site, random);
  const list: NameList = NAME_LISTS[origin.names];
  const gender: Gender = planned.gender;
  const given = givenNamesFor(list, gender, random);
  let family = splitName(random.pick(list.family));
  if (gender === 'female') family = feminineFamilyName(family, list.feminine);
  // Many Afghans have a single name; it is recorded as the family name.
  const singleName = origin.country === 'AF' && random.chance(0.1);
  // Documents and interpreters give the original script for most, not all.
  const withOriginal = random.chance(0.9);
  const birth = birthDateFor(ageAtEntry(planned, random), planned.openedOn, random);
  return {
    origin,
    temporaryProtection: tp,
    gender,
    familyName: singleName ? (given.latin.split(' ')[0] ?? given.latin) : family.latin,
    givenNames: singleName ? '' : given.latin,
    familyNameOriginal: withOriginal ? (singleName ? (given.original?.split(' ')[0] ?? null) : family.original) : null,
    givenNamesOriginal: withOriginal && !singleName ? given.original : null,
    birthDate: birth.date,
    birthDatePrecision: birth.precision,
  };
}

function stripDiacritics(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/Đ/g, 'Dj')
    .replace(/đ/g, 'dj')
    .replace(/ı/g, 'i');
}

/** The same name as another office wrote it: a transliteration variant of one word, if the lists know one. */
function variantOf(name: string, random: Random): string | null {
  const words = name.split(' ');
  const candidates = words.map((word, index) => ({ index, variants: TRANSLITERATION_VARIANTS[word] ?? [] }));
  const usable = candidates.filter((candidate) => candidate.variants.length > 0);
  if (usable.length === 0) return null;
  const chosen = random.pick(usable);
  const next = [...words];
  next[chosen.index] = random.pick(chosen.variants);
  return next.join(' ');
}

/**
 * The record a second intake made of the same person: a transliteration variant of a name, or given and
 * family name swapped, or the diacritics lost; sometimes the birth date only to the year.
 */
export function nearDuplicateOf(identity: Identity, random: Random): Identity {
  const copy: Identity = { ...identity };
  const familyVariant = variantOf(identity.familyName, random);
  const givenVariant = identity.givenNames ? variantOf(identity.givenNames, random) : null;
  if (familyVariant && (!givenVariant || random.chance(0.5))) copy.familyName = familyVariant;
  else if (givenVariant) copy.givenNames = givenVariant;
  else if (identity.givenNames && random.chance(0.6)) {
    copy.familyName = identity.givenNames;
    copy.givenNames = identity.familyName;
    copy.familyNameOriginal = identity.givenNamesOriginal;
    copy.givenNamesOriginal = identity.familyNameOriginal;
  } else {
    const stripped = stripDiacritics(identity.familyName);
    copy.familyName =
      stripped !== identity.familyName ? stripped : `${identity.familyName}${random.pick(['e', 'i', 'h'])}`;
  }
  // The second office often did not record the original script.
  if (random.chance(0.5)) {
    copy.familyNameOriginal = null;
    copy.givenNamesOriginal = null;
  }
  if (identity.birthDatePrecision === 'day' && random.chance(0.3)) {
    copy.birthDate = `${identity.birthDate.slice(0, 4)}-01-01`;
    copy.birthDatePrecision = 'year';
  }
  return copy;
}
