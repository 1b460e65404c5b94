import { z } from 'zod';

export const organisationKinds = [
  'ministry',
  'approving_authority',
  'municipality',
  'provider',
  'alliance_member',
] as const;
export const municipalityKinds = ['district', 'district_free_city', 'district_town'] as const;

const name = z.string().trim().min(1).max(200);
const email = z.email().max(254);

export const organisationSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(organisationKinds),
    name: z.string(),
    shortName: z.string().nullable(),
    municipalityKind: z.enum(municipalityKinds).nullable(),
    districtId: z.uuid().nullable(),
    officialKey: z.string().nullable().describe('Amtlicher Gemeindeschlüssel'),
    allianceMember: z.boolean().describe('Member of a "Gemeinsam klappt\'s" alliance'),
    budgetRecovery: z.boolean().describe('Under budget recovery (Haushaltssicherung)'),
    contactEmail: z.string().nullable(),
    isDemo: z.boolean(),
    /** Municipalities a provider works for; empty for other kinds. */
    municipalityIds: z.array(z.uuid()),
    version: z.number().int().positive(),
  })
  .meta({ id: 'Organisation' });
export type Organisation = z.infer<typeof organisationSchema>;

// Rules that depend on the kind are checked in the service, so that every problem is listed per field.
export const createOrganisationSchema = z
  .strictObject({
    kind: z.enum(organisationKinds),
    name,
    shortName: z.string().trim().min(1).max(60).nullable().optional(),
    municipalityKind: z.enum(municipalityKinds).nullable().optional(),
    districtId: z.uuid().nullable().optional(),
    officialKey: z
      .string()
      .regex(/^[0-9]{5,8}$/, 'an official municipality key has 5 to 8 digits')
      .nullable()
      .optional(),
    allianceMember: z.boolean().optional(),
    budgetRecovery: z.boolean().optional(),
    contactEmail: email.nullable().optional(),
    municipalityIds: z.array(z.uuid()).max(60).optional(),
  })
  .meta({ id: 'CreateOrganisation' });
export type CreateOrganisation = z.infer<typeof createOrganisationSchema>;

export const updateOrganisationSchema = createOrganisationSchema
  .omit({ kind: true })
  .partial()
  .meta({ id: 'UpdateOrganisation' });
export type UpdateOrganisation = z.infer<typeof updateOrganisationSchema>;

export const listOrganisationsQuerySchema = z.strictObject({
  kind: z.enum(organisationKinds).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListOrganisationsQuery = z.infer<typeof listOrganisationsQuerySchema>;

export const organisationPageSchema = z
  .object({ items: z.array(organisationSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'OrganisationPage' });

export const organisationIdParamsSchema = z.strictObject({ id: z.uuid() });

export const teamSchema = z
  .object({ id: z.uuid(), municipalityId: z.uuid(), name: z.string(), version: z.number().int() })
  .meta({ id: 'Team' });
export type Team = z.infer<typeof teamSchema>;
export const createTeamSchema = z.strictObject({ name: z.string().trim().min(1).max(120) }).meta({ id: 'CreateTeam' });
