// The case of a synthetic participant: eligibility at opening, assignments, needs assessment, plan, contacts
// (weekly to monthly coaching sessions for FB1), referrals to regular services, case conferences, exit and
// follow-up. Pure.
import {
  placementOutcomes,
  type CaseOutcome,
  type ContactChannel,
  type ReferralOutcome,
  type ReferralService,
} from '../cases/case.codes.ts';
import { addDays, weakestDecision } from '../cases/case.rules.ts';
import type { AssessmentAreas } from '../cases/case-work.schema.ts';
import { evaluateEligibility } from '../participants/eligibility.rules.ts';
import type { CefrLevel, Strand } from '../participants/participant.codes.ts';
import type { EligibilityPolicy } from '../participants/programme-policy.ts';
import type { CaseTimeline } from './case-timeline.rules.ts';
import type { ParticipantBody } from './participant-generator.rules.ts';
import type { Random } from './random.ts';
import { daysBetween, type PlannedParticipant } from './seed-plan.rules.ts';
import type {
  GeneratedAssignment,
  GeneratedCase,
  GeneratedContact,
  GeneratedGoal,
  GeneratedReferral,
  GeneratedStep,
  SeedStaff,
} from './seed.model.ts';
import {
  COACHING_TOPICS,
  CONFERENCE_AGREEMENTS,
  CONFERENCE_FINDINGS,
  EXIT_NOTES,
  FOLLOW_UP_NOTES,
  GOAL_TEMPLATES,
  LANGUAGE_NAMES_DE,
  MANAGEMENT_TOPICS,
  OCCUPATIONS,
  REFERRAL_DESCRIPTIONS,
  type GoalTemplate,
} from './seed-texts.ts';

const PLACEMENTS: ReadonlySet<CaseOutcome> = new Set(placementOutcomes);

/**
 * The case's eligibility as the cases area stores it: one decision per strand on the opening day, the case's
 * decision the weakest, every reason tagged with its strand (see cases/case-eligibility.service.ts).
 */
export function caseEligibility(
  body: Pick<
    ParticipantBody,
    'birthDate' | 'birthDatePrecision' | 'statuses' | 'accommodation' | 'workPermission' | 'excludedOffender'
  >,
  policy: EligibilityPolicy,
  strands: readonly Strand[],
  on: string,
  exceptionJustification: string | null,
): Pick<GeneratedCase, 'eligibilityDecision' | 'eligibilityReasons'> {
  const person = {
    birthDate: body.birthDate,
    birthDatePrecision: body.birthDatePrecision,
    residenceStatuses: body.statuses,
    accommodation: body.accommodation,
    workPermission: body.workPermission,
    excludedOffender: body.excludedOffender,
  };
  const exception = exceptionJustification ? { justification: exceptionJustification } : null;
  const decisions = strands.map((strand) => evaluateEligibility({ person, policy, strand, on, exception }));
  return {
    eligibilityDecision: weakestDecision(decisions.map((decision) => decision.outcome)),
    eligibilityReasons: decisions.flatMap((decision) =>
      decision.reasons.map((reason) => ({ strand: decision.strand, ...reason })),
    ),
  };
}

/**
 * A weekday time in office hours on or after the day (weekends move to Monday, or to the Friday before when that
 * Monday lies after the day the data describe), local time.
 */
function officeTime(day: string, random: Random, latest: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  let date = weekday === 6 ? addDays(day, 2) : weekday === 0 ? addDays(day, 1) : day;
  if (date > latest) date = addDays(day, weekday === 6 ? -1 : -2);
  const hour = String(random.int(8, 16)).padStart(2, '0');
  return `${date} ${hour}:${random.pick(['00', '15', '30', '45'])}`;
}

function interpreter(level: CefrLevel, firstLanguage: string | undefined): string | null {
  if (!['A0', 'A1', 'A2'].includes(level) || !firstLanguage) return null;
  return LANGUAGE_NAMES_DE[firstLanguage] ?? null;
}

