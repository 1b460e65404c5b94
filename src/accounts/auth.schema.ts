// Signing in and out: request and response shapes, shared by the API and the web app.
import { z } from 'zod';

/** Where a login stands; until `active` the session reaches only the endpoints of its stage. */
export const sessionStages = ['second_factor', 'password_change', 'enrolment', 'active'] as const;
export type SessionStageName = (typeof sessionStages)[number];

/** Problem codes of the authentication steps the web app reacts to. */
export const authProblemCodes = {
  unauthenticated: 'unauthenticated',
  secondFactorRequired: 'second_factor_required',
  passwordChangeRequired: 'password_change_required',
  enrolmentRequired: 'second_factor_enrolment_required',
  reauthenticationRequired: 'reauthentication_required',
  tooManyRequests: 'too_many_requests',
} as const;

// Existing secrets are accepted at any length up to a bound: the rules apply when they are chosen.
const anyPassword = z.string().min(1).max(1024);

export const loginRequestSchema = z
  .strictObject({
    email: z.string().trim().min(1).max(254),
    password: anyPassword,
  })
  .meta({ id: 'LoginRequest' });
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const secondFactorCodeSchema = z
  .string()
  .trim()
  .min(6)
  .max(64)
  .describe('A 6-digit code of the authenticator app, or one of the recovery codes');

export const secondFactorRequestSchema = z
  .strictObject({ code: secondFactorCodeSchema })
  .meta({ id: 'SecondFactorRequest' });
export type SecondFactorRequest = z.infer<typeof secondFactorRequestSchema>;

export const authStateSchema = z
  .object({
    stage: z.enum(sessionStages).nullable().describe('null: not signed in'),
    user: z
      .object({
        id: z.uuid(),
        displayName: z.string(),
        email: z.string(),
        isDemo: z.boolean(),
      })
      .nullable(),
  })
  .meta({ id: 'AuthState', description: 'Whether this browser is signed in, and how far.' });
export type AuthState = z.infer<typeof authStateSchema>;

export const reauthenticateRequestSchema = z
  .strictObject({
    password: anyPassword,
    code: secondFactorCodeSchema.optional().describe('Required when the account has a second factor'),
  })
  .meta({ id: 'ReauthenticateRequest' });
export type ReauthenticateRequest = z.infer<typeof reauthenticateRequestSchema>;

export const reauthenticateResponseSchema = z
  .object({ validUntil: z.iso.datetime() })
  .meta({ id: 'Reauthentication', description: 'Sensitive actions are allowed until this time.' });

export const invitationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'an invitation token has 43 characters');

export const invitationLookupRequestSchema = z
  .strictObject({ token: invitationTokenSchema })
  .meta({ id: 'InvitationLookup' });

export const invitationSchema = z
  .object({
    email: z.string(),
    displayName: z.string(),
    organisationName: z.string(),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'Invitation' });
export type Invitation = z.infer<typeof invitationSchema>;

export const acceptInvitationRequestSchema = z
  .strictObject({ token: invitationTokenSchema, password: z.string().min(1).max(1024) })
  .meta({ id: 'AcceptInvitation' });
export type AcceptInvitationRequest = z.infer<typeof acceptInvitationRequestSchema>;

/** Field error codes of a new password (see password.rules.ts). */
export const passwordProblemCodes = [
  'password_too_short',
  'password_too_long',
  'password_common',
  'password_matches_account',
] as const;
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password.rules.ts';
