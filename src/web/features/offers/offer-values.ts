// The forms of the offers pages as plain values (what the fields hold), checked against the shared schemas
// before sending, and the server's field errors mapped back onto the fields. Pure: no I/O, no React.
import type { z } from 'zod';
import {
  createOfferSchema,
  createProviderContactSchema,
  updateOfferSchema,
  updateProviderContactSchema,
  type CreateOffer,
  type CreateProviderContact,
  type Offer,
  type ProviderContact,
  type UpdateOffer,
  type UpdateProviderContact,
} from '../../../offers/offer.schema.ts';
import {
  collectProblems,
  issuesOf,
  optional,
  wholeNumber,
  type Checked,
  type FieldKind,
  type FieldProblem,
  type Issue,
} from '../cases/form-problems.ts';

export {
  dropoutReasons as DROPOUT_REASONS,
  enrolmentStatuses as ENROLMENT_STATUSES,
  examResults as EXAM_RESULTS,
  offerStatuses as OFFER_STATUSES,
  offerStrands as OFFER_STRANDS,
  offerTypes as OFFER_TYPES,
} from '../../../offers/offer.codes.ts';
export {
  cefrLevels as CEFR_LEVELS,
  schoolQualifications as SCHOOL_QUALIFICATIONS,
} from '../../../participants/participant.codes.ts';

/** Checks form values against a shared schema: the body, or the problems per field in form order. */
export function check<T, F extends string>(
  schema: z.ZodType<T>,
  body: unknown,
  fields: Readonly<Record<F, FieldKind>>,
  order: readonly F[],
): Checked<T, F> {
  const parsed = schema.safeParse(body);
  return parsed.success
    ? { ok: true, body: parsed.data }
    : { ok: false, problems: collectProblems(issuesOf(parsed.error), fields, order) };
}

/** A decimal number from a field ("7,5" as typed in German too); null when blank, NaN when not a number. */
export function decimal(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return null;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** Euro as typed ("37,50") to cents; null when blank, NaN when not an amount. */
export function centsOf(text: string): number | null {
  const euros = decimal(text);
  return euros === null || Number.isNaN(euros) ? euros : Math.round(euros * 100);
}

/** Cents as euro for a field ("37,50" in German, "37.50" in English). */
export function euroText(cents: number | null, language: string): string {
  if (cents === null) return '';
  const text = (cents / 100).toFixed(2);
  return language.startsWith('de') ? text.replace('.', ',') : text;
}

/** Only the entries that differ from the stored values (an update names what changes). */
export function changed<T extends object>(next: T, stored: Record<string, unknown>): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    if (JSON.stringify(value) !== JSON.stringify(stored[key])) out[key] = value;
  }
  return out as Partial<T>;
}

// --- Offers ------------------------------------------------------------------------------------------------

export interface OfferValues {
  providerId: string;
  title: string;
  type: string;
  strand: string;
  description: string;
  place: string;
  startsOn: string;
  endsOn: string;
  weeklyHours: string;
  teachingUnits: string;
  capacity: string;
  entryLevel: string;
  entryRequirements: string;
  targetLevel: string;
  targetQualification: string;
  leadsToVocationalQualification: boolean;
  supportLanguages: string;
  childcare: boolean;
  accessible: boolean;
  accessibilityNotes: string;
  cost: string;
  costNotes: string;
  status: string;
}
export type OfferField = Exclude<keyof OfferValues, 'cost'> | 'costCents';

const offerFieldKinds: Record<OfferField, FieldKind> = {
  providerId: 'choice',
  title: 'text',
  type: 'choice',
  strand: 'choice',
  description: 'text',
  place: 'text',
  startsOn: 'date',
  endsOn: 'date',
  weeklyHours: 'number',
  teachingUnits: 'number',
  capacity: 'number',
  entryLevel: 'choice',
  entryRequirements: 'text',
  targetLevel: 'choice',
  targetQualification: 'choice',
  leadsToVocationalQualification: 'flag',
  supportLanguages: 'text',
  childcare: 'flag',
  accessible: 'flag',
  accessibilityNotes: 'text',
  costCents: 'number',
  costNotes: 'text',
  status: 'choice',
};
export const OFFER_FIELDS = Object.keys(offerFieldKinds) as OfferField[];

export function newOfferValues(providerId: string): OfferValues {
  return {
    providerId,
    title: '',
    type: '',
    strand: '',
    description: '',
    place: '',
    startsOn: '',
    endsOn: '',
    weeklyHours: '',
    teachingUnits: '',
    capacity: '',
    entryLevel: '',
    entryRequirements: '',
    targetLevel: '',
    targetQualification: '',
    leadsToVocationalQualification: false,
    supportLanguages: '',
    childcare: false,
    accessible: false,
    accessibilityNotes: '',
    cost: '',
    costNotes: '',
    status: 'planned',
  };
}