function contacts(
  planned: PlannedParticipant,
  timeline: CaseTimeline,
  firstLanguage: string | undefined,
  random: Random,
): GeneratedContact[] {
  const result: GeneratedContact[] = [];
  const language = interpreter(planned.german, firstLanguage);
  const end = timeline.lastDay;
  if (timeline.intakeOn) {
    result.push({
      occurredAt: officeTime(timeline.intakeOn, random, timeline.recordedUntil),
      durationMinutes: random.pick([60, 75, 90]),
      channel: 'in_person',
      topic: 'Erstgespräch',
      attendees: `Teilnehmende*r, Teilhabemanagement${language ? `, Dolmetscher*in (${language})` : ''}`,
      coaching: false,
      notes: null,
    });
  }
  const start = timeline.intakeOn ?? timeline.openedOn;
  const span = daysBetween(start, end);
  const managementContacts = random.int(1, 5);
  for (let n = 0; n < managementContacts && span > 14; n += 1) {
    result.push({
      occurredAt: officeTime(addDays(start, random.int(7, span)), random, timeline.recordedUntil),
      durationMinutes: random.pick([15, 30, 45]),
      channel: random.weighted<ContactChannel>([
        ['in_person', 45],
        ['phone', 40],
        ['message', 15],
      ]),
      topic: random.pick(MANAGEMENT_TOPICS),
      attendees: null,
      coaching: false,
      notes: null,
    });
  }
  // An open case is in touch: most had a contact with the participation management in the last four weeks.
  if (timeline.exitedOn === null && span > 28 && random.chance(0.75)) {
    result.push({
      occurredAt: officeTime(addDays(end, -random.int(3, 28)), random, timeline.recordedUntil),
      durationMinutes: random.pick([15, 30, 45]),
      channel: random.weighted<ContactChannel>([
        ['in_person', 50],
        ['phone', 35],
        ['message', 15],
      ]),
      topic: random.pick(MANAGEMENT_TOPICS),
      attendees: null,
      coaching: false,
      notes: random.chance(0.3) ? 'Nächste Schritte besprochen.' : null,
    });
  }
  if (timeline.coachingFrom) {
    // Weekly to monthly over the whole coaching, a little irregular, at most 80 sessions.
    const interval = random.weighted([
      [7, 30],
      [14, 40],
      [28, 30],
    ] as const);
    for (let day = timeline.coachingFrom; day <= end && result.length < 85;) {
      result.push({
        occurredAt: officeTime(day, random, timeline.recordedUntil),
        durationMinutes: random.pick([30, 45, 60, 60, 90]),
        channel: random.weighted<ContactChannel>([
          ['in_person', 65],
          ['phone', 20],
          ['video', 5],
          ['message', 5],
          ['outreach', 3],
          ['home_visit', 2],
        ]),
        topic: random.pick(COACHING_TOPICS),
        attendees: random.chance(0.1) && language ? `Dolmetscher*in (${language})` : null,
        coaching: true,
        notes: random.chance(0.2) ? 'Nächster Termin vereinbart.' : null,
      });
      day = addDays(day, interval + random.int(-2, 3));
    }
  }
  // A weekend session moved to Monday may lie after the exit: keep the log within the case.
  return result
    .filter((contact) => contact.occurredAt.slice(0, 10) <= end || contact.topic === 'Erstgespräch')
    .sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
}

function referrals(planned: PlannedParticipant, timeline: CaseTimeline, random: Random): GeneratedReferral[] {
  const count = random.weighted([
    [0, 15],
    [1, 35],
    [2, 30],
    [3, 15],
    [4, 5],
  ] as const);
  const start = timeline.intakeOn ?? timeline.openedOn;
  const span = Math.max(0, daysBetween(start, timeline.lastDay) - 7);
  const result: GeneratedReferral[] = [];
  for (let n = 0; n < count; n += 1) {
    const service = random.weighted<ReferralService>([
      ['employment_agency', 30],
      ['bamf_course', planned.strands.includes('FB4') ? 35 : 20],
      ['berufskolleg', 15],
      ['jobcenter', 8],
      ['counselling', 12],
      ['other', 8],
    ]);
    const referredOn = addDays(start, random.int(0, span));
    let outcome = random.weighted<ReferralOutcome>([
      ['completed', 35],
      ['started', 15],
      ['accepted', 10],
      ['rejected', 10],
      ['no_show', 10],
      ['cancelled', 8],
      ['pending', 12],
    ]);
    const room = daysBetween(referredOn, timeline.lastDay);
    if (room < 7 && outcome !== 'pending') outcome = 'pending';
    result.push({
      service,
      referredOn,
      description: random.pick(REFERRAL_DESCRIPTIONS[service]),
      outcome,
      outcomeOn: outcome === 'pending' ? null : addDays(referredOn, random.int(7, Math.min(90, room))),
      outcomeNotes:
        outcome === 'rejected'
          ? 'Voraussetzungen nicht erfüllt'
          : outcome === 'no_show'
            ? 'Termin nicht wahrgenommen'
            : null,
    });
  }
  return result;
}

