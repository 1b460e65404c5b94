// The signed-in user's own account: profile, password, second factor, sessions.
import { z } from 'zod';
import { actions, resources, roles, scopes } from '../access/access.rules.ts';
import { secondFactorCodeSchema } from './auth.schema.ts';

const organisationKinds = ['ministry', 'approving_authority', 'municipality', 'provider', 'alliance_member'] as const;

export const meSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    isDemo: z.boolean(),
    roles: z.array(z.enum(roles)),
    organisation: z.object({ id: z.uuid(), name: z.string(), kind: z.enum(organisationKinds) }),
    municipalities: z.array(z.object({ id: z.uuid(), name: z.string() })),
    activeMunicipalityId: z.uuid().nullable(),
    /** What the roles allow (from the server's permission table), so that the web shows only what can work. */
    permissions: z.array(z.object({ action: z.enum(actions), resource: z.enum(resources), scope: z.enum(scopes) })),
    passwordChangedAt: z.iso.datetime().nullable(),
    secondFactor: z.object({
      enabled: z.boolean(),
      required: z.boolean(),
      enabledAt: z.iso.datetime().nullable(),
      recoveryCodesRemaining: z.number().int().nonnegative(),
    }),
  })
  .meta({ id: 'Me', description: 'The signed-in user' });
export type Me = z.infer<typeof meSchema>;

export const changePasswordRequestSchema = z
  .strictObject({
    currentPassword: z.string().min(1).max(1024),
    newPassword: z.string().min(1).max(1024),
  })
  .meta({ id: 'ChangePassword' });
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;

export const totpEnrolmentSchema = z
  .object({
    secret: z.string().describe('Base32 key, for entering by hand'),
    uri: z.string().describe('otpauth:// URI'),
    qrCode: z.string().describe('The URI as QR code, an SVG data URL'),
  })
  .meta({ id: 'TotpEnrolment' });
export type TotpEnrolment = z.infer<typeof totpEnrolmentSchema>;

export const confirmTotpRequestSchema = z.strictObject({ code: secondFactorCodeSchema }).meta({ id: 'ConfirmTotp' });

export const recoveryCodesSchema = z
  .object({ codes: z.array(z.string()).describe('Shown once; each works once') })
  .meta({ id: 'RecoveryCodes' });
export type RecoveryCodes = z.infer<typeof recoveryCodesSchema>;

export const sessionSchema = z
  .object({
    id: z.uuid(),
    current: z.boolean(),
    createdAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
  })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof sessionSchema>;

export const sessionListSchema = z.object({ items: z.array(sessionSchema) }).meta({ id: 'SessionList' });
export type SessionList = z.infer<typeof sessionListSchema>;

export const sessionIdParamsSchema = z.strictObject({ id: z.uuid() });

export const activeMunicipalityRequestSchema = z
  .strictObject({ municipalityId: z.uuid() })
  .meta({ id: 'ActiveMunicipality' });

export const revokedCountSchema = z.object({ revoked: z.number().int().nonnegative() });
