// The measure-career detector's rules (docs/measure-careers.md): pure functions over one person's history.
// Progress is measured on three ladders (language, school, vocational stage, src/offers/offer.codes.ts); a
// STEP UP is any ladder rising above the best rung reached so far. Each rule is a municipality setting
// (career.schema.ts); a finding names the rule, the enrolment that starts the pattern (its anchor:
// the alert's identity is person × rule × anchor), every enrolment that triggered it, and the figures.
//
// Month arithmetic is on calendar months (addMonths clamps to the month's last day: 31 Jan + 1 month =
// 28/29 Feb). "Within M months of a date D" means before addMonths(D, M): D + M months itself is outside.
// "More than M months after D" means after addMonths(D, M): the day D + M months itself is not yet more.
import type { CefrLevel, SchoolQualification } from '../participants/participant.codes.ts';
import {
  languageLadder,
  rungIndex,
  schoolLadder,
  schoolRungOf,
  supportOnlyTypes,
  vocationalLadder,
  vocationalStageOfType,
  type DropoutReason,
  type EnrolmentStatus,
  type ExamResult,
  type OfferType,
} from '../offers/offer.codes.ts';
import type { CareerRule } from './career.table.ts';
import type { CareerSettings } from './career.schema.ts';

/** One enrolment as the rules see it (the offer's facts joined in). */
export interface CareerEnrolment {
  id: string;
  offerId: string;
  providerId: string;
  offerType: OfferType;
  /** The offer's target level, else its entry level (the level the course is "at"). */
  courseLevel: CefrLevel | null;
  status: EnrolmentStatus;
  referredOn: string;
  startsOn: string | null;
  endsOn: string | null;
  dropoutReason: DropoutReason | null;
  cefrLevelReached: CefrLevel | null;
  schoolQualificationReached: SchoolQualification | null;
  vocationalQualificationReached: boolean;
  certificate: boolean;
  examResult: ExamResult | null;
}

/** A German level of the participant record; dated evidence counts from its date, undated as the baseline. */
export interface LanguageEvidence {
  level: CefrLevel;
  on: string | null;
}

export interface CareerHistory {
  /** German levels recorded on the participant (language 'de'). None recorded = A0. */
  germanLevels: readonly LanguageEvidence[];
  /** School qualifications of the participant record that are recognised (unrecognised ones count as none). */
  schoolQualifications: readonly SchoolQualification[];
  enrolments: readonly CareerEnrolment[];
  /** The day of the last contact logged on any of the person's cases (local day). */
  lastContactOn: string | null;
  /** Whether the person has a case that is not exited (the gap rule concerns people still in case work). */
  hasOpenCase: boolean;
}

export interface Rungs {
  language: number;
  school: number;
  vocational: number;
}

export interface FindingDetails {
  /** no_progress: measures counted; repeated_same_level: how often; repeated_dropouts: drop-outs. */
  count?: number;
  withinMonths?: number;
  firstOn?: string;
  lastOn?: string;
  offerType?: OfferType;
  level?: CefrLevel | null;
  reasons?: DropoutReason[];
  lastEndedOn?: string;
  lastContactOn?: string | null;
  /** gap_after_measure: full months since; long_without_qualification: full months in measures. */
  months?: number;
  days?: number;
  /** The best rungs reached at the time of detection, for the reader. */
  rungs?: { language: CefrLevel; school: (typeof schoolLadder)[number]; vocational: (typeof vocationalLadder)[number] };
}

export interface CareerFinding {
  rule: CareerRule;
  anchorEnrolmentId: string;
  enrolmentIds: string[];
  details: FindingDetails;
}

// --- Calendar -----------------------------------------------------------------------------------------------

// The detector evaluates every person of NRW in one run: these helpers work on the ISO text with integer
// arithmetic (no Date objects, no regular expressions); they agree with cases/case.rules.ts (a test checks).

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}
function monthOf(date: string): number {
  return Number(date.slice(5, 7));
}
function dayOf(date: string): number {
  return Number(date.slice(8, 10));
}

/** Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil). */
function civilDays(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

function dayNumber(date: string): number {
  return civilDays(yearOf(date), monthOf(date), dayOf(date));
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function fromDayNumber(days: number): string {
  // H. Hinnant's civil_from_days.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1] as number;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** The same day M calendar months later (clamped to the month's last day: 31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const index = yearOf(date) * 12 + (monthOf(date) - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(Math.min(dayOf(date), daysInMonth(year, month)), 2)}`;
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** Days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/** Full calendar months from a to b: the largest m with addMonths(a, m) ≤ b (0 when b < a + 1 month). */
export function fullMonthsBetween(a: string, b: string): number {
  let months = (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + (Number(b.slice(5, 7)) - Number(a.slice(5, 7)));
  if (months < 0) return 0;
  while (months > 0 && addMonths(a, months) > b) months -= 1;
  return months;
}

/** Whether b lies within M months of a (a ≤ b < a + M months). */
export function withinMonths(a: string, b: string, months: number): boolean {
  return b >= a && b < addMonths(a, months);
}

/** Whether b is more than M months after a (b > a + M months). */
export function moreThanMonthsAfter(a: string, b: string, months: number): boolean {
  return b > addMonths(a, months);
}

// --- Measures and ladders -----------------------------------------------------------------------------------

const startedStatuses: ReadonlySet<EnrolmentStatus> = new Set(['active', 'completed', 'dropped_out']);

/** A measure: an enrolment that started by today (waiting, not started and coaching are not measures). */
export function isMeasure(enrolment: CareerEnrolment, today: string): boolean {
  return (
    startedStatuses.has(enrolment.status) &&
    enrolment.startsOn !== null &&
    enrolment.startsOn <= today &&
    !supportOnlyTypes.includes(enrolment.offerType)
  );
}

/** The day a measure ended (or was left); an unknown end is taken as its start. */
export function endedOn(enrolment: CareerEnrolment): string {
  return enrolment.endsOn ?? enrolment.startsOn ?? enrolment.referredOn;
}

function byStart(a: CareerEnrolment, b: CareerEnrolment): number {
  const sa = a.startsOn ?? '';
  const sb = b.startsOn ?? '';
  if (sa !== sb) return sa < sb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The rungs a history starts from: German level (A0 when none), recognised school qualification, no stage. */
export function baselineRungs(history: Pick<CareerHistory, 'germanLevels' | 'schoolQualifications'>): Rungs {
  let language = 0;
  for (const evidence of history.germanLevels) {
    if (evidence.on === null) language = Math.max(language, rungIndex(languageLadder, evidence.level));
  }
  let school = 0;
  for (const qualification of history.schoolQualifications) {
    school = Math.max(school, rungIndex(schoolLadder, schoolRungOf(qualification)));
  }
  return { language, school, vocational: 0 };
}

/** The rungs a finished (or recorded) result of an enrolment reaches. */
function resultRungs(enrolment: CareerEnrolment): Rungs {
  return {
    language: enrolment.cefrLevelReached === null ? -1 : rungIndex(languageLadder, enrolment.cefrLevelReached),
    school:
      enrolment.schoolQualificationReached === null
        ? -1
        : rungIndex(schoolLadder, schoolRungOf(enrolment.schoolQualificationReached)),
    vocational: enrolment.vocationalQualificationReached ? rungIndex(vocationalLadder, 'qualified') : -1,
  };
}

function hasResult(enrolment: CareerEnrolment): boolean {
  return (
    enrolment.cefrLevelReached !== null ||
    enrolment.schoolQualificationReached !== null ||
    enrolment.vocationalQualificationReached
  );
}

/** Raises the rungs to `reached`; true when any ladder rose (a step up). */
function raise(rungs: Rungs, reached: Rungs): boolean {
  let up = false;
  if (reached.language > rungs.language) {
    rungs.language = reached.language;
    up = true;
  }
  if (reached.school > rungs.school) {
    rungs.school = reached.school;
    up = true;
  }
  if (reached.vocational > rungs.vocational) {
    rungs.vocational = reached.vocational;
    up = true;
  }
  return up;
}

/** What happens on the ladders, in order: a measure starts, or a result (of an enrolment or of the record) counts. */
interface LadderEvent {
  on: string;
  // 0: a result of an earlier-started enrolment or dated record evidence; 1: a start; 2: a result of an
  // enrolment that started that very day (its result comes after its own start).
  order: 0 | 1 | 2;
  measure: CareerEnrolment | null;
  reached: Rungs | null;
  tie: string;
}

function compareEvents(a: LadderEvent, b: LadderEvent): number {
  if (a.on !== b.on) return a.on < b.on ? -1 : 1;
  if (a.order !== b.order) return a.order - b.order;
  return a.tie < b.tie ? -1 : a.tie > b.tie ? 1 : 0;
}

const NO_RUNG = -1;

/** The ladder timeline: starts of measures (a new vocational stage is reached by starting it) and results. */
function ladderEvents(history: CareerHistory, measures: readonly CareerEnrolment[], today: string): LadderEvent[] {
  const events: LadderEvent[] = [];
  for (const evidence of history.germanLevels) {
    if (evidence.on === null || evidence.on > today) continue;
    const reached = { language: rungIndex(languageLadder, evidence.level), school: NO_RUNG, vocational: NO_RUNG };
    events.push({ on: evidence.on, order: 0, measure: null, reached, tie: `~${evidence.level}` });
  }
  for (const measure of measures) {
    events.push({ on: measure.startsOn as string, order: 1, measure, reached: null, tie: measure.id });
  }
  for (const enrolment of history.enrolments) {
    if (enrolment.startsOn === null || !startedStatuses.has(enrolment.status) || !hasResult(enrolment)) continue;
    const on = endedOn(enrolment);
    if (on > today) continue;
    events.push({
      on,
      order: on === enrolment.startsOn ? 2 : 0,
      measure: null,
      reached: resultRungs(enrolment),
      tie: enrolment.id,
    });
  }
  return events.sort(compareEvents);
}

interface Timeline {
  /** Measures started since the last step up, in start order (a measure whose start was the step up is not in it). */
  run: CareerEnrolment[];
  /** The day of the last step up, or null when there was none. */
  lastStepUpOn: string | null;
  rungs: Rungs;
}

function walkLadders(history: CareerHistory, measures: readonly CareerEnrolment[], today: string): Timeline {
  const rungs = baselineRungs(history);
  let run: CareerEnrolment[] = [];
  let lastStepUpOn: string | null = null;
  for (const event of ladderEvents(history, measures, today)) {
    let stepUp: boolean;
    if (event.measure) {
      const stage = vocationalStageOfType[event.measure.offerType];
      const reached = {
        language: NO_RUNG,
        school: NO_RUNG,
        vocational: stage ? rungIndex(vocationalLadder, stage) : NO_RUNG,
      };
      stepUp = raise(rungs, reached);
      if (!stepUp) run.push(event.measure);
    } else {
      stepUp = raise(rungs, event.reached as Rungs);
    }
    if (stepUp) {
      run = [];
      lastStepUpOn = event.on;
    }
  }
  return { run, lastStepUpOn, rungs };
}

function rungNames(rungs: Rungs): NonNullable<FindingDetails['rungs']> {
  return {
    language: languageLadder[rungs.language] ?? 'A0',
    school: schoolLadder[rungs.school] ?? 'none',
    vocational: vocationalLadder[rungs.vocational] ?? 'none',
  };
}

// --- The rules ----------------------------------------------------------------------------------------------

/** ≥ N measures started within M months, all since the last step up (a step up resets the count). */
function noProgress(timeline: Timeline, settings: CareerSettings['no_progress']): CareerFinding | null {
  const { run } = timeline;
  const n = settings.minMeasures;
  for (let i = 0; i + n - 1 < run.length; i += 1) {
    const first = run[i] as CareerEnrolment;
    const nth = run[i + n - 1] as CareerEnrolment;
    if (!withinMonths(first.startsOn as string, nth.startsOn as string, settings.withinMonths)) continue;
    const counted = run.slice(i);
    return {
      rule: 'no_progress',
      anchorEnrolmentId: first.id,
      enrolmentIds: counted.map((measure) => measure.id),
      details: {
        count: counted.length,
        withinMonths: settings.withinMonths,
        firstOn: first.startsOn as string,
        lastOn: (counted.at(-1) as CareerEnrolment).startsOn as string,
        rungs: rungNames(timeline.rungs),
      },
    };
  }
  return null;
}

/** Whether an enrolment reached what the course was for: a result at or above its level, or a qualification. */
export function succeeded(enrolment: CareerEnrolment): boolean {
  if (enrolment.status !== 'completed') return false;
  if (enrolment.vocationalQualificationReached) return true;
  if (enrolment.schoolQualificationReached !== null && schoolRungOf(enrolment.schoolQualificationReached) !== 'none')
    return true;
  if (enrolment.courseLevel !== null) {
    return (
      enrolment.cefrLevelReached !== null &&
      rungIndex(languageLadder, enrolment.cefrLevelReached) >= rungIndex(languageLadder, enrolment.courseLevel)
    );
  }
  return enrolment.certificate || enrolment.examResult === 'passed';
}

/**
 * The same kind of offer at the same level (no level is a level of its own) N times; offers of kind "other"
 * never count as the same. A group whose latest measure succeeded is over (the repetition led somewhere); one
 * group per kind and level.
 */
function repeatedSameLevel(
  measures: readonly CareerEnrolment[],
  settings: CareerSettings['repeated_same_level'],
): CareerFinding[] {
  const groups = new Map<string, CareerEnrolment[]>();
  for (const measure of measures) {
    // "Other" is the catalogue's catch-all: two such offers are not the same course.
    if (measure.offerType === 'other') continue;
    const key = `${measure.offerType}|${measure.courseLevel ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(measure);
    else groups.set(key, [measure]);
  }
  const findings: CareerFinding[] = [];
  for (const group of groups.values()) {
    if (group.length < settings.minRepetitions) continue;
    if (succeeded(group.at(-1) as CareerEnrolment)) continue;
    const first = group[0] as CareerEnrolment;
    findings.push({
      rule: 'repeated_same_level',
      anchorEnrolmentId: first.id,
      enrolmentIds: group.map((measure) => measure.id),
      details: {
        count: group.length,
        offerType: first.offerType,
        level: first.courseLevel,
        firstOn: first.startsOn as string,
        lastOn: (group.at(-1) as CareerEnrolment).startsOn as string,
      },
    });
  }
  return findings;
}

/**
 * ≥ N drop-outs (left on days within M months of the first) since the last step up; drop-outs for a reason
 * the municipality ignores (by default: took up work or training) do not count.
 */
function repeatedDropouts(
  measures: readonly CareerEnrolment[],
  lastStepUpOn: string | null,
  settings: CareerSettings['repeated_dropouts'],
): CareerFinding | null {
  const dropouts = measures
    .filter(
      (measure) =>
        measure.status === 'dropped_out' &&
        !(measure.dropoutReason !== null && settings.ignoredReasons.includes(measure.dropoutReason)) &&
        (lastStepUpOn === null || endedOn(measure) >= lastStepUpOn),
    )
    .sort((a, b) => {
      const ea = endedOn(a);
      const eb = endedOn(b);
      return ea !== eb ? (ea < eb ? -1 : 1) : byStart(a, b);
    });
  const n = settings.minDropouts;
  for (let i = 0; i + n - 1 < dropouts.length; i += 1) {
    const first = dropouts[i] as CareerEnrolment;
    const nth = dropouts[i + n - 1] as CareerEnrolment;
    if (!withinMonths(endedOn(first), endedOn(nth), settings.withinMonths)) continue;
    const counted = dropouts.slice(i);
    return {
      rule: 'repeated_dropouts',
      anchorEnrolmentId: first.id,
      enrolmentIds: counted.map((measure) => measure.id),
      details: {
        count: counted.length,
        withinMonths: settings.withinMonths,
        firstOn: endedOn(first),
        lastOn: endedOn(counted.at(-1) as CareerEnrolment),
        reasons: [...new Set(counted.map((measure) => measure.dropoutReason ?? 'unknown'))].sort(),
      },
    };
  }
  return null;
}

/**
 * Now, for a person in case work: no active measure, and more than M months since both the end of the last
 * measure and the last contact (whichever is later). Anchored on the measure that ended last.
 */
function gapAfterMeasure(
  history: CareerHistory,
  measures: readonly CareerEnrolment[],
  today: string,
  settings: CareerSettings['gap_after_measure'],
): CareerFinding | null {
  if (!history.hasOpenCase) return null;
  let last: CareerEnrolment | null = null;
  for (const measure of measures) {
    if (measure.status === 'active') return null;
    const ended = endedOn(measure);
    if (ended > today) return null;
    if (last === null || ended > endedOn(last) || (ended === endedOn(last) && byStart(measure, last) > 0))
      last = measure;
  }
  if (last === null) return null;
  const lastEndedOn = endedOn(last);
  const since =
    history.lastContactOn !== null && history.lastContactOn > lastEndedOn ? history.lastContactOn : lastEndedOn;
  if (!moreThanMonthsAfter(since, today, settings.months)) return null;
  return {
    rule: 'gap_after_measure',
    anchorEnrolmentId: last.id,
    enrolmentIds: [last.id],
    details: { lastEndedOn, lastContactOn: history.lastContactOn, months: fullMonthsBetween(since, today) },
  };
}

/**
 * A qualification: a school qualification or a vocational qualification reached, or a language certificate
 * (certificate or passed exam) at or above the course's target level.
 */
export function isQualification(enrolment: CareerEnrolment): boolean {
  if (enrolment.vocationalQualificationReached) return true;
  if (enrolment.schoolQualificationReached !== null && schoolRungOf(enrolment.schoolQualificationReached) !== 'none')
    return true;
  return (
    (enrolment.certificate || enrolment.examResult === 'passed') &&
    enrolment.courseLevel !== null &&
    enrolment.cefrLevelReached !== null &&
    rungIndex(languageLadder, enrolment.cefrLevelReached) >= rungIndex(languageLadder, enrolment.courseLevel)
  );
}

/**
 * More than M months spent in measures (days in any measure, overlaps counted once, from the day after the last
 * qualification) without a qualification. M months are the days of M calendar months from the first counted
 * day: a single measure from D through the day before D + M months is exactly M months, one day more is more.
 */
function longWithoutQualification(
  history: CareerHistory,
  measures: readonly CareerEnrolment[],
  today: string,
  settings: CareerSettings['long_without_qualification'],
): CareerFinding | null {
  let qualifiedOn: string | null = null;
  for (const enrolment of history.enrolments) {
    if (enrolment.startsOn === null || !startedStatuses.has(enrolment.status) || !isQualification(enrolment)) continue;
    const on = endedOn(enrolment);
    if (on <= today && (qualifiedOn === null || on > qualifiedOn)) qualifiedOn = on;
  }
  const countFrom = qualifiedOn === null ? null : addDays(qualifiedOn, 1);
  // Intervals [from, to] (inclusive days) after the last qualification, clipped to today.
  const intervals: { from: string; to: string; measure: CareerEnrolment }[] = [];
  for (const measure of measures) {
    const start = measure.startsOn as string;
    const end =
      measure.status === 'active'
        ? measure.endsOn !== null && measure.endsOn < today
          ? measure.endsOn
          : today
        : endedOn(measure);
    const from = countFrom !== null && countFrom > start ? countFrom : start;
    const to = end > today ? today : end;
    if (from > to) continue;
    intervals.push({ from, to, measure });
  }
  if (intervals.length === 0) return null;
  intervals.sort((a, b) => (a.from !== b.from ? (a.from < b.from ? -1 : 1) : byStart(a.measure, b.measure)));
  let days = 0;
  let coveredTo: string | null = null;
  for (const interval of intervals) {
    if (coveredTo === null || interval.from > coveredTo) {
      days += daysBetween(interval.from, interval.to) + 1;
      coveredTo = interval.to;
    } else if (interval.to > coveredTo) {
      days += daysBetween(coveredTo, interval.to);
      coveredTo = interval.to;
    }
  }
  const first = intervals[0] as (typeof intervals)[number];
  const threshold = daysBetween(first.from, addMonths(first.from, settings.months));
  if (days <= threshold) return null;
  return {
    rule: 'long_without_qualification',
    anchorEnrolmentId: first.measure.id,
    enrolmentIds: intervals.map((interval) => interval.measure.id),
    details: {
      days,
      months: fullMonthsBetween(first.from, addDays(first.from, days)),
      firstOn: first.from,
      ...(qualifiedOn === null ? {} : { lastOn: qualifiedOn }),
    },
  };
}

/** Every finding for one person on `today`, in the order of the rules. */
export function detectCareer(history: CareerHistory, settings: CareerSettings, today: string): CareerFinding[] {
  const measures = history.enrolments.filter((enrolment) => isMeasure(enrolment, today)).sort(byStart);
  if (measures.length === 0) return [];
  const findings: CareerFinding[] = [];
  const needsTimeline = settings.no_progress.enabled || settings.repeated_dropouts.enabled;
  const timeline = needsTimeline ? walkLadders(history, measures, today) : null;
  if (timeline && settings.no_progress.enabled) {
    const finding = noProgress(timeline, settings.no_progress);
    if (finding) findings.push(finding);
  }
  if (settings.repeated_same_level.enabled) findings.push(...repeatedSameLevel(measures, settings.repeated_same_level));
  if (timeline && settings.repeated_dropouts.enabled) {
    const finding = repeatedDropouts(measures, timeline.lastStepUpOn, settings.repeated_dropouts);
    if (finding) findings.push(finding);
  }
  if (settings.gap_after_measure.enabled) {
    const finding = gapAfterMeasure(history, measures, today, settings.gap_after_measure);
    if (finding) findings.push(finding);
  }
  if (settings.long_without_qualification.enabled) {
    const finding = longWithoutQualification(history, measures, today, settings.long_without_qualification);
    if (finding) findings.push(finding);
  }
  return findings;
}