function assessmentAreas(
  planned: PlannedParticipant,
  body: ParticipantBody,
  on: string,
  vocationalGoal: string,
  random: Random,
): AssessmentAreas {
  const school = body.schooling[0];
  const current = [...body.statuses].reverse().find((s) => s.validFrom <= on);
  const otherLanguages = body.languages
    .filter((language) => language.language !== 'de')
    .map((language) => ({ language: language.language, level: language.level }));
  const children =
    planned.gender === 'female' ? (random.chance(0.25) ? random.int(1, 2) : 0) : random.chance(0.08) ? 1 : 0;
  return {
    language: {
      needsSupport: ['A0', 'A1', 'A2'].includes(planned.german),
      notes: null,
      germanLevel: planned.german,
      literacySupport: planned.german === 'A0' && planned.school === 'none' && random.chance(0.4),
      otherLanguages,
    },
    schooling: {
      needsSupport: school?.qualification === 'none' || school?.qualification === 'foreign_other',
      notes: null,
      highestQualification: school?.qualification ?? 'none',
      yearsOfSchooling: school?.years ?? null,
      recognised: school?.recognised ?? false,
    },
    vocational: {
      needsSupport: random.chance(0.8),
      notes: null,
      workExperienceMonths: body.vocationalExperience ? random.int(3, 48) : 0,
      occupations: [],
      vocationalGoal,
    },
    health: { needsSupport: random.chance(0.1), notes: null, limitsWorkOrTraining: random.chance(0.05) },
    childcare: { needsSupport: children > 0, notes: null, children, needsCare: children > 0 && random.chance(0.7) },
    housing: {
      needsSupport: body.accommodation !== 'private',
      notes: null,
      accommodation: body.accommodation,
      housingSecured: body.accommodation === 'private',
    },
    legal_status: {
      needsSupport: current?.status !== 'toleration_60c',
      notes: null,
      residenceStatus: current?.status ?? null,
      workPermission: body.workPermission,
      documentExpiry: null,
    },
    finances: { needsSupport: random.chance(0.2), notes: null, benefits: body.benefits, debts: random.chance(0.15) },
  };
}

/** Whether a goal counts as reached at exit, given how the case ended. */
function goalReached(template: GoalTemplate, outcome: CaseOutcome): boolean {
  if (template.area === 'vocational') return PLACEMENTS.has(outcome);
  if (template.area === 'language') return outcome === 'language_certificate';
  if (template.area === 'schooling') return outcome === 'school_certificate';
  return false;
}

