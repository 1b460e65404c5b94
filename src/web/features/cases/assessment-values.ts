// The needs-assessment form: per area a switch "assess this area", whether support is needed, the area's
// structured facts and notes; how it becomes POST /cases/:id/assessments, checked with the shared schema.
// A new assessment starts from the latest one (a re-assessment changes what changed). Pure: no I/O.
import {
  benefitKinds,
  type accommodations,
  type BenefitKind,
  type cefrLevels,
  type residenceStatuses,
  type schoolQualifications,
  type workPermissions,
} from '../../../participants/participant.codes.ts';
import { assessmentAreas, type AssessmentArea } from '../../../cases/case.codes.ts';
import { createAssessmentSchema, type Assessment, type CreateAssessment } from '../../../cases/case-work.schema.ts';
import {
  collectProblems,
  issuesOf,
  optional,
  wholeNumber,
  type Checked,
  type FieldKind,
  type Issue,
} from './form-problems.ts';
import { isCalendarDate } from './format.ts';

type Code<T extends readonly string[]> = T[number] | '';

interface Common {
  include: boolean;
  needsSupport: boolean;
  notes: string;
}

export interface AreaValues {
  language: Common & { germanLevel: Code<typeof cefrLevels>; literacySupport: boolean };
  schooling: Common & {
    highestQualification: Code<typeof schoolQualifications>;
    yearsOfSchooling: string;
    recognised: boolean;
  };
  vocational: Common & { workExperienceMonths: string; occupations: string; vocationalGoal: string };
  health: Common & { limitsWorkOrTraining: boolean };
  childcare: Common & { children: string; needsCare: boolean };
  housing: Common & { accommodation: Code<typeof accommodations>; housingSecured: boolean };
  legal_status: Common & {
    residenceStatus: Code<typeof residenceStatuses>;
    workPermission: Code<typeof workPermissions>;
    documentExpiry: string;
  };
  finances: Common & { benefits: BenefitKind[]; debts: boolean };
}

export interface AssessmentValues {
  assessedOn: string;
  notes: string;
  areas: AreaValues;
}

/** A form field: "assessedOn", "notes", "areas" (none chosen) or "<area>.<field>". */
export type AssessmentField = string;

const AREA_FIELD_KINDS: Record<string, FieldKind> = {
  needsSupport: 'flag',
  notes: 'text',
  germanLevel: 'choice',
  literacySupport: 'flag',
  highestQualification: 'choice',
  yearsOfSchooling: 'number',
  recognised: 'flag',
  workExperienceMonths: 'number',
  occupations: 'text',
  vocationalGoal: 'text',
  limitsWorkOrTraining: 'flag',
  children: 'number',
  needsCare: 'flag',
  accommodation: 'choice',
  housingSecured: 'flag',
  residenceStatus: 'choice',
  workPermission: 'choice',
  documentExpiry: 'date',
  benefits: 'choice',
  debts: 'flag',
};

/** The fields of each area in the order the form shows them (the error summary follows it). */
export const AREA_FIELDS: Record<AssessmentArea, readonly string[]> = {
  language: ['germanLevel', 'literacySupport', 'needsSupport', 'notes'],
  schooling: ['highestQualification', 'yearsOfSchooling', 'recognised', 'needsSupport', 'notes'],
  vocational: ['workExperienceMonths', 'occupations', 'vocationalGoal', 'needsSupport', 'notes'],
  health: ['limitsWorkOrTraining', 'needsSupport', 'notes'],
  childcare: ['children', 'needsCare', 'needsSupport', 'notes'],
  housing: ['accommodation', 'housingSecured', 'needsSupport', 'notes'],
  legal_status: ['residenceStatus', 'workPermission', 'documentExpiry', 'needsSupport', 'notes'],
  finances: ['benefits', 'debts', 'needsSupport', 'notes'],
};

