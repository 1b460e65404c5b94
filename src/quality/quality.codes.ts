// Code lists of the quality review, shared by the API schemas, the rules and the web pages: the offer-type
// groups the gap analysis compares demand and supply in, the questions of the participant survey, its
// languages, and the statuses of quality-dialogue actions. Pure data, no I/O.
import type { OfferType } from '../offers/offer.codes.ts';

/**
 * Groups of offer types that meet the same need (docs/quality-review.md, "Need → offer types"). A need can be
 * met by several kinds of offer (a language need by an integration course as well as by a youth integration
 * course), so demand and supply are compared per group, not per single type. The groups partition the offer
 * types: every type is in exactly one group, so that no seat is counted twice.
 */
export const gapGroups = [
  'language',
  'literacy',
  'school_certificate',
  'vocational_preparation',
  'training',
  'coaching',
  'other',
] as const;
export type GapGroup = (typeof gapGroups)[number];

export const offerTypesOfGroup: Readonly<Record<GapGroup, readonly OfferType[]>> = {
  language: ['integration_course', 'youth_integration_course', 'job_language_course', 'job_language_support'],
  literacy: ['literacy_course'],
  school_certificate: ['school_certificate_course'],
  vocational_preparation: ['preparation_course', 'vocational_preparation', 'berufskolleg_class'],
  training: ['entry_qualification', 'training_dual', 'training_school', 'helper_training', 'job_qualification'],
  coaching: ['coaching'],
  other: ['other'],
};

/** The sources of demand, in the order a person's demand is attributed to (one source per person and cell). */
export const demandSources = ['waiting', 'referral', 'assessment'] as const;
export type DemandSource = (typeof demandSources)[number];

export const gapGranularities = ['month', 'quarter'] as const;
export type GapGranularity = (typeof gapGranularities)[number];

// --- Participant survey ----------------------------------------------------------------------------------

/** Bumped when a question is added, removed or changes meaning; stored with every response. */
export const SURVEY_VERSION = 1;

/** Agreement on a scale of 1 (not at all) to 5 (exactly). */
export const scaleQuestions = ['helped', 'understood', 'time_place', 'respected', 'learned'] as const;
export type ScaleQuestion = (typeof scaleQuestions)[number];
export const recommendAnswers = ['yes', 'not_sure', 'no'] as const;
export type RecommendAnswer = (typeof recommendAnswers)[number];
export const SCALE_MIN = 1;
export const SCALE_MAX = 5;
/** The free-text answer ("what should be better") is kept short: it is read, not analysed. */
export const IMPROVEMENT_MAX_LENGTH = 1000;

/** The survey's languages: simple German first, then the languages most of the target group speak. */
export const surveyLanguages = ['de', 'en', 'ar', 'fa', 'ti', 'fr', 'tr'] as const;
export type SurveyLanguage = (typeof surveyLanguages)[number];

/**
 * Every key a survey text file must have, and no other (src/quality/survey/<language>.txt). Texts are plain
 * so that a translator can edit them; `meta.direction` marks right-to-left scripts for the page.
 */
export const surveyTextKeys = [
  'meta.language_name',
  'meta.direction',
  'title',
  'intro',
  'anonymous',
  'offer',
  'question.helped',
  'question.understood',
  'question.time_place',
  'question.respected',
  'question.learned',
  'question.recommend',
  'question.improvement',
  'hint.improvement',
  'scale.1',
  'scale.2',
  'scale.3',
  'scale.4',
  'scale.5',
  'recommend.yes',
  'recommend.not_sure',
  'recommend.no',
  'skip',
  'submit',
  'thanks',
  'used',
  'expired',
  'nothing_answered',
] as const;
export type SurveyTextKey = (typeof surveyTextKeys)[number];

// --- Quality dialogues ------------------------------------------------------------------------------------

export const qualityActionStatuses = ['open', 'done', 'dropped'] as const;
export type QualityActionStatus = (typeof qualityActionStatuses)[number];
