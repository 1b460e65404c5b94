// A synthetic participant's path through the offers: coaching alongside (FB1), a language course by the German
// level at entry, the strand measures (FB2–FB4), a transition measure for some without a school certificate,
// and after a placement the EQ or training. Results follow reference-data.md (integration course B1 48.7 %,
// A2 40.8 %; EQ → training 60–70 %; drop-out 25 %); about a tenth of the people get a measure career on
// purpose (the same course at the same level twice, repeated drop-outs, measures without a step up, a long
// gap), and failed exams and drop-outs make some more. Uses its own random stream, so that the participants
// and cases stay what they were without the catalogue. Pure.
import { addDays, addMonths } from '../cases/case.rules.ts';
import type { DropoutReason, OfferType } from '../offers/offer.codes.ts';
import { languageLadder, rungIndex } from '../offers/offer.codes.ts';
import type { CefrLevel, SchoolQualification } from '../participants/participant.codes.ts';
import type { CaseTimeline } from './case-timeline.rules.ts';
import type { OfferAllocator, Seat } from './offer-allocation.rules.ts';
import { ENROLMENT_PARAMETERS as P, offerKind } from './offer-seed.parameters.ts';
import { DROPOUT_NOTES, OFFER_TITLES } from './offer-texts.ts';
import type { Random } from './random.ts';
import { daysBetween, type PlannedParticipant } from './seed-plan.rules.ts';
import type { CareerPattern, GeneratedEnrolment, GeneratedOffer } from './seed.model.ts';

const CAREER_PATTERNS: readonly CareerPattern[] = ['same_level_twice', 'dropouts', 'no_progress'];
/** Drop-out reasons of a career (work and training are moves on, not drop-outs that count against a path). */
const CAREER_DROPOUT_REASONS: readonly DropoutReason[] = ['motivation', 'overload', 'unknown', 'family', 'health'];
const EARLY_ENDS = new Set(['dropout', 'moved_away', 'departure', 'status_change']);
const PLACED = new Set([
  'training_dual',
  'training_school',
  'entry_qualification',
  'employment_insured',
  'employment_marginal',
]);
/**
 * Drop-outs by chance, on top of those of the cases that end early and of the careers, scaled so that all
 * together come to the 25 % of reference-data.md (measured by the generator's tests).
 */
const DROPOUT_SCALE = 0.1;

interface Step {
  type: OfferType;
  /** Forced result for a career: drop out, or finish without any step up. */
  force?: 'dropout' | 'no_gain';
}

interface PathState {
  level: CefrLevel;
  school: SchoolQualification | null;
}

function nextLevel(level: CefrLevel, steps = 1): CefrLevel {
  const index = Math.min(rungIndex(languageLadder, level) + steps, languageLadder.indexOf('C2'));
  return languageLadder[index] ?? level;
}

function higher(a: CefrLevel, b: CefrLevel | null): CefrLevel {
  return b !== null && rungIndex(languageLadder, b) > rungIndex(languageLadder, a) ? b : a;
}

function languageCourseFor(level: CefrLevel, planned: PlannedParticipant, random: Random): OfferType {
  if (level === 'A0') return 'literacy_course';
  if (level === 'A1' || level === 'A2') {
    const youthful = planned.ageBand !== '27' && planned.exceptionAge !== 28;
    return youthful && random.chance(P.youthCourse) ? 'youth_integration_course' : 'integration_course';
  }
  return 'job_language_course';
}

/** The measures of a person's path, in order, before the placement. */
export function pathSteps(planned: PlannedParticipant, career: CareerPattern | null, random: Random): Step[] {
  // The strand measures first (the case is about them; FB2 runs alongside, see generateEnrolments), then the
  // regular system's language course and transition measures.
  const steps: Step[] = [];
  const language = random.chance(P.languageCourse[planned.german]);
  const course = languageCourseFor(planned.german, planned, random);
  if (planned.strands.includes('FB3')) steps.push({ type: 'school_certificate_course' });
  if (planned.strands.includes('FB4')) steps.push({ type: 'preparation_course' });
  if (language) steps.push({ type: course });
  if (language && planned.german === 'A0' && random.chance(0.6)) steps.push({ type: 'integration_course' });
  const low = planned.school === 'none' || planned.school === 'unrecognised';
  if (low && !planned.strands.includes('FB3') && random.chance(P.transitionMeasure)) {
    steps.push({ type: random.chance(0.5) ? 'vocational_preparation' : 'berufskolleg_class' });
  }
  // The measures of a career are kinds that do not by their start reach a new vocational stage (that would be
  // a step up): language courses, FB2 qualification and support.
  const languageAtLevel: OfferType =
    planned.german === 'A0' ? 'literacy_course' : languageCourseFor(planned.german, planned, random);
  switch (career) {
    case 'same_level_twice': {
      // A language course that ends at the level the person had, taken again at that level.
      const at = steps.findIndex((step) => step.type === languageAtLevel);
      const first = { type: languageAtLevel, force: 'no_gain' as const };
      if (at >= 0) steps.splice(at, 1, first, { ...first });
      else steps.unshift(first, { ...first });
      break;
    }
    case 'dropouts':
      steps.push({ type: languageAtLevel, force: 'dropout' }, { type: 'job_qualification', force: 'dropout' });
      break;
    case 'no_progress':
      // Short measures one after the other, none with a result, after the strand's own.
      steps.push(
        { type: 'job_qualification', force: 'no_gain' },
        { type: 'job_language_support', force: 'no_gain' },
        { type: 'job_qualification', force: 'no_gain' },
      );
      break;
    default:
      break;
  }
  return steps;
}

