// The organisation form's values and how they become API requests, checked with the shared Zod schemas
// and the rules of the kind (which the server checks again); problems are mapped onto the form's fields.
// Pure: no I/O, no React.
import {
  createOrganisationSchema,
  updateOrganisationSchema,
  type CreateOrganisation,
  type municipalityKinds,
  type Organisation,
  type organisationKinds,
  type UpdateOrganisation,
} from '../../../organisations/organisation.schema.ts';

export type OrganisationKind = (typeof organisationKinds)[number];
export type MunicipalityKind = (typeof municipalityKinds)[number];

export interface OrganisationFormValues {
  kind: OrganisationKind | '';
  name: string;
  shortName: string;
  contactEmail: string;
  municipalityKind: MunicipalityKind | '';
  districtId: string;
  officialKey: string;
  allianceMember: boolean;
  budgetRecovery: boolean;
  municipalityIds: string[];
}

/** The form's fields in the order they are shown (the error summary follows it). */
export const FORM_FIELDS = [
  'kind',
  'name',
  'shortName',
  'contactEmail',
  'municipalityKind',
  'districtId',
  'officialKey',
  'allianceMember',
  'budgetRecovery',
  'municipalityIds',
] as const satisfies readonly (keyof OrganisationFormValues)[];
export type FormField = (typeof FORM_FIELDS)[number];

export const EMPTY_VALUES: OrganisationFormValues = {
  kind: '',
  name: '',
  shortName: '',
  contactEmail: '',
  municipalityKind: '',
  districtId: '',
  officialKey: '',
  allianceMember: false,
  budgetRecovery: false,
  municipalityIds: [],
};

export function valuesOf(organisation: Organisation): OrganisationFormValues {
  return {
    kind: organisation.kind,
    name: organisation.name,
    shortName: organisation.shortName ?? '',
    contactEmail: organisation.contactEmail ?? '',
    municipalityKind: organisation.municipalityKind ?? '',
    districtId: organisation.districtId ?? '',
    officialKey: organisation.officialKey ?? '',
    allianceMember: organisation.allianceMember,
    budgetRecovery: organisation.budgetRecovery,
    municipalityIds: [...organisation.municipalityIds],
  };
}

/** Which groups of fields a kind of organisation has. */
export function sectionsFor(values: Pick<OrganisationFormValues, 'kind' | 'municipalityKind'>): {
  municipality: boolean;
  district: boolean;
  provider: boolean;
} {
  const municipality = values.kind === 'municipality';
  return {
    municipality,
    district: municipality && values.municipalityKind === 'district_town',
    provider: values.kind === 'provider',
  };
}

type Normalised = Required<Omit<CreateOrganisation, 'kind'>>;

