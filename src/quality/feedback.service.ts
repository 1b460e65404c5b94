// Participant feedback at the end of an enrolment (docs/quality-review.md, "Participant feedback"):
// - staff with 'update' on the enrolment create a one-time link (256 random bits; only the SHA-256 is stored)
//   with a QR code, or fill the survey in together with the participant;
// - the participant answers through the link without an account, once (public routes, rate-limited);
// - a response keeps only the offer and the month: nothing links it to the person or the enrolment.
// A new link replaces the enrolment's unused ones, and at most MAX_INVITATIONS_PER_ENROLMENT are made per
// enrolment; no answer tells whether an earlier link was used, so that staff never learn who answered.
import { createHash, randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { authorize, type Actor } from '../access/access.rules.ts';
import { enrolmentTarget } from '../offers/enrolment-access.rules.ts';
import type { EnrolmentStatus } from '../offers/offer.codes.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import {
  countInvitations,
  expireOpenInvitations,
  findEnrolmentForFeedback,
  insertInvitation,
  insertResponse,
  invitationByToken,
  lockEnrolment,
  redeemInvitation,
  type EnrolmentForFeedback,
} from './feedback.repository.ts';
import type { CreateInvitation, FeedbackAnswersInput, InvitationCreated, Survey } from './feedback.schema.ts';
import { createWindowLimiter, type WindowLimiter } from './feedback-throttle.ts';
import {
  IMPROVEMENT_MAX_LENGTH,
  recommendAnswers,
  SCALE_MAX,
  SCALE_MIN,
  scaleQuestions,
  SURVEY_VERSION,
  surveyLanguages,
  type SurveyLanguage,
} from './quality.codes.ts';
import {
  actingIn,
  auditQuality,
  auditRefusal,
  qualityContext,
  withActor,
  type QualityServiceOptions,
  type RequestMeta,
  type Trx,
} from './quality.context.ts';
import { fillPlaceholders } from './survey.rules.ts';
import { surveyCatalogue, type SurveyCatalogue } from './survey.texts.ts';

/** Links (including the survey filled in with staff) per enrolment: enough for a lost paper, too few to stuff. */
export const MAX_INVITATIONS_PER_ENROLMENT = 3;
/** Enrolments that can be asked for feedback: those that took place. */
const FEEDBACK_STATUSES: readonly EnrolmentStatus[] = ['active', 'completed', 'dropped_out'];
const NO_SUCH_ENROLMENT = 'No such enrolment.';

export function hashFeedbackToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

function isSurveyLanguage(value: string): value is SurveyLanguage {
  return (surveyLanguages as readonly string[]).includes(value);
}

/** The answers as stored: only those given, the free text trimmed (blank = not given). */
export function storedAnswers(answers: FeedbackAnswersInput): Record<string, string | number> {
  const stored: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(answers)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'string') {
      const text = value.trim();
      if (text !== '') stored[key] = text;
    } else {
      stored[key] = value;
    }
  }
  return stored;
}

export interface FeedbackServiceOptions extends QualityServiceOptions {
  catalogue?: SurveyCatalogue;
  /** The limiter of the public routes; by default 60 requests per address and 3,000 in all per 10 minutes. */
  limiter?: WindowLimiter;
}