function sessionsPerWeek(weeklyHours: number): number {
  return weeklyHours >= 20 ? 5 : weeklyHours >= 4 ? 2 : 0.5;
}

/** Attendance from the start to `until` (the end, the drop-out or the day the data describe). */
function attendance(
  offer: GeneratedOffer,
  seat: Seat,
  until: string,
  rate: number,
): Pick<GeneratedEnrolment, 'sessionsPlanned' | 'sessionsAttended' | 'hoursAttended' | 'attendanceConfirmedOn'> {
  const perWeek = sessionsPerWeek(offer.weeklyHours);
  const plannedEnd = seat.endsOn ?? addMonths(seat.startsOn, 12);
  const planned = Math.max(1, Math.round((daysBetween(seat.startsOn, plannedEnd) / 7) * perWeek));
  const held = Math.min(planned, Math.max(0, Math.round((daysBetween(seat.startsOn, until) / 7) * perWeek)));
  const attended = Math.min(held, Math.round(held * rate));
  return {
    sessionsPlanned: Math.min(planned, 5000),
    sessionsAttended: attended,
    hoursAttended: Math.min(10_000, Math.round(attended * (offer.weeklyHours / perWeek) * 10) / 10),
    attendanceConfirmedOn: held > 0 ? until : null,
  };
}

/** The result of a finished course of this kind (reference-data.md where known, else assumed). */
function result(
  type: OfferType,
  state: PathState,
  noGain: boolean,
  random: Random,
): Pick<
  GeneratedEnrolment,
  'certificate' | 'examResult' | 'cefrLevelReached' | 'schoolQualificationReached' | 'vocationalQualificationReached'
> {
  const none = {
    certificate: false,
    examResult: null,
    cefrLevelReached: null,
    schoolQualificationReached: null,
    vocationalQualificationReached: false,
  } as const;
  switch (type) {
    case 'literacy_course':
      if (noGain) return { ...none, certificate: true, cefrLevelReached: state.level };
      return { ...none, certificate: true, cefrLevelReached: random.chance(0.75) ? 'A1' : 'A2' };
    case 'integration_course':
    case 'youth_integration_course': {
      if (noGain) return { ...none, certificate: true, examResult: 'failed', cefrLevelReached: state.level };
      const draw = random.float();
      if (draw < P.integrationCourseResult.B1)
        return { ...none, certificate: true, examResult: 'passed', cefrLevelReached: 'B1' };
      if (draw < P.integrationCourseResult.B1 + P.integrationCourseResult.A2) {
        return { ...none, certificate: true, examResult: 'failed', cefrLevelReached: 'A2' };
      }
      return { ...none, examResult: 'failed' };
    }
    case 'job_language_course':
      if (!noGain && random.chance(P.jobLanguagePassed)) {
        return {
          ...none,
          certificate: true,
          examResult: 'passed',
          cefrLevelReached: nextLevel(higher('B1', state.level)),
        };
      }
      return { ...none, examResult: 'failed' };
    case 'school_certificate_course': {
      const draw = random.float();
      if (noGain || draw >= P.schoolCertificate.esa + P.schoolCertificate.eesa)
        return { ...none, examResult: 'failed' };
      return {
        ...none,
        certificate: true,
        examResult: 'passed',
        schoolQualificationReached: draw < P.schoolCertificate.esa ? 'esa' : 'eesa',
      };
    }
    case 'berufskolleg_class':
      if (!noGain && random.chance(0.4)) return { ...none, certificate: true, schoolQualificationReached: 'esa' };
      return none;
    case 'preparation_course':
    case 'job_language_support':
      if (!noGain && random.chance(type === 'preparation_course' ? 0.45 : 0.3)) {
        return { ...none, certificate: true, cefrLevelReached: nextLevel(state.level) };
      }
      return { ...none, certificate: !noGain };
    case 'entry_qualification':
    case 'job_qualification':
      return { ...none, certificate: !noGain };
    case 'training_dual':
    case 'training_school':
    case 'helper_training':
      return random.chance(0.85)
        ? { ...none, certificate: true, examResult: 'passed', vocationalQualificationReached: true }
        : { ...none, examResult: 'failed' };
    default:
      return none;
  }
}