function plan(
  planned: PlannedParticipant,
  timeline: CaseTimeline,
  assessedOn: string,
  random: Random,
): GeneratedGoal[] {
  const wanted = random.int(1, 3);
  const preferred = GOAL_TEMPLATES.filter(
    (template) =>
      template.area === 'vocational' ||
      (template.area === 'language' && ['A0', 'A1', 'A2'].includes(planned.german)) ||
      (template.area === 'schooling' && planned.strands.includes('FB3')),
  );
  const chosen = random.sample(preferred.length >= wanted ? preferred : GOAL_TEMPLATES, wanted);
  const room = Math.max(0, daysBetween(assessedOn, timeline.lastDay));
  if (timeline.exitedOn === null)
    return chosen.map((template) => openGoal(planned, timeline, assessedOn, template, random));
  return chosen.map((template) => {
    // Nothing of a closed case is due after the day the data describe.
    const capped = (day: string) => (day > timeline.recordedUntil ? timeline.recordedUntil : day);
    const dueOn = capped(addDays(assessedOn, random.int(60, 270)));
    const reached = goalReached(template, planned.outcome) || (PLACEMENTS.has(planned.outcome) && random.chance(0.5));
    const steps = random.sample(template.steps, random.int(1, Math.min(3, template.steps.length))).map((title) => {
      const done = random.chance(0.8);
      const doneOn = addDays(assessedOn, random.int(0, room));
      return {
        title,
        owner:
          planned.strands.includes('FB1') && random.chance(0.5)
            ? ('coach' as const)
            : ('participation_manager' as const),
        dueOn: capped(addDays(assessedOn, random.int(14, 120))),
        // The case has ended: no step stays open.
        status: done ? ('done' as const) : ('cancelled' as const),
        doneOn: done ? doneOn : null,
      };
    });
    return { title: template.title, area: template.area, dueOn, status: reached ? 'achieved' : 'dropped', steps };
  });
}

function stepOwner(planned: PlannedParticipant, timeline: CaseTimeline, random: Random): GeneratedStep['owner'] {
  return timeline.coachingFrom !== null && planned.strands.includes('FB1') && random.chance(0.5)
    ? 'coach'
    : 'participation_manager';
}

/**
 * A goal of a case still running on the day the data describe (timeline.lastDay): some steps done, some overdue
 * (due before the last month began, so they show as overdue on any day of it), most of the rest due in the
 * coming weeks.
 */
function openGoal(
  planned: PlannedParticipant,
  timeline: CaseTimeline,
  assessedOn: string,
  template: GoalTemplate,
  random: Random,
): GeneratedGoal {
  const today = timeline.lastDay;
  const room = Math.max(0, daysBetween(assessedOn, today));
  const steps = random.sample(template.steps, random.int(1, Math.min(3, template.steps.length))).map((title) => {
    const owner = stepOwner(planned, timeline, random);
    const kind = random.weighted([
      ['done', room > 14 ? 40 : 5],
      ['overdue', room > 45 ? 18 : 0],
      ['upcoming', 35],
    ] as const);
    if (kind === 'done') {
      const doneOn = addDays(assessedOn, random.int(0, room));
      const dueOn = addDays(assessedOn, random.int(14, 120));
      return { title, owner, dueOn: dueOn < today ? dueOn : doneOn, status: 'done' as const, doneOn };
    }
    if (kind === 'overdue') {
      const earliest = Math.max(7, room - 75);
      const dueOn = addDays(assessedOn, random.int(earliest, Math.max(earliest, room - 31)));
      return { title, owner, dueOn, status: 'open' as const, doneOn: null };
    }
    return { title, owner, dueOn: addDays(today, random.int(-10, 56)), status: 'open' as const, doneOn: null };
  });
  // A goal is reached when its steps are; the plan still runs otherwise.
  const reached = steps.every((step) => step.status === 'done') && random.chance(0.5);
  const dueOn = addDays(assessedOn, random.int(60, 270));
  return {
    title: template.title,
    area: template.area,
    // A goal reached early is recorded as due by today, not at its original, later date.
    dueOn: reached && dueOn > today ? today : dueOn,
    status: reached ? 'achieved' : 'open',
    steps,
  };
}

function assignments(
  planned: PlannedParticipant,
  timeline: CaseTimeline,
  staff: SeedStaff,
  random: Random,
): GeneratedAssignment[] {
  const result: GeneratedAssignment[] = [];
  const add = (role: GeneratedAssignment['role'], count: number, from: string) => {
    if (count === 0) return;
    const first = random.int(0, count - 1);
    // Now and then the responsible person changed during the case (leave, new caseload split).
    const span = daysBetween(from, timeline.lastDay);
    if (count > 1 && span > 60 && random.chance(0.1)) {
      const handover = addDays(from, random.int(30, span));
      result.push({ role, staffIndex: first, startedOn: from, endedOn: handover });
      result.push({ role, staffIndex: (first + 1) % count, startedOn: handover, endedOn: null });
    } else {
      result.push({ role, staffIndex: first, startedOn: from, endedOn: null });
    }
  };
  add('participation_manager', staff.participationManagers, timeline.openedOn);
  if (timeline.coachingFrom) add('coach', staff.coaches, timeline.coachingFrom);
  return result;
}

