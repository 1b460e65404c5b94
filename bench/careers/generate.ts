// NRW-scale data for the measure-career benchmark, generated as COPY text: participants (with a German level and
// a case each), a catalogue per municipality and about ten enrolments per person over five years. Speed matters
// more than detail here (the demo generator, src/seed, makes the rich data); the shares that drive the detector
// follow the demo generator's parameters: durations of the kinds of offer, 25 % drop-out, integration course
// results, and a share of careers on purpose (the same course at the same level again, drop-outs in a row).
import { randomUUID } from 'node:crypto';
import { addDays, addMonths } from '../../src/cases/case.rules.ts';
import type { CefrLevel } from '../../src/participants/participant.codes.ts';
import { languageLadder, type OfferType } from '../../src/offers/offer.codes.ts';
import { offerStatusOn } from '../../src/seed/offer-catalogue.rules.ts';
import { ENROLMENT_PARAMETERS as P, OFFER_KINDS } from '../../src/seed/offer-seed.parameters.ts';
import { Random, type Weighted } from '../../src/seed/random.ts';
import { SEED_PROFILES } from '../../src/seed/seed.profiles.ts';

export interface BenchMunicipality {
  id: string;
  participants: number;
  providerIds: readonly string[];
}

/** COPY text per table: the column list and the rows (tab-separated, \N for null). */
export interface CopyData {
  columns: string;
  chunks: string[];
  rows: number;
}

const NULL = '\\N';
const cell = (value: string | number | boolean | null) =>
  value === null ? NULL : typeof value === 'boolean' ? (value ? 't' : 'f') : String(value);