export function createFeedbackService(options: FeedbackServiceOptions) {
  const ctx = qualityContext(options);
  const catalogue = options.catalogue ?? surveyCatalogue();
  const limiter =
    options.limiter ??
    createWindowLimiter({ windowMs: 10 * 60_000, perKey: 60, total: 3000, maxKeys: 10_000, now: ctx.now });

  function survey(
    language: SurveyLanguage,
    facts: { offerTitle: string | null; expiresAt: Date | null; state: Survey['state'] },
  ): Survey {
    const texts = catalogue[language];
    return {
      surveyVersion: SURVEY_VERSION,
      language,
      direction: texts['meta.direction'] === 'rtl' ? 'rtl' : 'ltr',
      languages: surveyLanguages.map((code) => ({
        code,
        name: catalogue[code]['meta.language_name'],
        direction: catalogue[code]['meta.direction'] === 'rtl' ? 'rtl' : 'ltr',
      })),
      offerTitle: facts.offerTitle,
      expiresAt: facts.expiresAt?.toISOString() ?? null,
      state: facts.state,
      texts: { ...texts, offer: fillPlaceholders(texts.offer, { offer: facts.offerTitle ?? '' }) },
      scaleQuestions: [...scaleQuestions],
      scale: { min: SCALE_MIN, max: SCALE_MAX },
      recommendAnswers: [...recommendAnswers],
      improvementMaxLength: IMPROVEMENT_MAX_LENGTH,
    };
  }

  /** The enrolment the actor may update (404 if they may not see it, 403 if only see it; both audited). */
  async function loadEnrolment(trx: Trx, who: Actor, municipalityId: string, enrolmentId: string, meta: RequestMeta) {
    const enrolment = await findEnrolmentForFeedback(trx, enrolmentId);
    if (!enrolment) throw new AppError('not_found', NO_SUCH_ENROLMENT);
    const target = enrolmentTarget({
      municipalityId: enrolment.municipalityId,
      assignedUserIds: enrolment.assignedUserIds,
      providerId: enrolment.providerId,
      restricted: enrolment.restricted,
    });
    for (const action of ['read', 'update'] as const) {
      const decision = authorize(who, action, target);
      if (decision.allowed) continue;
      await auditRefusal(ctx, who, municipalityId, {
        action: 'update',
        resourceType: 'feedback_invitation',
        resourceId: null,
        participantId: enrolment.participantId,
        details: { enrolmentId },
        reason: decision.reason,
        meta,
      });
      throw action === 'read'
        ? new AppError('not_found', NO_SUCH_ENROLMENT)
        : new AppError('forbidden', 'You may not ask for feedback on this enrolment.');
    }
    return enrolment;
  }

  async function prepareInvitation(trx: Trx, enrolment: EnrolmentForFeedback) {
    if (enrolment.blocked) {
      throw new AppError('conflict', 'The person is blocked, merged or anonymised: no feedback can be asked for.');
    }
    if (!FEEDBACK_STATUSES.includes(enrolment.status)) {
      throw new AppError(
        'conflict',
        'Feedback is asked for enrolments that took place (active, completed, dropped out).',
      );
    }
    await lockEnrolment(trx, enrolment.municipalityId, enrolment.id);
    if ((await countInvitations(trx, enrolment.municipalityId, enrolment.id)) >= MAX_INVITATIONS_PER_ENROLMENT) {
      throw new AppError(
        'conflict',
        `At most ${MAX_INVITATIONS_PER_ENROLMENT} feedback links (or surveys with staff) per enrolment.`,
      );
    }
    await expireOpenInvitations(trx, enrolment.municipalityId, enrolment.id, ctx.now());
  }

  function throttle(clientKey: string): void {
    if (!limiter.take(clientKey)) {
      throw new AppError('too_many_requests', 'Too many requests; try again later.', {
        headers: { 'retry-after': String(limiter.retryAfterSeconds()) },
      });
    }
  }

  return {
    /** The survey for staff filling it in with the participant. */
    async staffSurvey(
      actor: Actor | null,
      enrolmentId: string,
      language: SurveyLanguage,
      meta: RequestMeta,
    ): Promise<Survey> {
      const { actor: who, municipalityId } = actingIn(actor);
      const enrolment = await withActor(ctx, who, (trx) => loadEnrolment(trx, who, municipalityId, enrolmentId, meta));
      return survey(language, { offerTitle: enrolment.offerTitle, expiresAt: null, state: 'open' });
    },

    async createInvitation(
      actor: Actor | null,
      enrolmentId: string,
      input: CreateInvitation,
      origin: string,
      meta: RequestMeta,
    ): Promise<InvitationCreated> {
      const { actor: who, municipalityId } = actingIn(actor);
      const token = randomBytes(32).toString('base64url');
      const at = ctx.now();
      const expiresAt = new Date(at.getTime() + input.validDays * 24 * 60 * 60_000);
      const created = await withActor(ctx, who, async (trx) => {
        const enrolment = await loadEnrolment(trx, who, municipalityId, enrolmentId, meta);
        await prepareInvitation(trx, enrolment);
        const row = await insertInvitation(trx, {
          municipalityId,
          enrolmentId,
          tokenHash: hashFeedbackToken(token),
          language: input.language,
          createdBy: who.userId,
          expiresAt,
          usedAt: null,
        });
        await auditQuality(trx, municipalityId, who, {
          action: 'create',
          resourceType: 'feedback_invitation',
          resourceId: row.id,
          participantId: enrolment.participantId,
          changedFields: ['feedback_invitation.language', 'feedback_invitation.validDays'],
          details: { enrolmentId, language: input.language, validDays: input.validDays },
          meta,
        });
        return row;
      });
      const link = `${origin}/feedback#${token}`;
      return {
        id: created.id,
        language: input.language,
        // The service's clock, like the expiry (the row's created_at is the database's).
        createdAt: at.toISOString(),
        expiresAt: expiresAt.toISOString(),
        link,
        token,
        qrCodeSvg: await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
      };
    },

    /** The survey filled in with staff: stored like a link's response, anonymously; counts as a used link. */
    async submitWithStaff(
      actor: Actor | null,
      enrolmentId: string,
      input: { language: SurveyLanguage; answers: FeedbackAnswersInput },
      meta: RequestMeta,
    ): Promise<{ received: true }> {
      const { actor: who, municipalityId } = actingIn(actor);
      const at = ctx.now();
      await withActor(ctx, who, async (trx) => {
        const enrolment = await loadEnrolment(trx, who, municipalityId, enrolmentId, meta);
        await prepareInvitation(trx, enrolment);
        // A used invitation without a link: its hash is of a secret nobody ever sees.
        const row = await insertInvitation(trx, {
          municipalityId,
          enrolmentId,
          tokenHash: hashFeedbackToken(randomBytes(32).toString('base64url')),
          language: input.language,
          createdBy: who.userId,
          expiresAt: at,
          usedAt: at,
        });
        await insertResponse(trx, {
          municipalityId,
          offerId: enrolment.offerId,
          surveyVersion: SURVEY_VERSION,
          language: input.language,
          answers: storedAnswers(input.answers),
          at,
        });
        await auditQuality(trx, municipalityId, who, {
          action: 'create',
          resourceType: 'feedback_invitation',
          resourceId: row.id,
          participantId: enrolment.participantId,
          details: { enrolmentId, language: input.language, filledWithStaff: true },
          meta,
        });
      });
      return { received: true };
    },

    /** The survey of a link, in its language or another; the state tells a used or expired link. */
    async publicSurvey(
      input: { token: string; language?: SurveyLanguage | undefined },
      clientKey: string,
    ): Promise<Survey> {
      throttle(clientKey);
      const found = await withTenant(ctx.db, { municipalityId: null, userId: null }, (trx) =>
        invitationByToken(trx, hashFeedbackToken(input.token)),
      );
      if (!found) throw new AppError('not_found', 'This feedback link is not known.');
      const state =
        found.usedAt !== null ? 'used' : found.expiresAt.getTime() <= ctx.now().getTime() ? 'expired' : 'open';
      const language = input.language ?? (isSurveyLanguage(found.language) ? found.language : 'de');
      return survey(language, {
        offerTitle: state === 'open' ? found.offerTitle : null,
        expiresAt: state === 'open' ? found.expiresAt : null,
        state,
      });
    },

    /** Answers through a link, once: unknown 404, used 409, expired 410 (problem+json). */
    async publicSubmit(
      input: { token: string; language: SurveyLanguage; answers: FeedbackAnswersInput },
      clientKey: string,
    ): Promise<{ received: true }> {
      throttle(clientKey);
      const tokenHash = hashFeedbackToken(input.token);
      const at = ctx.now();
      const found = await withTenant(ctx.db, { municipalityId: null, userId: null }, (trx) =>
        invitationByToken(trx, tokenHash),
      );
      if (!found) throw new AppError('not_found', 'This feedback link is not known.');
      const outcome = await withTenant(ctx.db, { municipalityId: found.municipalityId, userId: null }, async (trx) => {
        const result = await redeemInvitation(trx, {
          tokenHash,
          at,
          surveyVersion: SURVEY_VERSION,
          language: input.language,
          answers: storedAnswers(input.answers),
        });
        if (result === 'received') {
          // Without the respondent's address or browser: the entry records that the link was used, nothing more.
          await auditQuality(trx, found.municipalityId, null, {
            action: 'redeem',
            resourceType: 'feedback_invitation',
            resourceId: found.invitationId,
          });
        }
        return result;
      });
      switch (outcome) {
        case 'received':
          return { received: true };
        case 'used':
          throw new AppError('conflict', 'This feedback link was used already. Thank you!');
        case 'expired':
          throw new AppError('gone', 'This feedback link has expired.');
        case 'unknown':
          throw new AppError('not_found', 'This feedback link is not known.');
      }
    },
  };
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;
