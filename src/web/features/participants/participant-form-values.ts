// The participant form's values (intake and the edit of the master data) and how they become API requests,
// checked with the shared Zod schemas (the server checks again; form-problems.ts puts problems on the fields).
// Pure: no I/O, no React.
import type {
  Accommodation,
  BenefitKind,
  CefrLevel,
  Gender,
  ResidenceStatus,
  SchoolQualification,
  Strand,
  WorkPermission,
} from '../../../participants/participant.codes.ts';
import {
  createParticipantSchema,
  duplicateCheckSchema,
  updateParticipantSchema,
  type CreateParticipant,
  type DuplicateCheck,
  type Participant,
  type UpdateParticipant,
} from '../../../participants/participant.schema.ts';
import { EMPTY_BIRTH_DATE, fromBirthDate, toBirthDate, type BirthDateInput } from './birth-date.ts';
import { firstPerField, problemOfIssue, type Checked, type FormProblem } from './form-problems.ts';

/** The person's own fields: shown at intake and in the edit form of the participant page. */
export interface PersonValues {
  familyName: string;
  givenNames: string;
  familyNameOriginal: string;
  givenNamesOriginal: string;
  birth: BirthDateInput;
  gender: Gender;
  countriesOfOrigin: string[];
  nationalities: string[];
  phone: string;
  email: string;
  street: string;
  postcode: string;
  city: string;
  cityDistrict: string;
  accommodation: Accommodation;
  workPermission: WorkPermission;
  benefits: BenefitKind[];
  excludedOffender: boolean;
  vocationalExperience: string;
  restricted: boolean;
}

export interface ResidenceStatusValues {
  status: ResidenceStatus | '';
  legalParagraph: string;
  validFrom: string;
  validTo: string;
  documentExpiry: string;
  notes: string;
}

export interface LanguageValues {
  language: string;
  level: CefrLevel | '';
  evidenceDate: string;
  evidence: string;
}

export interface SchoolingValues {
  country: string;
  years: string;
  qualification: SchoolQualification | '';
  recognised: boolean;
  notes: string;
}

/** Intake: the person, the current residence status, languages and schooling, and the strands in view. */
export interface IntakeValues extends PersonValues {
  residence: ResidenceStatusValues;
  languages: LanguageValues[];
  schooling: SchoolingValues[];
  strands: Strand[];
}

export const EMPTY_PERSON: PersonValues = {
  familyName: '',
  givenNames: '',
  familyNameOriginal: '',
  givenNamesOriginal: '',
  birth: EMPTY_BIRTH_DATE,
  gender: 'not_stated',
  countriesOfOrigin: [],
  nationalities: [],
  phone: '',
  email: '',
  street: '',
  postcode: '',
  city: '',
  cityDistrict: '',
  accommodation: 'unknown',
  workPermission: 'unknown',
  benefits: [],
  excludedOffender: false,
  vocationalExperience: '',
  restricted: false,
};

export const EMPTY_RESIDENCE: ResidenceStatusValues = {
  status: '',
  legalParagraph: '',
  validFrom: '',
  validTo: '',
  documentExpiry: '',
  notes: '',
};
export const EMPTY_LANGUAGE: LanguageValues = { language: '', level: '', evidenceDate: '', evidence: '' };
export const EMPTY_SCHOOLING: SchoolingValues = {
  country: '',
  years: '',
  qualification: '',
  recognised: false,
  notes: '',
};

export const EMPTY_INTAKE: IntakeValues = {
  ...EMPTY_PERSON,
  residence: EMPTY_RESIDENCE,
  languages: [],
  schooling: [],
  strands: ['FB1'],
};

export function personValuesOf(participant: Participant): PersonValues {
  return {
    familyName: participant.familyName,
    givenNames: participant.givenNames,
    familyNameOriginal: participant.familyNameOriginal ?? '',
    givenNamesOriginal: participant.givenNamesOriginal ?? '',
    birth: fromBirthDate(participant.birthDate, participant.birthDatePrecision),
    gender: participant.gender,
    countriesOfOrigin: [...participant.countriesOfOrigin],
    nationalities: [...participant.nationalities],
    phone: participant.phone ?? '',
    email: participant.email ?? '',
    street: participant.street ?? '',
    postcode: participant.postcode ?? '',
    city: participant.city ?? '',
    cityDistrict: participant.cityDistrict ?? '',
    accommodation: participant.accommodation,
    workPermission: participant.workPermission,
    benefits: [...participant.benefits],
    excludedOffender: participant.excludedOffender,
    vocationalExperience: participant.vocationalExperience ?? '',
    restricted: participant.restricted,
  };
}

