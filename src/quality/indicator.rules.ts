// Quality indicators of an offer or a provider (issue 6, theme 4 "check the offers' quality"), computed from
// counts the repository reads. Pure. Disclosure rules (quality-targets.md): a rate is shown only when it rests on
// at least MIN_RATE_BASE records; a feedback summary only when at least `feedbackThreshold` responses (and, per
// question, that many answers) stand behind it, so that no single answer can be seen. Definitions:
// docs/quality-review.md.
import {
  recommendAnswers,
  SCALE_MAX,
  SCALE_MIN,
  scaleQuestions,
  type RecommendAnswer,
  type ScaleQuestion,
} from './quality.codes.ts';

/** Rates and averages rest on at least this many records (quality-targets.md: "averages only for n ≥ 5"). */
export const MIN_RATE_BASE = 5;
/** Feedback is summarised from at least this many responses by default (configurable per deployment, 3–20). */
export const DEFAULT_FEEDBACK_THRESHOLD = 3;
/** Counts of alerts below this are not shown to viewers who may not read alerts themselves (providers). */
export const MIN_ALERT_COUNT = 3;

export interface Rate {
  /** Share 0…1 (three decimals); null when the base is below the threshold or zero. */
  value: number | null;
  /** The number of records the rate rests on (its denominator). */
  base: number;
}

export function rate(numerator: number, base: number, minBase = MIN_RATE_BASE): Rate {
  if (base <= 0 || base < minBase) return { value: null, base };
  return { value: Math.round((numerator / base) * 1000) / 1000, base };
}

/** What the repository counts for one offer (or sums for a provider). */
export interface EnrolmentFigures {
  capacity: number | null;
  waiting: number;
  active: number;
  completed: number;
  droppedOut: number;
  notStarted: number;
  /** Enrolments with sessions planned (> 0) and attended recorded, and their sums. */
  attendanceRecords: number;
  sessionsAttended: number;
  sessionsPlanned: number;
  /** Ended enrolments whose 3 (6) months have passed, and those of them followed by a next step in time. */
  transitionBase3: number;
  transitions3: number;
  transitionBase6: number;
  transitions6: number;
}

export const emptyFigures: EnrolmentFigures = {
  capacity: null,
  waiting: 0,
  active: 0,
  completed: 0,
  droppedOut: 0,
  notStarted: 0,
  attendanceRecords: 0,
  sessionsAttended: 0,
  sessionsPlanned: 0,
  transitionBase3: 0,
  transitions3: 0,
  transitionBase6: 0,
  transitions6: 0,
};

/** A provider's figures: the sums over its offers (capacity only over offers that have one). */
export function sumFigures(all: readonly EnrolmentFigures[]): EnrolmentFigures {
  return all.reduce<EnrolmentFigures>(
    (sum, f) => ({
      capacity: f.capacity === null ? sum.capacity : (sum.capacity ?? 0) + f.capacity,
      waiting: sum.waiting + f.waiting,
      active: sum.active + f.active,
      completed: sum.completed + f.completed,
      droppedOut: sum.droppedOut + f.droppedOut,
      notStarted: sum.notStarted + f.notStarted,
      attendanceRecords: sum.attendanceRecords + f.attendanceRecords,
      sessionsAttended: sum.sessionsAttended + f.sessionsAttended,
      sessionsPlanned: sum.sessionsPlanned + f.sessionsPlanned,
      transitionBase3: sum.transitionBase3 + f.transitionBase3,
      transitions3: sum.transitions3 + f.transitions3,
      transitionBase6: sum.transitionBase6 + f.transitionBase6,
      transitions6: sum.transitions6 + f.transitions6,
    }),
    emptyFigures,
  );
}

export interface AlertCounts {
  open: number;
  acknowledged: number;
  dismissed: number;
  resolved: number;
}

export interface RateIndicators {
  fillRate: Rate;
  attendanceRate: Rate;
  completionRate: Rate;
  dropoutRate: Rate;
  transitionRate3: Rate;
  transitionRate6: Rate;
}

/**
 * fill rate       = (active + completed) / capacity           (base: the seats; null without a seat limit)
 * attendance rate = Σ sessions attended / Σ sessions planned  (base: enrolments with both recorded)
 * completion rate = completed / (completed + dropped out)     (base: ended enrolments)
 * drop-out rate   = dropped out / (completed + dropped out)
 * transition rate = ended enrolments followed by a next step within 3 (6) months / those ended ≥ 3 (6) months ago
 */
