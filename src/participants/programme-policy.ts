import { z } from 'zod';
import { residenceStatuses, strands, type ResidenceStatus, type Strand } from './participant.codes.ts';

// The eligibility rules of a programme as data. The defaults below restate the DiAA guideline (domain.md
// section 3); a municipality narrows or widens them with an override stored in municipality_policy.eligibility
// (e.g. Köln admitted people under temporary protection, § 24 AufenthG, from 2022). Code never hard-codes
// a municipality's choice: it resolves the effective policy and hands it to evaluateEligibility.

export interface StrandPolicy {
  /** FB2 funds support alongside a job, so a legal work ban excludes the person. */
  excludeWorkBan: boolean;
}

export interface EligibilityPolicy {
  /** The programme the policy belongs to, e.g. "diaa" (same pattern as participant_case.programme). */
  programme: string;
  /** Youngest age (completed years) admitted as a rule. */
  minAge: number;
  /** Oldest age (completed years) admitted as a rule: 27 means up to the day before the 28th birthday. */
  maxAge: number;
  admittedStatuses: readonly ResidenceStatus[];
  excludeStateReceptionFacility: boolean;
  excludeOffenders: boolean;
  strands: Readonly<Record<Strand, StrandPolicy>>;
}

/** "Durchstarten in Ausbildung und Arbeit": 18–27, Duldung (all four paragraphs) or Gestattung. */
export const DIAA_DEFAULT_POLICY: EligibilityPolicy = Object.freeze({
  programme: 'diaa',
  minAge: 18,
  maxAge: 27,
  admittedStatuses: Object.freeze([
    'asylum_permit',
    'toleration_60a',
    'toleration_60b',
    'toleration_60c',
    'toleration_60d',
  ] as const satisfies readonly ResidenceStatus[]),
  excludeStateReceptionFacility: true,
  excludeOffenders: true,
  strands: Object.freeze({
    FB1: { excludeWorkBan: false },
    FB2: { excludeWorkBan: true },
    FB3: { excludeWorkBan: false },
    FB4: { excludeWorkBan: false },
    FB5: { excludeWorkBan: false },
    FB6: { excludeWorkBan: false },
  }),
});

// Ages are completed years; the bounds only keep out nonsense, the programme's own range lives in the policy.
const age = z.number().int().min(0).max(99);

function uniqueItems<T>(items: readonly T[]): boolean {
  return new Set(items).size === items.length;
}

/**
 * The override schema checks the combination with the given defaults (an override of only maxAge: 16
 * would contradict a default minAge of 18), so that an override that passes it always resolves.
 */
export function municipalityEligibilityOverrideSchemaFor(defaults: EligibilityPolicy) {
  return z
    .strictObject({
      minAge: age.optional(),
      maxAge: age.optional(),
      admittedStatuses: z
        .array(z.enum(residenceStatuses))
        .min(1)
        .max(residenceStatuses.length)
        .refine(uniqueItems, 'each status may be listed once')
        .optional(),
      excludeStateReceptionFacility: z.boolean().optional(),
      /** The strands that exclude people with a legal work ban (DiAA: FB2 only). */
      strandsExcludingWorkBan: z
        .array(z.enum(strands))
        .max(strands.length)
        .refine(uniqueItems, 'each strand may be listed once')
        .optional(),
    })
    .superRefine((override, context) => {
      const minAge = override.minAge ?? defaults.minAge;
      const maxAge = override.maxAge ?? defaults.maxAge;
      if (minAge > maxAge) {
        context.addIssue({
          code: 'custom',
          path: [override.maxAge === undefined ? 'minAge' : 'maxAge'],
          message: `the youngest admitted age (${minAge}) is above the oldest (${maxAge})`,
        });
      }
    })
    .meta({ id: 'MunicipalityEligibilityOverride' });
}

export const municipalityEligibilityOverrideSchema = municipalityEligibilityOverrideSchemaFor(DIAA_DEFAULT_POLICY);
export type MunicipalityEligibilityOverride = z.infer<typeof municipalityEligibilityOverrideSchema>;

/** The effective policy of a municipality: its override on top of the programme defaults (null = defaults). */
export function resolvePolicy(
  defaults: EligibilityPolicy,
  override: MunicipalityEligibilityOverride | null,
): EligibilityPolicy {
  const minAge = override?.minAge ?? defaults.minAge;
  const maxAge = override?.maxAge ?? defaults.maxAge;
  // The schema rejects such overrides on input; a stored one that contradicts the defaults is corrupt data
  // and must not silently turn into "nobody is eligible".
  if (minAge > maxAge) {
    throw new RangeError(`eligibility policy of ${defaults.programme}: minAge ${minAge} > maxAge ${maxAge}`);
  }
  const excluding = override?.strandsExcludingWorkBan;
  const strandPolicies = Object.fromEntries(
    strands.map((strand) => [
      strand,
      { excludeWorkBan: excluding ? excluding.includes(strand) : defaults.strands[strand].excludeWorkBan },
    ]),
  ) as Record<Strand, StrandPolicy>;
  return {
    programme: defaults.programme,
    minAge,
    maxAge,
    // Kept in the order of the code list, so that equal policies compare equal whatever order was stored.
    admittedStatuses: residenceStatuses.filter((status) =>
      (override?.admittedStatuses ?? defaults.admittedStatuses).includes(status),
    ),
    excludeStateReceptionFacility: override?.excludeStateReceptionFacility ?? defaults.excludeStateReceptionFacility,
    // Not overridable: the guideline itself excludes dangerous or serious offenders, no municipality may admit them.
    excludeOffenders: defaults.excludeOffenders,
    strands: strandPolicies,
  };
}