export const ASSESSMENT_ORDER: readonly AssessmentField[] = [
  'assessedOn',
  'areas',
  ...assessmentAreas.flatMap((area) => AREA_FIELDS[area].map((field) => `${area}.${field}`)),
  'notes',
];

const ASSESSMENT_KINDS: Record<AssessmentField, FieldKind> = Object.fromEntries([
  ['assessedOn', 'date'],
  ['areas', 'choice'],
  ['notes', 'text'],
  ...assessmentAreas.flatMap((area) =>
    AREA_FIELDS[area].map((field) => [`${area}.${field}`, AREA_FIELD_KINDS[field] ?? 'text'] as const),
  ),
]);

const common = (include = false): Common => ({ include, needsSupport: false, notes: '' });

export function emptyAreas(): AreaValues {
  return {
    language: { ...common(), germanLevel: '', literacySupport: false },
    schooling: { ...common(), highestQualification: '', yearsOfSchooling: '', recognised: false },
    vocational: { ...common(), workExperienceMonths: '', occupations: '', vocationalGoal: '' },
    health: { ...common(), limitsWorkOrTraining: false },
    childcare: { ...common(), children: '', needsCare: false },
    housing: { ...common(), accommodation: '', housingSecured: false },
    legal_status: { ...common(), residenceStatus: '', workPermission: '', documentExpiry: '' },
    finances: { ...common(), benefits: [], debts: false },
  };
}

const text = (value: string | null | undefined) => value ?? '';
const count = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value));

/** A new assessment's starting point: the answers of the latest one (or nothing), dated today. */
export function assessmentValuesFrom(latest: Assessment | null, today: string): AssessmentValues {
  const areas = emptyAreas();
  const previous = latest?.areas;
  if (previous?.language) {
    const a = previous.language;
    areas.language = {
      include: true,
      needsSupport: a.needsSupport,
      notes: text(a.notes),
      germanLevel: a.germanLevel,
      literacySupport: a.literacySupport ?? false,
    };
  }
  if (previous?.schooling) {
    const a = previous.schooling;
    areas.schooling = {
      include: true,
      needsSupport: a.needsSupport,
      notes: text(a.notes),
      highestQualification: a.highestQualification,
      yearsOfSchooling: count(a.yearsOfSchooling),
      recognised: a.recognised ?? false,
    };
  }
  if (previous?.vocational) {
    const a = previous.vocational;
    areas.vocational = {
      include: true,
      needsSupport: a.needsSupport,
      notes: text(a.notes),
      workExperienceMonths: count(a.workExperienceMonths),
      occupations: (a.occupations ?? []).join(', '),
      vocationalGoal: text(a.vocationalGoal),
    };
  }
  if (previous?.health) {
    const a = previous.health;
    areas.health = {
      include: true,
      needsSupport: a.needsSupport,
      notes: text(a.notes),
      limitsWorkOrTraining: a.limitsWorkOrTraining ?? false,
    };
  }
  if (previous?.childcare) {
    const a = previous.childcare;
    areas.childcare = {
      include: true,
      needsSupport: a.needsSupport,
      notes: text(a.notes),
      children: String(a.children),
      needsCare: a.needsCare,
    };
  }
  if (previous?.housing) {
    const a = previous.housing;
    areas.housing = {
      include: true,
      needsSupport: a.needsSupport,
      notes: text(a.notes),
      accommodation: a.accommodation,
      housingSecured: a.housingSecured ?? false,
    };
  }
  if (previous?.legal_status) {
    const a = previous.legal_status;
    areas.legal_status = {
      include: true,
      needsSupport: a.needsSupport,
      notes: text(a.notes),
      residenceStatus: a.residenceStatus ?? '',
      workPermission: a.workPermission ?? '',
      documentExpiry: text(a.documentExpiry),
    };
  }
  if (previous?.finances) {
    const a = previous.finances;
    areas.finances = {
      include: true,
      needsSupport: a.needsSupport,
      notes: text(a.notes),
      benefits: benefitKinds.filter((kind) => a.benefits?.includes(kind)),
      debts: a.debts ?? false,
    };
  }
  return { assessedOn: today, notes: '', areas };
}