export function rateIndicators(f: EnrolmentFigures): RateIndicators {
  const ended = f.completed + f.droppedOut;
  // The attendance rate's base is the people (enrolments), its value the sessions.
  const attendance =
    f.attendanceRecords >= MIN_RATE_BASE && f.sessionsPlanned > 0
      ? { value: Math.round((f.sessionsAttended / f.sessionsPlanned) * 1000) / 1000, base: f.attendanceRecords }
      : { value: null, base: f.attendanceRecords };
  return {
    fillRate: f.capacity === null ? { value: null, base: 0 } : rate(f.active + f.completed, f.capacity),
    attendanceRate: attendance,
    completionRate: rate(f.completed, ended),
    dropoutRate: rate(f.droppedOut, ended),
    transitionRate3: rate(f.transitions3, f.transitionBase3),
    transitionRate6: rate(f.transitions6, f.transitionBase6),
  };
}

/** Alert counts as a viewer may see them: null when small and the viewer may not read alerts themselves. */
export function visibleAlerts(
  counts: AlertCounts,
  viewerReadsAlerts: boolean,
): (AlertCounts & { total: number }) | null {
  const total = counts.open + counts.acknowledged + counts.dismissed + counts.resolved;
  if (!viewerReadsAlerts && total > 0 && total < MIN_ALERT_COUNT) return null;
  return { ...counts, total };
}

// --- Participant feedback ----------------------------------------------------------------------------------

export interface FeedbackAnswers {
  scale: Partial<Record<ScaleQuestion, number | null>>;
  recommend: RecommendAnswer | null;
  improvement: string | null;
}

/** Reads stored answers (JSON written by this area) defensively: unknown keys and bad values are ignored. */
export function readAnswers(stored: unknown): FeedbackAnswers {
  const value = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const scale: Partial<Record<ScaleQuestion, number | null>> = {};
  for (const question of scaleQuestions) {
    const answer = value[question];
    if (typeof answer === 'number' && Number.isInteger(answer) && answer >= SCALE_MIN && answer <= SCALE_MAX) {
      scale[question] = answer;
    }
  }
  const recommend = (recommendAnswers as readonly unknown[]).includes(value.recommend)
    ? (value.recommend as RecommendAnswer)
    : null;
  const improvement =
    typeof value.improvement === 'string' && value.improvement.trim() !== '' ? value.improvement : null;
  return { scale, recommend, improvement };
}

export interface QuestionSummary {
  question: ScaleQuestion;
  /** How many responses answered it (shown only with the summary). */
  answered: number;
  /** Mean 1…5 (one decimal), null below the threshold. */
  mean: number | null;
  /** Share answering 4 or 5 ("agree"), null below the threshold. */
  agreeShare: number | null;
}

export interface FeedbackSummary {
  responses: number;
  threshold: number;
  /** false: fewer responses than the threshold; nothing but their number is shown. */
  shown: boolean;
  questions: QuestionSummary[];
  recommend: (Record<RecommendAnswer, number> & { answered: number }) | null;
  /** Free-text answers, sorted alphabetically (not in the order given); only for the managing office. */
  comments: string[] | null;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * The summary a viewer may see. Below the threshold only the number of responses. Above it, each question's
 * mean and share only when that many responses answered it (a question most people skipped would otherwise
 * show the few who answered). Free text only with `withComments` (the managing office: providers never see it,
 * since wording can identify a person).
 */
export function summariseFeedback(
  stored: readonly unknown[],
  options: { threshold: number; withComments: boolean },
): FeedbackSummary {
  const answers = stored.map(readAnswers);
  const shown = answers.length >= options.threshold;
  const questions = scaleQuestions.map((question): QuestionSummary => {
    const values = answers.flatMap((a) => {
      const value = a.scale[question];
      return typeof value === 'number' ? [value] : [];
    });
    const enough = shown && values.length >= options.threshold;
    return {
      question,
      answered: shown ? values.length : 0,
      mean: enough ? round(values.reduce((s, v) => s + v, 0) / values.length, 1) : null,
      agreeShare: enough ? round(values.filter((v) => v >= 4).length / values.length, 3) : null,
    };
  });
  const recommendations = answers.flatMap((a) => (a.recommend === null ? [] : [a.recommend]));
  const recommend =
    shown && recommendations.length >= options.threshold
      ? {
          answered: recommendations.length,
          yes: round(recommendations.filter((r) => r === 'yes').length / recommendations.length, 3),
          not_sure: round(recommendations.filter((r) => r === 'not_sure').length / recommendations.length, 3),
          no: round(recommendations.filter((r) => r === 'no').length / recommendations.length, 3),
        }
      : null;
  const comments =
    shown && options.withComments
      ? answers.flatMap((a) => (a.improvement === null ? [] : [a.improvement])).sort((a, b) => a.localeCompare(b, 'de'))
      : null;
  return { responses: answers.length, threshold: options.threshold, shown, questions, recommend, comments };
}