function followUpOutcome(outcome: CaseOutcome, random: Random): CaseOutcome {
  if (PLACEMENTS.has(outcome)) {
    return random.weighted<CaseOutcome>([
      [outcome, 75],
      ['employment_insured', 10],
      ['dropout', 10],
      ['other', 5],
    ]);
  }
  if (outcome === 'departure' || outcome === 'moved_away') return outcome;
  return random.weighted<CaseOutcome>([
    [outcome, 45],
    ['training_dual', 12],
    ['entry_qualification', 8],
    ['employment_insured', 10],
    ['employment_marginal', 10],
    ['dropout', 15],
  ]);
}

const EXCEPTION_JUSTIFICATION: Record<17 | 28, string> = {
  17: 'Vollendet das 18. Lebensjahr in wenigen Wochen; Übergang aus der Internationalen Förderklasse ohne Unterbrechung.',
  28: 'Ausbildungsbeginn zum 1. August zugesagt; Begleitung bis zum Ausbildungsbeginn erforderlich.',
};

export function generateCase(input: {
  planned: PlannedParticipant;
  body: ParticipantBody;
  timeline: CaseTimeline;
  team: string;
  staff: SeedStaff;
  policy: EligibilityPolicy;
  random: Random;
}): GeneratedCase {
  const { planned, body, timeline, random } = input;
  const exceptionJustification = planned.exceptionAge === null ? null : EXCEPTION_JUSTIFICATION[planned.exceptionAge];
  const firstLanguage = body.languages.find((language) => language.level === 'native')?.language;
  const language = interpreter(planned.german, firstLanguage);
  const start = timeline.intakeOn ?? timeline.openedOn;
  const assessedOn = addDays(start, random.int(0, Math.min(21, daysBetween(start, timeline.lastDay))));
  const assessed = random.chance(0.9);
  const planned_ = assessed && random.chance(0.85);
  const span = daysBetween(start, timeline.lastDay);
  const open = timeline.exitedOn === null;
  const vocationalGoal = random.pick(OCCUPATIONS);
  return {
    programme: 'diaa',
    team: input.team,
    openedOn: timeline.openedOn,
    intakeOn: timeline.intakeOn,
    intakeNotes: timeline.intakeOn
      ? `Erstgespräch${language ? ` mit Dolmetscher*in (${language})` : ''}. Berufswunsch: ${vocationalGoal}.`
      : null,
    strands: planned.strands,
    exceptionJustification,
    ...caseEligibility(body, input.policy, planned.strands, timeline.openedOn, exceptionJustification),
    exitedOn: timeline.exitedOn,
    exitOutcome: open ? null : planned.outcome,
    exitNotes: open ? null : (EXIT_NOTES[planned.outcome] ?? null),
    followUpDueOn: timeline.followUpDueOn,
    followedUpOn: timeline.followedUpOn,
    followUpOutcome: timeline.followedUpOn ? followUpOutcome(planned.outcome, random) : null,
    followUpNotes: timeline.followedUpOn ? random.pick(FOLLOW_UP_NOTES) : null,
    restricted: planned.restricted,
    assignments: assignments(planned, timeline, input.staff, random),
    assessments: assessed
      ? [{ assessedOn, areas: assessmentAreas(planned, body, assessedOn, vocationalGoal, random), notes: null }]
      : [],
    goals: planned_ ? plan(planned, timeline, assessedOn, random) : [],
    contacts: contacts(planned, timeline, firstLanguage, random),
    referrals: referrals(planned, timeline, random),
    conferences:
      random.chance(0.06) && span > 30
        ? [
            {
              heldOn: addDays(start, random.int(14, span)),
              attendees: 'Teilhabemanagement, Coaching (FB1), Ausländerbehörde, Jobcenter',
              findings: random.pick(CONFERENCE_FINDINGS),
              agreements: random.pick(CONFERENCE_AGREEMENTS),
            },
          ]
        : [],
  };
}