const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());
const date = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** The person's fields as the API expects them (blank optional texts as null). */
function personBody(
  values: PersonValues,
  birth: { birthDate: string | null; birthDatePrecision: Participant['birthDatePrecision'] },
) {
  return {
    familyName: values.familyName.trim(),
    givenNames: values.givenNames.trim(),
    familyNameOriginal: text(values.familyNameOriginal),
    givenNamesOriginal: text(values.givenNamesOriginal),
    birthDate: birth.birthDate,
    birthDatePrecision: birth.birthDatePrecision,
    gender: values.gender,
    countriesOfOrigin: values.countriesOfOrigin,
    nationalities: values.nationalities,
    phone: text(values.phone),
    email: text(values.email),
    street: text(values.street),
    postcode: text(values.postcode),
    city: text(values.city),
    cityDistrict: text(values.cityDistrict),
    accommodation: values.accommodation,
    workPermission: values.workPermission,
    benefits: values.benefits,
    excludedOffender: values.excludedOffender,
    vocationalExperience: text(values.vocationalExperience),
    restricted: values.restricted,
  };
}

function residenceBody(values: ResidenceStatusValues) {
  return {
    status: values.status,
    legalParagraph: text(values.legalParagraph),
    validFrom: values.validFrom.trim(),
    validTo: date(values.validTo),
    documentExpiry: date(values.documentExpiry),
    notes: text(values.notes),
  };
}

function residenceEntered(values: ResidenceStatusValues): boolean {
  return (
    values.status !== '' ||
    values.validFrom.trim() !== '' ||
    values.validTo.trim() !== '' ||
    values.documentExpiry.trim() !== ''
  );
}

function languageBody(values: LanguageValues) {
  return {
    language: values.language.trim().toLowerCase(),
    level: values.level,
    evidenceDate: date(values.evidenceDate),
    evidence: text(values.evidence),
  };
}

function schoolingBody(values: SchoolingValues) {
  const years = values.years.trim();
  return {
    country: text(values.country),
    years: years === '' ? null : /^\d+$/.test(years) ? Number(years) : Number.NaN,
    qualification: values.qualification,
    recognised: values.recognised,
    notes: text(values.notes),
  };
}

/** The intake as a create request, or every problem the browser can see. */
export function toCreateRequest(
  values: IntakeValues,
  reviewedCandidateIds: readonly string[],
): Checked<CreateParticipant> {
  const birth = toBirthDate(values.birth);
  const problems: FormProblem[] = [];
  if (!birth.ok) problems.push({ field: 'birthDate', message: birth.problem });
  if (values.strands.length === 0) problems.push({ field: 'strands', message: 'strandsRequired' });
  const candidate = {
    ...personBody(values, birth.ok ? birth : { birthDate: null, birthDatePrecision: null }),
    residenceStatuses: residenceEntered(values.residence) ? [residenceBody(values.residence)] : [],
    languages: values.languages.map(languageBody),
    schooling: values.schooling.map(schoolingBody),
    reviewedCandidateIds: [...reviewedCandidateIds],
  };
  const parsed = createParticipantSchema.safeParse(candidate);
  if (!parsed.success) problems.push(...parsed.error.issues.map(problemOfIssue));
  if (problems.length > 0 || !parsed.success) return { ok: false, problems: firstPerField(problems) };
  return { ok: true, body: parsed.data };
}

/** The names and date of birth for the duplicate check (only what identifies a person). */
export function toDuplicateCheck(values: PersonValues): Checked<DuplicateCheck> {
  const birth = toBirthDate(values.birth);
  const parsed = duplicateCheckSchema.safeParse({
    familyName: values.familyName.trim(),
    givenNames: values.givenNames.trim(),
    familyNameOriginal: text(values.familyNameOriginal),
    givenNamesOriginal: text(values.givenNamesOriginal),
    birthDate: birth.ok ? birth.birthDate : null,
    birthDatePrecision: birth.ok ? birth.birthDatePrecision : null,
  });
  if (!parsed.success) return { ok: false, problems: firstPerField(parsed.error.issues.map(problemOfIssue)) };
  return { ok: true, body: parsed.data };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Only the fields that differ from the stored record; an empty body means nothing changed. */
export function toUpdateRequest(values: PersonValues, participant: Participant): Checked<UpdateParticipant> {
  const birth = toBirthDate(values.birth);
  if (!birth.ok) return { ok: false, problems: [{ field: 'birthDate', message: birth.problem }] };
  const next = personBody(values, birth);
  const stored = personBody(personValuesOf(participant), {
    birthDate: participant.birthDate,
    birthDatePrecision: participant.birthDatePrecision,
  });
  const changes = Object.fromEntries(
    (Object.keys(next) as (keyof typeof next)[])
      .filter((key) => !sameValue(next[key], stored[key]))
      .map((key) => [key, next[key]]),
  );
  // The date and its precision travel together: the server checks them as a pair.
  if ('birthDate' in changes || 'birthDatePrecision' in changes) {
    changes.birthDate = next.birthDate;
    changes.birthDatePrecision = next.birthDatePrecision;
  }
  const parsed = updateParticipantSchema.safeParse(changes);
  if (!parsed.success) return { ok: false, problems: firstPerField(parsed.error.issues.map(problemOfIssue)) };
  return { ok: true, body: parsed.data };
}

/** A residence status to add, as the API expects it. */
export function residenceRequest(values: ResidenceStatusValues) {
  return residenceBody(values);
}
export function languageRequest(values: LanguageValues) {
  return languageBody(values);
}
export function schoolingRequest(values: SchoolingValues) {
  return schoolingBody(values);
}