class Table {
  readonly data: CopyData;
  #buffer: string[] = [];
  constructor(columns: readonly string[]) {
    this.data = { columns: columns.join(', '), chunks: [], rows: 0 };
  }
  add(values: readonly (string | number | boolean | null)[]): void {
    this.#buffer.push(values.map(cell).join('\t'));
    this.data.rows += 1;
    if (this.#buffer.length >= 10_000) this.flush();
  }
  flush(): void {
    if (this.#buffer.length > 0) this.data.chunks.push(`${this.#buffer.join('\n')}\n`);
    this.#buffer = [];
  }
}

/** German at entry: the demo profiles' shares (reference-data.md). */
const GERMAN: Weighted<CefrLevel> = SEED_PROFILES.nrw.germanAtEntry;

interface Person {
  level: CefrLevel;
  /** 0 none, 1 preparation, 2 EQ, 4 qualified (training finished). */
  stage: number;
  inTraining: boolean;
}

/** The next measure on a person's way up: German first, then preparation, EQ and training; FB2 alongside. */
function nextKind(person: Person, random: Random): OfferType {
  if (person.inTraining) return 'job_language_support';
  if (person.level === 'A0') return 'literacy_course';
  if (person.level === 'A1' || person.level === 'A2') {
    return random.chance(0.3) ? 'youth_integration_course' : 'integration_course';
  }
  if (person.level === 'B1' && random.chance(0.5)) return 'job_language_course';
  if (person.stage === 0) {
    return random.weighted([
      ['preparation_course', 5],
      ['vocational_preparation', 3],
      ['berufskolleg_class', 2],
      ['school_certificate_course', 2],
    ] as const);
  }
  if (person.stage === 1) return random.chance(0.5) ? 'entry_qualification' : 'job_qualification';
  // Qualified: language on the job, further up the ladder.
  if (person.stage >= 3) return person.level === 'B1' ? 'job_language_course' : 'job_language_support';
  return random.weighted([
    ['training_dual', 6],
    ['training_school', 2],
    ['helper_training', 2],
  ] as const);
}

interface Outcome {
  certificate: boolean;
  exam: 'passed' | 'failed' | null;
  level: CefrLevel | null;
  school: 'esa' | null;
  vocational: boolean;
  stepUp: boolean;
}
const NO_RESULT: Outcome = {
  certificate: false,
  exam: null,
  level: null,
  school: null,
  vocational: false,
  stepUp: false,
};

/** The result of a completed measure (success rates of the demo generator's parameters); updates the person. */
function resultOf(type: OfferType, person: Person, canSucceed: boolean, random: Random): Outcome {
  const up = (level: CefrLevel) =>
    languageLadder[Math.min(languageLadder.indexOf('C1'), languageLadder.indexOf(level) + 1)] ?? level;
  switch (type) {
    case 'literacy_course':
    case 'integration_course':
    case 'youth_integration_course':
    case 'job_language_course':
    case 'job_language_support': {
      // Higher than a single course's exam rate (48.7 % B1): a step on this path is the person's next level,
      // which most reach (assumed 60 % for job-accompanying support, 80 % for courses).
      const passed = canSucceed && random.chance(type === 'job_language_support' ? 0.6 : 0.8);
      if (!passed) return { ...NO_RESULT, exam: 'failed', level: person.level === 'A0' ? null : person.level };
      person.level =
        type === 'integration_course' || type === 'youth_integration_course'
          ? person.level === 'A1'
            ? 'A2'
            : 'B1'
          : up(person.level);
      return { certificate: true, exam: 'passed', level: person.level, school: null, vocational: false, stepUp: true };
    }
    case 'school_certificate_course':
    case 'berufskolleg_class': {
      person.stage = Math.max(person.stage, 1);
      const passed = canSucceed && random.chance(0.6);
      return passed
        ? { certificate: true, exam: 'passed', level: null, school: 'esa', vocational: false, stepUp: true }
        : { ...NO_RESULT, exam: 'failed' };
    }
    case 'preparation_course':
    case 'vocational_preparation':
      person.stage = Math.max(person.stage, 1);
      return { ...NO_RESULT, certificate: true, stepUp: canSucceed };
    case 'entry_qualification':
    case 'job_qualification':
      if (canSucceed) person.stage = Math.max(person.stage, 2);
      // The certificate states the German the work was done in (the person's level).
      return { ...NO_RESULT, certificate: canSucceed, level: canSucceed ? person.level : null, stepUp: canSucceed };
    case 'training_dual':
    case 'training_school':
    case 'helper_training': {
      person.inTraining = false;
      person.stage = 4;
      const passed = random.chance(0.85);
      return {
        ...NO_RESULT,
        certificate: passed,
        exam: passed ? 'passed' : 'failed',
        vocational: passed,
        stepUp: passed,
      };
    }
    default:
      return NO_RESULT;
  }
}

export interface GeneratedBench {
  tables: Record<'participant' | 'participant_language' | 'participant_case' | 'offer' | 'enrolment', CopyData>;
  /** Participants with at least one enrolment, per municipality (for the incremental runs). */
  enrolled: { municipalityId: string; participantId: string }[];
}

/**
 * Everything for the municipalities: `perPerson` enrolments on average over `years` years up to `today`.
 * Offers per municipality: every kind once a year (rolling kinds once), capacity unlimited (the seed keeps
 * capacity; the benchmark measures the detector).
 */
export function generateBench(
  municipalities: readonly BenchMunicipality[],
  options: { today: string; years: number; perPerson: number; seed: number },
): GeneratedBench {
  const random = new Random(options.seed);
  const from = addMonths(options.today, -12 * options.years);
  const participant = new Table(['municipality_id', 'id', 'number', 'family_name', 'given_names']);
  const language = new Table(['municipality_id', 'participant_id', 'language', 'level']);
  const cases = new Table([
    'municipality_id',
    'participant_id',
    'programme',
    'opened_on',
    'exited_on',
    'exit_outcome',
    'strands',
  ]);
  const offer = new Table([
    'municipality_id',
    'id',
    'provider_id',
    'title',
    'type',
    'strand',
    'place',
    'starts_on',
    'ends_on',
    'entry_level',
    'target_level',
    'status',
  ]);
  const enrolment = new Table([
    'municipality_id',
    'id',
    'participant_id',
    'offer_id',
    'referred_on',
    'starts_on',
    'ends_on',
    'status',
    'dropout_reason',
    'certificate',
    'exam_result',
    'cefr_level_reached',
    'school_qualification_reached',
    'vocational_qualification_reached',
  ]);
  const enrolled: GeneratedBench['enrolled'] = [];
  for (const m of municipalities) {
    // The catalogue: one offer per kind and year (cohort kinds), one for the whole time (rolling kinds).
    const offers = new Map<OfferType, { id: string; startsOn: string }[]>();
    for (const kind of OFFER_KINDS) {
      const list: { id: string; startsOn: string }[] = [];
      const years = kind.intake === 'rolling' ? 1 : options.years + 1;
      for (let year = 0; year < years; year += 1) {
        const id = randomUUID();
        const startsOn = addMonths(from, 12 * year);
        const endsOn = kind.intake === 'rolling' ? null : addMonths(startsOn, 12);
        list.push({ id, startsOn });
        offer.add([
          m.id,
          id,
          random.pick(m.providerIds),
          `${kind.type} ${startsOn.slice(0, 4)}`,
          kind.type,
          kind.strand,
          'Benchmark',
          startsOn,
          endsOn,
          kind.entryLevel,
          kind.targetLevel,
          offerStatusOn(startsOn, endsOn, options.today),
        ]);
      }
      offers.set(kind.type, list);
    }
    const offerFor = (type: OfferType, on: string) => {
      const list = offers.get(type) ?? [];
      // The course of the year the measure starts in (the rolling kinds have one offer).
      let chosen = list[0];
      for (const candidate of list) if (candidate.startsOn <= on) chosen = candidate;
      return chosen?.id ?? '';
    };
    for (let n = 0; n < m.participants; n += 1) {
      const id = randomUUID();
      participant.add([m.id, id, `TN-${String(n + 1).padStart(6, '0')}`, 'Benchmark', `Person ${n + 1}`]);
      const person = { level: random.weighted(GERMAN), stage: 0, inTraining: false };
      language.add([m.id, id, 'de', person.level]);
      const count = Math.max(1, Math.round(options.perPerson * (0.6 + 0.8 * random.float())));
      const career = random.chance(P.careers);
      let day = addDays(from, random.int(0, 120));
      const opened = day;
      let last: string | null = null;
      // Coaching alongside (FB1, not a measure) for about 60 %.
      if (random.chance(0.6)) {
        const endsOn = addMonths(day, random.int(6, 18));
        const finished = endsOn < options.today;
        enrolment.add([
          m.id,
          randomUUID(),
          id,
          offerFor('coaching', day),
          addDays(day, -random.int(7, 35)),
          day,
          endsOn,
          finished ? 'completed' : 'active',
          null,
          false,
          null,
          null,
          null,
          false,
        ]);
      }
      let failures = 0;
      for (let k = 1; k < count && day <= options.today; k += 1) {
        const type = nextKind(person, random);
        const training = type === 'training_dual' || type === 'training_school' || type === 'helper_training';
        const months = training ? random.int(24, 36) : random.int(2, 7);
        const startsOn = day;
        const plannedEnd = addMonths(startsOn, months);
        // Careers: two failures in a row before anything works (the same course again, or drop-outs).
        const forcedFailure = career && failures < 2;
        const dropped = random.chance(forcedFailure ? 0.5 : P.dropout);
        const endsOn = dropped ? addDays(startsOn, random.int(14, Math.max(15, months * 25))) : plannedEnd;
        const finished = endsOn < options.today;
        const status = finished ? (dropped ? 'dropped_out' : 'completed') : 'active';
        const outcome = status === 'completed' ? resultOf(type, person, !forcedFailure, random) : NO_RESULT;
        failures = status === 'completed' && outcome.stepUp ? 0 : failures + 1;
        enrolment.add([
          m.id,
          randomUUID(),
          id,
          offerFor(type, startsOn),
          addDays(startsOn, -random.int(7, 35)),
          startsOn,
          finished ? endsOn : plannedEnd,
          status,
          dropped && finished ? random.pick(['motivation', 'overload', 'unknown', 'family', 'work'] as const) : null,
          outcome.certificate,
          outcome.exam,
          outcome.level,
          outcome.school,
          outcome.vocational,
        ]);
        last = finished ? endsOn : null;
        if (training && !finished) person.inTraining = true;
        // Training is accompanied by further measures (FB2), one after another; otherwise the next measure
        // starts after a short gap.
        day = training
          ? addDays(startsOn, random.int(60, 200))
          : addDays(finished ? endsOn : plannedEnd, random.int(7, 60));
        if (!finished && !person.inTraining) break;
      }
      // A case per person: still open for those in a measure or recently out of one.
      const open = last === null || last > addMonths(options.today, -6);
      cases.add([m.id, id, 'diaa', opened, open ? null : (last ?? opened), open ? null : 'other', '{FB1}']);
      enrolled.push({ municipalityId: m.id, participantId: id });
    }
  }
  for (const table of [participant, language, cases, offer, enrolment]) table.flush();
  return {
    tables: {
      participant: participant.data,
      participant_language: language.data,
      participant_case: cases.data,
      offer: offer.data,
      enrolment: enrolment.data,
    },
    enrolled,
  };
}