function optionalText(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Every field as the API expects it; fields the kind does not have are empty, whatever was typed into them. */
function normalise(values: OrganisationFormValues): Normalised {
  const sections = sectionsFor(values);
  return {
    name: values.name.trim(),
    shortName: optionalText(values.shortName),
    contactEmail: optionalText(values.contactEmail),
    municipalityKind: sections.municipality && values.municipalityKind ? values.municipalityKind : null,
    districtId: sections.district && values.districtId ? values.districtId : null,
    officialKey: sections.municipality ? optionalText(values.officialKey) : null,
    allianceMember: sections.municipality && values.allianceMember,
    budgetRecovery: sections.municipality && values.budgetRecovery,
    municipalityIds: sections.provider ? [...new Set(values.municipalityIds)].sort() : [],
  };
}

/** Keys of `organisations.errors` in the locales. */
export type ErrorKey =
  | 'required'
  | 'invalid'
  | 'tooLong'
  | 'notAllowed'
  | 'notFound'
  | 'duplicate'
  | 'kindRequired'
  | 'nameRequired'
  | 'nameDuplicate'
  | 'officialKeyFormat'
  | 'officialKeyDuplicate'
  | 'contactEmailFormat'
  | 'municipalityKindRequired'
  | 'districtRequired'
  | 'municipalitiesNotFound';

export interface FormProblem {
  field: FormField;
  message: ErrorKey;
}

const SPECIFIC: Partial<Record<FormField, Partial<Record<string, ErrorKey>>>> = {
  kind: { required: 'kindRequired', invalid_value: 'kindRequired', invalid_type: 'kindRequired' },
  name: { required: 'nameRequired', too_small: 'nameRequired', duplicate: 'nameDuplicate' },
  officialKey: { invalid_format: 'officialKeyFormat', duplicate: 'officialKeyDuplicate' },
  contactEmail: { invalid_format: 'contactEmailFormat' },
  municipalityKind: { required: 'municipalityKindRequired' },
  districtId: { required: 'districtRequired' },
  municipalityIds: { not_found: 'municipalitiesNotFound', invalid_format: 'municipalitiesNotFound' },
};

const GENERIC: Partial<Record<string, ErrorKey>> = {
  required: 'required',
  too_small: 'required',
  too_big: 'tooLong',
  not_allowed: 'notAllowed',
  not_found: 'notFound',
  duplicate: 'duplicate',
};

/** The message for a problem code (Zod issue code or the server's rule code) at a field. */
export function messageFor(field: FormField, code: string): ErrorKey {
  return SPECIFIC[field]?.[code] ?? GENERIC[code] ?? 'invalid';
}

function isFormField(value: string): value is FormField {
  return (FORM_FIELDS as readonly string[]).includes(value);
}

/**
 * Problems reported for dotted paths (`municipalityIds.0`), reduced to one per form field, in form order.
 * Paths outside the form are dropped: the caller shows a general message for them.
 */
export function formProblems(
  reported: readonly { field: string; code: string }[],
  values: OrganisationFormValues,
): FormProblem[] {
  const byField = new Map<FormField, ErrorKey>();
  for (const { field: path, code } of reported) {
    const field = path.split('.')[0] ?? '';
    if (!isFormField(field) || byField.has(field)) continue;
    // The server names both name and official key when a unique key clashes; an empty key did not.
    if (field === 'officialKey' && code === 'duplicate' && values.officialKey.trim() === '') continue;
    byField.set(field, messageFor(field, code));
  }
  return FORM_FIELDS.filter((field) => byField.has(field)).map((field) => ({
    field,
    message: byField.get(field) ?? 'invalid',
  }));
}

/** The rules that depend on the kind, as the server checks them; lets the form name them before sending. */
function kindRuleProblems(values: OrganisationFormValues): { field: string; code: string }[] {
  const sections = sectionsFor(values);
  const problems: { field: string; code: string }[] = [];
  if (sections.municipality && !values.municipalityKind) problems.push({ field: 'municipalityKind', code: 'required' });
  if (sections.district && !values.districtId) problems.push({ field: 'districtId', code: 'required' });
  return problems;
}

function issuesOf(error: { issues: readonly { path: readonly PropertyKey[]; code: string }[] }) {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), code: issue.code }));
}

export type Checked<T> = { ok: true; body: T } | { ok: false; problems: FormProblem[] };

/** The body of POST /organisations: only the fields the kind has and that are filled in. */
export function toCreateRequest(values: OrganisationFormValues): Checked<CreateOrganisation> {
  const normalised = normalise(values);
  const candidate: Record<string, unknown> = { kind: values.kind === '' ? undefined : values.kind };
  for (const [key, value] of Object.entries(normalised)) {
    if (value === null || value === false || (Array.isArray(value) && value.length === 0)) continue;
    candidate[key] = value;
  }
  const parsed = createOrganisationSchema.safeParse(candidate);
  const reported = [...(parsed.success ? [] : issuesOf(parsed.error)), ...kindRuleProblems(values)];
  if (values.kind === '') reported.unshift({ field: 'kind', code: 'required' });
  const problems = formProblems(reported, values);
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, body: parsed.data };
}

function sameValue(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b)
    ? a.length === b.length && a.every((item, index) => item === b[index])
    : a === b;
}

/**
 * The body of PATCH /organisations/:id: only what differs from the loaded organisation (the audit log
 * records the changed fields). An empty body means nothing was changed.
 */
export function toUpdateRequest(values: OrganisationFormValues, original: Organisation): Checked<UpdateOrganisation> {
  const current = normalise({ ...values, kind: original.kind });
  const before = normalise(valuesOf(original));
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(current) as (keyof Normalised)[]) {
    if (!sameValue(current[key], before[key])) changes[key] = current[key];
  }
  const parsed = updateOrganisationSchema.safeParse(changes);
  const reported = [
    ...(parsed.success ? [] : issuesOf(parsed.error)),
    ...kindRuleProblems({ ...values, kind: original.kind }),
  ];
  const problems = formProblems(reported, values);
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, body: parsed.data };
}