const DROPOUT_REASONS: readonly (readonly [DropoutReason, number])[] = [
  ['motivation', 25],
  ['work', 20],
  ['overload', 15],
  ['family', 10],
  ['health', 10],
  ['unknown', 12],
  ['other', 8],
];

export interface PathInput {
  planned: PlannedParticipant;
  timeline: CaseTimeline;
  /** The day the data describe: statuses are as of this day. */
  day: string;
}

/** The enrolments of one person, and the career planted in them (or null). */
export function generateEnrolments(
  input: PathInput,
  allocator: OfferAllocator,
  random: Random,
): { enrolments: GeneratedEnrolment[]; careerPattern: CareerPattern | null } {
  const { planned, timeline, day } = input;
  const fb1 = planned.strands.includes('FB1');
  let career: CareerPattern | null = null;
  if (random.chance(P.careers)) career = random.pick(CAREER_PATTERNS);
  const state: PathState = { level: planned.german, school: null };
  const enrolments: GeneratedEnrolment[] = [];
  const offersOf: GeneratedOffer[] = [];
  const caseEnd = timeline.exitedOn;
  const endsEarly = EARLY_ENDS.has(planned.outcome);

  const enrol = (
    step: Step,
    desired: string,
    options: { stayMonths?: number; maxWaitDays?: number; mustEndBy?: string | null },
  ): string | null => {
    const kind = offerKind(step.type);
    if (!allocator.has(step.type)) return null;
    const stayDays = Math.round(30.44 * (options.stayMonths ?? random.int(kind.months[0], kind.months[1])));
    const maxWait = options.maxWaitDays ?? Math.max(120, kind.everyMonths * 45);
    const referredOn = (d: string) => {
      const referred = addDays(d, -random.int(7, 35));
      const floor = timeline.openedOn < d ? timeline.openedOn : d;
      const bounded = referred < floor ? floor : referred;
      return bounded > day ? day : bounded;
    };
    const refused = step.type !== 'coaching' && random.chance(P.notStarted);
    const seat = refused ? null : allocator.seat(step.type, desired, stayDays, maxWait);
    if (!seat || seat.startsOn > day) {
      // No seat in time: a referral that waits (a list beyond capacity) or, in the past, never started.
      const future = desired > day || (seat !== null && seat.startsOn > day);
      const offer =
        seat?.offer ?? (future ? allocator.upcoming(step.type, day) : allocator.nearest(step.type, desired));
      if (!offer) return null;
      const startsOn = future ? (seat?.startsOn ?? offer.startsOn) : null;
      enrolments.push(blank(offer, referredOn(desired), future ? 'waiting' : 'not_started', startsOn));
      offersOf.push(offer);
      return null;
    }
    // A programme measure of the case that could only start after the case ended does not happen.
    if (options.mustEndBy && seat.startsOn > options.mustEndBy) return null;
    const { offer } = seat;
    let end = seat.endsOn;
    let dropped = step.force === 'dropout' || (step.force === undefined && random.chance(P.dropout * DROPOUT_SCALE));
    let reason: DropoutReason =
      step.force === 'dropout' ? random.pick(CAREER_DROPOUT_REASONS) : random.weighted(DROPOUT_REASONS);
    const running = caseEnd !== null && (end === null || end > caseEnd) && seat.startsOn <= caseEnd;
    // A case that ends early (drop-out, moved away, departure) takes most measures running then with it; a
    // placement ends the strand measure on the day the person moves on.
    const cut = running && endsEarly && (planned.outcome !== 'dropout' || random.chance(0.6));
    if (cut) {
      dropped = true;
      end = caseEnd;
      reason = planned.outcome === 'moved_away' ? 'moved_away' : planned.outcome === 'dropout' ? reason : 'residence';
    } else if (running && PLACED.has(planned.outcome) && offerKind(step.type).strand !== null) {
      end = caseEnd;
    } else if (options.mustEndBy && (end === null || end > options.mustEndBy)) {
      end = options.mustEndBy;
    }
    if (dropped && !cut) {
      const span = daysBetween(seat.startsOn, end ?? addMonths(seat.startsOn, 12));
      end = addDays(seat.startsOn, Math.max(7, Math.round(span * (0.15 + 0.6 * random.float()))));
    }
    const finished = end !== null && end < day;
    allocator.occupy(offer, seat.startsOn, finished ? end : seat.endsOn);
    const rate = dropped ? 0.4 + 0.35 * random.float() : 0.75 + 0.23 * random.float();
    const enrolment: GeneratedEnrolment = {
      ...blank(offer, referredOn(seat.startsOn), 'active', seat.startsOn),
      endsOn: finished ? end : seat.endsOn,
      ...attendance(offer, seat, finished && end ? end : day, rate),
    };
    if (finished && dropped) {
      enrolment.status = 'dropped_out';
      enrolment.dropoutReason = reason;
      enrolment.dropoutNotes = random.chance(0.5) ? (DROPOUT_NOTES[reason] ?? null) : null;
    } else if (finished) {
      enrolment.status = 'completed';
      Object.assign(enrolment, result(step.type, state, step.force === 'no_gain', random));
      state.level = higher(state.level, enrolment.cefrLevelReached);
      state.school = enrolment.schoolQualificationReached ?? state.school;
    }
    enrolments.push(enrolment);
    offersOf.push(offer);
    return finished ? end : null;
  };

  // Coaching alongside everything else, for the whole case.
  if (fb1 && timeline.coachingFrom) {
    // An open case's coaching goes on after the day the data describe.
    const months =
      Math.max(1, daysBetween(timeline.coachingFrom, timeline.lastDay) / 30.44) +
      (caseEnd === null ? random.int(2, 8) : 0);
    enrol({ type: 'coaching' }, timeline.coachingFrom, { stayMonths: months, maxWaitDays: 60, mustEndBy: caseEnd });
  }

  const start = timeline.intakeOn ?? timeline.openedOn;
  // FB2 accompanies work or training: alongside the other measures, from early in the case.
  if (planned.strands.includes('FB2')) {
    const type = random.chance(0.6) ? 'job_language_support' : 'job_qualification';
    const from = addDays(start, random.int(14, 60));
    if (from <= timeline.lastDay) enrol({ type }, from, { mustEndBy: caseEnd });
  }
  let cursor = addDays(start, random.int(7, 35));
  let booked = false;
  for (const step of pathSteps(planned, career, random)) {
    // Measures start while the case runs; an open case may have its next one booked already.
    // A career goes on after the case (the regular system keeps referring); it stops at the day described.
    if (cursor > timeline.lastDay && !(step.force && cursor <= day)) {
      if (caseEnd !== null || booked || !random.chance(P.nextStepBooked)) break;
      booked = true;
    }
    const ended = enrol(step, cursor, {});
    if (ended === null) {
      const last = enrolments.at(-1)?.status;
      if (last === 'active' || last === 'waiting' || booked) break;
      cursor = addDays(cursor, random.int(14, 45));
      continue;
    }
    cursor = addDays(ended, career === 'dropouts' ? random.int(7, 40) : random.int(7, 60));
  }

  // After a placement: EQ (then training for 60–70 %) or training straight away.
  if (caseEnd !== null && ['training_dual', 'training_school', 'entry_qualification'].includes(planned.outcome)) {
    const from = addDays(caseEnd, random.int(0, 20));
    if (planned.outcome === 'entry_qualification') {
      const eqEnd = enrol({ type: 'entry_qualification' }, from, { maxWaitDays: 30 });
      if (eqEnd !== null && enrolments.at(-1)?.status === 'completed' && random.chance(P.eqToTraining)) {
        enrol({ type: 'training_dual' }, addDays(eqEnd, random.int(1, 30)), { maxWaitDays: 30 });
      }
    } else {
      const type =
        planned.outcome === 'training_dual'
          ? 'training_dual'
          : random.chance(0.7)
            ? 'training_school'
            : 'helper_training';
      enrol({ type }, from, { maxWaitDays: 30 });
    }
  }
  // The next step of each finished enrolment: the one after it, if any.
  enrolments.forEach((enrolment, index) => {
    const next = offersOf[index + 1];
    if ((enrolment.status === 'completed' || enrolment.status === 'dropped_out') && next && next.type !== 'coaching') {
      enrolment.nextStep = `${OFFER_TITLES[next.type]} ab ${enrolments[index + 1]?.startsOn ?? enrolments[index + 1]?.referredOn}`;
    }
  });
  return { enrolments, careerPattern: career };
}

function blank(
  offer: GeneratedOffer,
  referredOn: string,
  status: GeneratedEnrolment['status'],
  startsOn: string | null,
): GeneratedEnrolment {
  return {
    offerKey: offer.key,
    strandOffer: offer.strand !== null,
    referredOn,
    startsOn: status === 'not_started' ? null : startsOn,
    endsOn: null,
    status,
    dropoutReason: null,
    dropoutNotes: null,
    sessionsPlanned: null,
    sessionsAttended: null,
    hoursAttended: null,
    attendanceConfirmedOn: null,
    certificate: false,
    examResult: null,
    cefrLevelReached: null,
    schoolQualificationReached: null,
    vocationalQualificationReached: false,
    nextStep: null,
  };
}