/** "" → undefined, so that the schema names a missing choice as missing. */
function code<T extends string>(value: T | ''): T | undefined {
  return value === '' ? undefined : value;
}

function buildArea(area: AssessmentArea, values: AreaValues): Record<string, unknown> {
  const base = (v: Common) => ({ needsSupport: v.needsSupport, notes: optional(v.notes) });
  switch (area) {
    case 'language': {
      const v = values.language;
      return { ...base(v), germanLevel: code(v.germanLevel), literacySupport: v.literacySupport };
    }
    case 'schooling': {
      const v = values.schooling;
      return {
        ...base(v),
        highestQualification: code(v.highestQualification),
        yearsOfSchooling: wholeNumber(v.yearsOfSchooling),
        recognised: v.recognised,
      };
    }
    case 'vocational': {
      const v = values.vocational;
      const occupations = v.occupations
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      return {
        ...base(v),
        workExperienceMonths: wholeNumber(v.workExperienceMonths),
        occupations,
        vocationalGoal: optional(v.vocationalGoal),
      };
    }
    case 'health':
      return { ...base(values.health), limitsWorkOrTraining: values.health.limitsWorkOrTraining };
    case 'childcare': {
      const v = values.childcare;
      const children = wholeNumber(v.children);
      return { ...base(v), children: children ?? undefined, needsCare: v.needsCare };
    }
    case 'housing': {
      const v = values.housing;
      return { ...base(v), accommodation: code(v.accommodation), housingSecured: v.housingSecured };
    }
    case 'legal_status': {
      const v = values.legal_status;
      return {
        ...base(v),
        residenceStatus: code(v.residenceStatus) ?? null,
        workPermission: code(v.workPermission),
        documentExpiry: v.documentExpiry === '' ? null : v.documentExpiry,
      };
    }
    case 'finances': {
      const v = values.finances;
      return { ...base(v), benefits: v.benefits, debts: v.debts };
    }
  }
}

/** Maps a reported path ("areas.language.germanLevel", "assessedOn") to the form's field. */
function fieldOf(path: string): AssessmentField | undefined {
  if (path === 'assessedOn' || path === 'notes') return path;
  if (path === 'areas' || path === '') return 'areas';
  const [head, area, field] = path.split('.');
  if (head !== 'areas' || !area) return undefined;
  const known = AREA_FIELDS[area as AssessmentArea];
  if (!known) return undefined;
  // A problem inside a list (occupations.2, benefits.0) belongs to the list's field.
  return field && known.includes(field) ? `${area}.${field}` : `${area}.${known[0] ?? 'notes'}`;
}

export function assessmentProblems(issues: readonly Issue[]) {
  return collectProblems(issues, ASSESSMENT_KINDS, ASSESSMENT_ORDER, fieldOf);
}

/** The body of POST …/assessments with every chosen area; problems at the form's fields otherwise. */
export function toAssessmentRequest(values: AssessmentValues): Checked<CreateAssessment, AssessmentField> {
  const chosen = assessmentAreas.filter((area) => values.areas[area].include);
  const areas = Object.fromEntries(chosen.map((area) => [area, buildArea(area, values.areas)]));
  const local: Issue[] = [];
  if (!isCalendarDate(values.assessedOn)) local.push({ field: 'assessedOn', code: 'invalid_format' });
  if (chosen.length === 0) local.push({ field: 'areas', code: 'too_small' });
  const parsed = createAssessmentSchema.safeParse({
    assessedOn: values.assessedOn,
    areas,
    notes: optional(values.notes),
  });
  const problems = assessmentProblems([...local, ...(parsed.success ? [] : issuesOf(parsed.error))]);
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, body: parsed.data };
}