export function offerValuesOf(offer: Offer, language: string): OfferValues {
  const text = (value: string | number | null) => (value === null ? '' : String(value));
  return {
    providerId: offer.provider.id,
    title: offer.title,
    type: offer.type,
    strand: offer.strand ?? '',
    description: text(offer.description),
    place: offer.place,
    startsOn: text(offer.startsOn),
    endsOn: text(offer.endsOn),
    weeklyHours: text(offer.weeklyHours),
    teachingUnits: text(offer.teachingUnits),
    capacity: text(offer.capacity),
    entryLevel: offer.entryLevel ?? '',
    entryRequirements: text(offer.entryRequirements),
    targetLevel: offer.targetLevel ?? '',
    targetQualification: offer.targetQualification ?? '',
    leadsToVocationalQualification: offer.leadsToVocationalQualification,
    supportLanguages: offer.supportLanguages.join(', '),
    childcare: offer.childcare,
    accessible: offer.accessible,
    accessibilityNotes: text(offer.accessibilityNotes),
    cost: euroText(offer.costCents, language),
    costNotes: text(offer.costNotes),
    status: offer.status,
  };
}

function offerBody(values: OfferValues) {
  const choice = (value: string) => (value === '' ? null : value);
  return {
    title: values.title,
    type: values.type === '' ? undefined : values.type,
    strand: choice(values.strand),
    description: optional(values.description),
    place: values.place,
    startsOn: choice(values.startsOn),
    endsOn: choice(values.endsOn),
    weeklyHours: decimal(values.weeklyHours),
    teachingUnits: wholeNumber(values.teachingUnits),
    capacity: wholeNumber(values.capacity),
    entryLevel: choice(values.entryLevel),
    entryRequirements: optional(values.entryRequirements),
    targetLevel: choice(values.targetLevel),
    targetQualification: choice(values.targetQualification),
    leadsToVocationalQualification: values.leadsToVocationalQualification,
    supportLanguages: values.supportLanguages
      .split(/[\s,;]+/)
      .map((code) => code.trim().toLowerCase())
      .filter((code) => code !== ''),
    childcare: values.childcare,
    accessible: values.accessible,
    accessibilityNotes: optional(values.accessibilityNotes),
    costCents: centsOf(values.cost),
    costNotes: optional(values.costNotes),
    status: values.status,
  };
}

export function toCreateOffer(values: OfferValues): Checked<CreateOffer, OfferField> {
  return check(
    createOfferSchema,
    { ...offerBody(values), providerId: values.providerId },
    offerFieldKinds,
    OFFER_FIELDS,
  );
}

/** The changes against the stored offer; an empty body means nothing changed. */
export function toUpdateOffer(values: OfferValues, offer: Offer, language: string): Checked<UpdateOffer, OfferField> {
  const stored = offerBody(offerValuesOf(offer, language));
  const body = changed(offerBody(values), stored);
  if (Object.keys(body).length === 0) return { ok: true, body: {} };
  return check(updateOfferSchema, body, offerFieldKinds, OFFER_FIELDS);
}

export function offerProblemsOf(issues: readonly Issue[]): FieldProblem<OfferField>[] {
  return collectProblems(issues, offerFieldKinds, OFFER_FIELDS);
}

// --- Contacts ----------------------------------------------------------------------------------------------

export interface ContactValues {
  name: string;
  role: string;
  email: string;
  phone: string;
}
export type ContactField = keyof ContactValues;
const contactFieldKinds: Record<ContactField, FieldKind> = { name: 'text', role: 'text', email: 'text', phone: 'text' };
export const CONTACT_FIELDS = Object.keys(contactFieldKinds) as ContactField[];

export function contactValuesOf(contact: ProviderContact | null): ContactValues {
  return {
    name: contact?.name ?? '',
    role: contact?.role ?? '',
    email: contact?.email ?? '',
    phone: contact?.phone ?? '',
  };
}

function contactBody(values: ContactValues) {
  return {
    name: values.name,
    role: optional(values.role),
    email: optional(values.email),
    phone: optional(values.phone),
  };
}

export function toCreateContact(values: ContactValues): Checked<CreateProviderContact, ContactField> {
  return check(createProviderContactSchema, contactBody(values), contactFieldKinds, CONTACT_FIELDS);
}

export function toUpdateContact(
  values: ContactValues,
  contact: ProviderContact,
): Checked<UpdateProviderContact, ContactField> {
  const body = changed(contactBody(values), contactBody(contactValuesOf(contact)));
  if (Object.keys(body).length === 0) return { ok: true, body: {} };
  return check(updateProviderContactSchema, body, contactFieldKinds, CONTACT_FIELDS);
}

export function contactProblemsOf(issues: readonly Issue[]): FieldProblem<ContactField>[] {
  return collectProblems(issues, contactFieldKinds, CONTACT_FIELDS);
}
