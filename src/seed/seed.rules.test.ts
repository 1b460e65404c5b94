import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placementOutcomes } from '../cases/case.codes.ts';
import { addDays, addMonths } from '../cases/case.rules.ts';
import {
  assessmentAreasSchema,
  createContactSchema,
  createGoalSchema,
  createReferralSchema,
  createStepSchema,
} from '../cases/case-work.schema.ts';
import { createCaseSchema } from '../cases/case.schema.ts';
import { completedYears, parseIsoDate, statusOn } from '../participants/eligibility.rules.ts';
import { duplicateMatch } from '../participants/participant-names.rules.ts';
import { createParticipantSchema } from '../participants/participant.schema.ts';
import { DIAA_DEFAULT_POLICY } from '../participants/programme-policy.ts';
import { ORIGINS } from './origins.ts';
import { apportion } from './random.ts';
import { daysBetween, strandCombinations } from './seed-plan.rules.ts';
import type { GeneratedParticipant, SeedStaff } from './seed.model.ts';
import { SEED_PROFILES, type SeedProfileName } from './seed.profiles.ts';
import { generateSite, seedSites } from './seed.rules.ts';
import { HISTORICAL_UNTIL, monthInKoeln, profileUntil, untilProblem } from './seed-window.rules.ts';

const STAFF: SeedStaff = { participationManagers: 2, coaches: 3 };
const cache = new Map<string, GeneratedParticipant[]>();

function generate(
  profile: SeedProfileName,
  scale: number,
  seed: number,
  until: string = HISTORICAL_UNTIL,
): GeneratedParticipant[] {
  const key = `${profile}:${scale}:${seed}:${until}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const windowed = profileUntil(SEED_PROFILES[profile], until);
  const all = seedSites(profile, scale).flatMap((site) => [
    ...generateSite(windowed, site, { seed, staff: STAFF, policy: DIAA_DEFAULT_POLICY }),
  ]);
  cache.set(key, all);
  return all;
}

/** The exit of a case of the historical window, where every case is closed. */
function exitOf(p: GeneratedParticipant): string {
  if (p.case.exitedOn === null) throw new Error(`case ${p.seq} is open`);
  return p.case.exitedOn;
}

function placed(p: GeneratedParticipant): boolean {
  return p.case.exitOutcome !== null && placementOutcomes.includes(p.case.exitOutcome);
}

/** Percentage of the records for which the predicate holds. */
function share(records: readonly GeneratedParticipant[], predicate: (p: GeneratedParticipant) => boolean): number {
  return (100 * records.filter(predicate).length) / records.length;
}

function entryStatus(p: GeneratedParticipant): string {
  const opened = parseIsoDate(p.case.openedOn);
  const status = opened ? statusOn(p.statuses, opened)?.status : undefined;
  switch (status) {
    case 'asylum_permit':
      return 'gestattung';
    case 'toleration_60a':
    case 'toleration_60b':
    case 'toleration_60c':
    case 'toleration_60d':
      return status.replace('toleration_', '');
    default:
      return 'other';
  }
}

function schoolAtEntry(p: GeneratedParticipant): string {
  const school = p.schooling[0];
  if (!school) return 'missing';
  if (school.qualification === 'none') return 'none';
  if (school.qualification === 'foreign_other') return 'unrecognised';
  if (school.qualification === 'esa' && school.country !== 'DE') return 'foreign_esa';
  if (school.qualification === 'esa') return 'german_esa';
  if (school.qualification === 'eesa') return 'german_eesa';
  if (school.qualification === 'msa') return 'msa';
  return 'fhr_ahr';
}

const sizes: [SeedProfileName, number, number, string][] = [
  ['koeln', 1, 1, HISTORICAL_UNTIL],
  ['koeln', 1, 2, HISTORICAL_UNTIL],
  ['koeln', 3, 7, HISTORICAL_UNTIL],
  ['nrw', 0.3, 1, HISTORICAL_UNTIL],
  ['koeln', 1, 1, '2026-11'],
  ['koeln', 3, 7, '2031-02'],
  ['nrw', 0.3, 1, '2026-11'],
];

describe('determinism', () => {
  it('generates identical records for the same profile, seed and scale', () => {
    const site = seedSites('koeln', 0.5)[0];
    if (!site) throw new Error('no site');
    const run = () => [
      ...generateSite(SEED_PROFILES.koeln, site, { seed: 42, staff: STAFF, policy: DIAA_DEFAULT_POLICY }),
    ];
    expect(JSON.stringify(run())).toBe(JSON.stringify(run()));
  });

  it('generates different records for another seed', () => {
    const a = generate('koeln', 1, 1);
    const b = generate('koeln', 1, 2);
    expect(a).toHaveLength(b.length);
    const same = a.filter((p, i) => p.familyName === b[i]?.familyName && p.birthDate === b[i]?.birthDate).length;
    expect(same).toBeLessThan(a.length / 10);
  });
});

describe.each(sizes)('distributions of %s × %s (seed %s, until %s)', (profileName, scale, seed, until) => {
  const profile = SEED_PROFILES[profileName];
  const records = generate(profileName, scale, seed, until);
  const within = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(5);

  it('has the profile’s number of participants', () => {
    expect(records).toHaveLength(Math.round(profile.participants * scale));
  });

  it('matches the status at entry (Duldung, Gestattung, other)', () => {
    const duldung = profile.statusAtEntry
      .filter(([status]) => status.startsWith('60'))
      .reduce((sum, [, weight]) => sum + weight, 0);
    within(
      share(records, (p) => entryStatus(p).startsWith('60')),
      duldung,
    );
    within(
      share(records, (p) => entryStatus(p) === 'gestattung'),
      profile.statusAtEntry.find(([s]) => s === 'gestattung')?.[1] ?? 0,
    );
    for (const paragraph of ['60b', '60c', '60d'] as const) {
      within(
        share(records, (p) => entryStatus(p) === paragraph),
        profile.statusAtEntry.find(([s]) => s === paragraph)?.[1] ?? 0,
      );
    }
    within(
      share(records, (p) => entryStatus(p) === 'other'),
      5,
    );
  });

  it('matches gender, age at entry, German level and school at entry', () => {
    within(
      share(records, (p) => p.gender === 'male'),
      83,
    );
    within(
      share(records, (p) => p.gender === 'female'),
      16.5,
    );
    const ages = records.filter((p) => p.birthDatePrecision === 'day' && p.case.exceptionJustification === null);
    const age = (p: GeneratedParticipant) => {
      const birth = parseIsoDate(p.birthDate);
      const opened = parseIsoDate(p.case.openedOn);
      return birth && opened ? completedYears(birth, opened) : -1;
    };
    within(
      share(ages, (p) => age(p) >= 18 && age(p) <= 20),
      30,
    );
    within(
      share(ages, (p) => age(p) >= 21 && age(p) <= 23),
      35,
    );
    within(
      share(ages, (p) => age(p) >= 24 && age(p) <= 26),
      28,
    );
    within(
      share(ages, (p) => age(p) === 27),
      7,
    );
    const german = (p: GeneratedParticipant) => p.languages.find((l) => l.language === 'de')?.level;
    within(
      share(records, (p) => ['A0', 'A1'].includes(german(p) ?? '')),
      25,
    );
    within(
      share(records, (p) => german(p) === 'A2'),
      35,
    );
    within(
      share(records, (p) => german(p) === 'B1'),
      30,
    );
    within(
      share(records, (p) => ['none', 'unrecognised'].includes(schoolAtEntry(p))),
      55,
    );
    within(
      share(records, (p) => schoolAtEntry(p) === 'foreign_esa'),
      20,
    );
    within(
      share(records, (p) => ['german_esa', 'german_eesa'].includes(schoolAtEntry(p))),
      15,
    );
    within(
      share(records, (p) => schoolAtEntry(p) === 'msa'),
      7,
    );
  });

  it('matches the strand uptake', () => {
    for (const [strand, expected] of [
      ['FB1', 60],
      ['FB2', 15],
      ['FB3', 6],
      ['FB4', 35],
    ] as const) {
      within(
        share(records, (p) => p.case.strands.includes(strand)),
        expected,
      );
    }
    within(
      share(records, (p) => p.case.strands.length === 1 && p.case.strands[0] === 'FB6'),
      10,
    );
    expect(records.every((p) => p.case.strands.length > 0)).toBe(true);
  });

  it.runIf(until === HISTORICAL_UNTIL)('places 23 % into training or work and matches the other outcomes', () => {
    const placedShare = share(records, placed);
    expect(Math.abs(placedShare - 23)).toBeLessThanOrEqual(0.5);
    within(
      share(records, (p) => p.case.exitOutcome === 'dropout'),
      25,
    );
    for (const [outcome, weight] of profile.outcomes) {
      within(
        share(records, (p) => p.case.exitOutcome === outcome),
        weight,
      );
    }
  });

  it.runIf(until !== HISTORICAL_UNTIL)(
    'keeps the cases running at the end open and matches the outcomes among the closed ones',
    () => {
      const closed = records.filter((p) => p.case.exitedOn !== null);
      // About a quarter of the people of 34 months are still in the programme at its end.
      const open = 100 - (100 * closed.length) / records.length;
      expect(open).toBeGreaterThan(18);
      expect(open).toBeLessThan(35);
      // "Handed over to KIM" stands for "still running": the other outcomes keep their relative weights.
      const kim = profile.outcomes.find(([outcome]) => outcome === 'handover_kim')?.[1] ?? 0;
      expect(closed.some((p) => p.case.exitOutcome === 'handover_kim')).toBe(false);
      expect(Math.abs(share(closed, placed) - (23 * 100) / (100 - kim))).toBeLessThanOrEqual(3);
      for (const [outcome, weight] of profile.outcomes.filter(([o]) => o !== 'handover_kim')) {
        within(
          share(closed, (p) => p.case.exitOutcome === outcome),
          (weight * 100) / (100 - kim),
        );
      }
    },
  );

  it('gives outcomes only to people they fit', () => {
    const mismatched = records.filter(
      (p) =>
        (p.case.exitOutcome === 'school_certificate' && !p.case.strands.includes('FB3')) ||
        (p.case.exitOutcome === 'language_certificate' &&
          !p.case.strands.includes('FB4') &&
          !p.case.strands.includes('FB2')),
    );
    // The outcome swap may leave a few when no partner fits.
    expect(mismatched.length).toBeLessThanOrEqual(Math.ceil(records.length * 0.01));
  });
});

describe('Köln at scale 1', () => {
  const records = generate('koeln', 1, 1);
  const profile = SEED_PROFILES.koeln;

  it('reproduces Köln’s final balance: 117 of 508 placed into training or work', () => {
    expect(records).toHaveLength(508);
    expect(records.filter((p) => placed(p))).toHaveLength(117);
  });

  it('opens cases from Sep 2020 to Jun 2023 on working days, twice as many a month in the first 6 months', () => {
    const opened = records.map((p) => p.case.openedOn);
    expect(opened.every((d) => d >= '2020-09-01' && d <= '2023-06-30')).toBe(true);
    expect(opened.every((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))).toBe(true);
    const early = opened.filter((d) => d < '2021-03-01').length / 6;
    const later = opened.filter((d) => d >= '2021-03-01').length / 28;
    expect(early / later).toBeGreaterThan(1.8);
    expect(early / later).toBeLessThan(2.2);
    // Numbers are issued in order of entry.
    expect([...opened].sort()).toEqual(opened);
  });

  it('ends every case within the period, after its opening; cases running on 30 Jun 2023 went over to KIM', () => {
    for (const p of records) {
      const c = p.case;
      expect(exitOf(p) >= c.openedOn && exitOf(p) <= profile.periodEnd).toBe(true);
      if (c.intakeOn) expect(c.intakeOn >= c.openedOn && c.intakeOn <= exitOf(p)).toBe(true);
      if (c.exitOutcome === 'handover_kim') expect(c.exitedOn).toBe(profile.periodEnd);
    }
  });

  it('keeps the case durations of the parameters (coaching 6–18 months, FB2 alone 3–6)', () => {
    const months = (p: GeneratedParticipant) => daysBetween(p.case.openedOn, exitOf(p)) / 30.44;
    const natural = records.filter((p) => placed(p) && exitOf(p) < profile.periodEnd);
    const coaching = natural.filter((p) => p.case.strands.includes('FB1'));
    expect(coaching.length).toBeGreaterThan(30);
    for (const p of coaching) {
      expect(exitOf(p) >= addMonths(p.case.openedOn, 6)).toBe(true);
      expect(exitOf(p) <= addMonths(p.case.openedOn, 19)).toBe(true);
    }
    const sorted = coaching.map(months).sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    expect(median).toBeGreaterThanOrEqual(8);
    expect(median).toBeLessThanOrEqual(12);
    for (const p of natural.filter((q) => q.case.strands.join() === 'FB2')) {
      expect(exitOf(p) >= addMonths(p.case.openedOn, 3)).toBe(true);
      expect(exitOf(p) <= addMonths(p.case.openedOn, 7)).toBe(true);
    }
  });

  it('has a follow-up 6 months after every exit: most done, some overdue', () => {
    for (const p of records) {
      const c = p.case;
      expect(c.followUpDueOn).toBe(addMonths(exitOf(p), 6));
      if (c.followedUpOn) {
        expect(c.followedUpOn >= addDays(c.followUpDueOn ?? '', -14)).toBe(true);
        expect(c.followedUpOn >= exitOf(p) && c.followedUpOn <= profile.recordedUntil).toBe(true);
        expect(c.followUpOutcome).not.toBeNull();
      } else {
        expect(c.followUpOutcome).toBeNull();
      }
    }
    const done = share(records, (p) => p.case.followedUpOn !== null);
    expect(done).toBeGreaterThan(80);
    expect(done).toBeLessThan(95);
  });

  it('keeps residence status histories ordered, without overlaps, with a status on the opening day', () => {
    for (const p of records) {
      const statuses = p.statuses;
      expect(statuses.length).toBeGreaterThan(0);
      statuses.forEach((s, i) => {
        if (s.validTo !== null) expect(s.validTo >= s.validFrom).toBe(true);
        const next = statuses[i + 1];
        if (next) expect(s.validTo).toBe(addDays(next.validFrom, -1));
        else expect(s.validTo).toBeNull();
      });
      const opened = parseIsoDate(p.case.openedOn);
      expect(opened && statusOn(statuses, opened)).toBeTruthy();
    }
    // Some histories change after entry: rejections, training tolerations, § 25a, § 104c.
    expect(share(records, (p) => p.statuses.some((s) => s.validFrom > p.case.openedOn))).toBeGreaterThan(20);
    expect(records.some((p) => p.statuses.some((s) => s.status === 'chances_104c'))).toBe(true);
    expect(records.some((p) => p.statuses.some((s) => s.status === 'residence_25a'))).toBe(true);
  });

  it('draws the origins of the tolerated from Köln’s published shares', () => {
    const tolerated = records.filter((p) => entryStatus(p).startsWith('60'));
    const of = (country: string) => share(tolerated, (p) => p.countriesOfOrigin[0] === country);
    expect(Math.abs(of('IQ') - 14)).toBeLessThanOrEqual(5);
    expect(Math.abs(of('AF') - 10)).toBeLessThanOrEqual(5);
    expect(Math.abs(of('GN') - 9)).toBeLessThanOrEqual(5);
    expect(Math.abs(of('AL') - 8)).toBeLessThanOrEqual(5);
  });

  it('writes names in the original script for Arabic, Persian, Cyrillic and Ge’ez origins', () => {
    const scripts: [RegExp, string[]][] = [
      [/\p{Script=Arabic}/u, ['IQ', 'SY', 'LB', 'DZ', 'MA', 'AF', 'IR']],
      [/\p{Script=Cyrillic}/u, ['RS', 'MK', 'RU', 'UA']],
      [/\p{Script=Ethiopic}/u, ['ER', 'ET']],
    ];
    for (const [script, countries] of scripts) {
      const people = records.filter((p) => countries.includes(p.countriesOfOrigin[0] ?? ''));
      expect(people.length).toBeGreaterThan(0);
      const written = people.filter((p) => p.familyNameOriginal && script.test(p.familyNameOriginal));
      expect(written.length / people.length).toBeGreaterThan(0.6);
    }
  });

  it('records a handful of people twice under a transliteration variant, which the duplicate check finds', () => {
    const duplicates = records.filter((p) => p.duplicateOf !== null);
    expect(duplicates.length).toBeGreaterThanOrEqual(3);
    expect(duplicates.length).toBeLessThanOrEqual(10);
    for (const duplicate of duplicates) {
      const original = records[duplicate.duplicateOf ?? -1];
      if (!original) throw new Error('missing original');
      expect(`${duplicate.familyName}|${duplicate.givenNames}`).not.toBe(
        `${original.familyName}|${original.givenNames}`,
      );
      expect(duplicateMatch(duplicate, original), `${duplicate.familyName} ${duplicate.givenNames}`).not.toBeNull();
    }
  });

  it('decides eligibility at opening: mostly eligible, exceptions documented, every reason tagged with its strand', () => {
    for (const p of records) {
      expect(p.case.eligibilityReasons.length).toBeGreaterThan(0);
      for (const reason of p.case.eligibilityReasons)
        expect(p.case.strands).toContain((reason as { strand: string }).strand);
      if (p.case.eligibilityDecision === 'eligible_by_exception') expect(p.case.exceptionJustification).not.toBeNull();
    }
    expect(share(records, (p) => p.case.eligibilityDecision !== 'not_eligible')).toBeGreaterThan(88);
  });

  it('logs coaching sessions weekly to monthly for FB1 cases only, within the case', () => {
    for (const p of records) {
      const c = p.case;
      const sessions = c.contacts.filter((contact) => contact.coaching);
      if (!c.strands.includes('FB1')) expect(sessions).toHaveLength(0);
      for (const contact of c.contacts) {
        if (contact.topic !== 'Erstgespräch') expect(contact.occurredAt.slice(0, 10) <= exitOf(p)).toBe(true);
        expect(contact.occurredAt.slice(0, 10) >= c.openedOn).toBe(true);
      }
      const days = sessions.map((s) => s.occurredAt.slice(0, 10));
      for (let i = 1; i < days.length; i += 1) {
        const gap = daysBetween(days[i - 1] ?? '', days[i] ?? '');
        expect(gap).toBeGreaterThanOrEqual(3);
        expect(gap).toBeLessThanOrEqual(35);
      }
    }
    const coached = records.filter((p) => p.case.strands.includes('FB1') && exitOf(p) > addMonths(p.case.openedOn, 3));
    expect(coached.every((p) => p.case.contacts.filter((c) => c.coaching).length >= 3)).toBe(true);
  });

  it('gives most cases an assessment and a plan, and referrals with outcomes', () => {
    expect(share(records, (p) => p.case.assessments.length > 0)).toBeGreaterThan(80);
    expect(share(records, (p) => p.case.goals.length > 0)).toBeGreaterThan(65);
    expect(share(records, (p) => p.case.referrals.length > 0)).toBeGreaterThan(75);
    for (const p of records) {
      for (const r of p.case.referrals) {
        expect(r.referredOn >= p.case.openedOn && r.referredOn <= exitOf(p)).toBe(true);
        if (r.outcome === 'pending') expect(r.outcomeOn).toBeNull();
        else expect(r.outcomeOn !== null && r.outcomeOn >= r.referredOn).toBe(true);
      }
    }
  });

  it('assigns the demo staff and marks a few records restricted', () => {
    const restricted = records.filter((p) => p.restricted);
    expect(restricted.length).toBeGreaterThanOrEqual(3);
    expect(restricted.every((p) => p.case.restricted)).toBe(true);
    for (const p of records) {
      const managers = p.case.assignments.filter((a) => a.role === 'participation_manager');
      expect(managers.filter((a) => a.endedOn === null)).toHaveLength(1);
      expect(managers.every((a) => a.staffIndex < STAFF.participationManagers)).toBe(true);
      const coaches = p.case.assignments.filter((a) => a.role === 'coach');
      if (p.case.strands.includes('FB1') && p.case.contacts.some((c) => c.coaching))
        expect(coaches.length).toBeGreaterThan(0);
      if (!p.case.strands.includes('FB1')) expect(coaches).toHaveLength(0);
    }
  });

  it('produces records the API’s own schemas accept', () => {
    for (const p of records) {
      const participant = createParticipantSchema.safeParse({
        familyName: p.familyName,
        givenNames: p.givenNames,
        familyNameOriginal: p.familyNameOriginal,
        givenNamesOriginal: p.givenNamesOriginal,
        birthDate: p.birthDate,
        birthDatePrecision: p.birthDatePrecision,
        gender: p.gender,
        countriesOfOrigin: p.countriesOfOrigin,
        nationalities: p.nationalities,
        phone: p.phone,
        email: p.email,
        street: p.street,
        postcode: p.postcode,
        city: p.city,
        cityDistrict: p.cityDistrict,
        accommodation: p.accommodation,
        workPermission: p.workPermission,
        benefits: p.benefits,
        excludedOffender: p.excludedOffender,
        vocationalExperience: p.vocationalExperience,
        restricted: p.restricted,
        residenceStatuses: p.statuses,
        languages: p.languages,
        schooling: p.schooling,
        consents: p.consents.map(({ revokedOn: _revoked, ...consent }) => consent),
      });
      expect(participant.error?.issues ?? [], `${p.seq}`).toEqual([]);
      const c = p.case;
      const created = createCaseSchema.safeParse({
        programme: c.programme,
        teamId: '00000000-0000-4000-8000-000000000000',
        openedOn: c.openedOn,
        intakeOn: c.intakeOn,
        intakeNotes: c.intakeNotes,
        strands: c.strands,
        exceptionJustification: c.exceptionJustification,
        restricted: c.restricted,
      });
      expect(created.error?.issues ?? []).toEqual([]);
      for (const a of c.assessments) expect(assessmentAreasSchema.safeParse(a.areas).error?.issues ?? []).toEqual([]);
      for (const goal of c.goals) {
        expect(createGoalSchema.safeParse({ title: goal.title, area: goal.area, dueOn: goal.dueOn }).success).toBe(
          true,
        );
        for (const step of goal.steps) {
          expect(createStepSchema.safeParse({ title: step.title, dueOn: step.dueOn }).success).toBe(true);
        }
      }
      for (const contact of c.contacts) {
        const { occurredAt, ...rest } = contact;
        const parsed = createContactSchema.safeParse({
          ...rest,
          occurredAt: `${occurredAt.replace(' ', 'T')}:00+01:00`,
        });
        expect(parsed.error?.issues ?? []).toEqual([]);
      }
      for (const r of c.referrals) {
        expect(
          createReferralSchema.safeParse({ service: r.service, referredOn: r.referredOn, description: r.description })
            .success,
        ).toBe(true);
      }
    }
  });
});

describe('Köln with the window ending this month (the demo)', () => {
  const until = monthInKoeln(new Date());
  const profile = profileUntil(SEED_PROFILES.koeln, until);
  const today = profile.periodEnd;
  const monthStart = `${until}-01`;
  const records = generate('koeln', 1, 1, until);
  const open = records.filter((p) => p.case.exitedOn === null);
  const openSteps = open.flatMap((p) => p.case.goals.flatMap((goal) => goal.steps)).filter((s) => s.status === 'open');

  it('spans the 34 months up to this month and stays the same for the same seed and month', () => {
    expect(profile.periodStart).toBe(addMonths(monthStart, -33));
    expect(today.slice(0, 7)).toBe(until);
    const opened = records.map((p) => p.case.openedOn);
    expect(opened.every((d) => d >= profile.periodStart && d <= today)).toBe(true);
    expect(opened.filter((d) => d >= monthStart).length).toBeGreaterThan(5);
    const site = seedSites('koeln', 0.2)[0];
    if (!site) throw new Error('no site');
    const run = (month: string) =>
      JSON.stringify([
        ...generateSite(profileUntil(SEED_PROFILES.koeln, month), site, {
          seed: 1,
          staff: STAFF,
          policy: DIAA_DEFAULT_POLICY,
        }),
      ]);
    expect(run(until)).toBe(run(until));
    expect(run(until)).not.toBe(run(addMonths(monthStart, 1).slice(0, 7)));
  });

  it('keeps the cases running today open, assigned to the participation manager and, when coached, a coach', () => {
    expect(open.length).toBeGreaterThan(records.length * 0.18);
    for (const p of open) {
      expect(p.case.exitOutcome).toBeNull();
      expect(p.case.exitNotes).toBeNull();
      expect(p.case.followUpDueOn).toBeNull();
      expect(p.case.followedUpOn).toBeNull();
      expect(p.case.assignments.filter((a) => a.role === 'participation_manager' && a.endedOn === null)).toHaveLength(
        1,
      );
    }
    const coached = open.filter((p) => p.case.assignments.some((a) => a.role === 'coach' && a.endedOn === null));
    expect(coached.length).toBeGreaterThan(open.length * 0.4);
    expect(coached.every((p) => p.case.strands.includes('FB1'))).toBe(true);
    // Cases closed before today are the ones that ended; they keep their outcome and follow-up.
    for (const p of records.filter((q) => q.case.exitedOn !== null)) {
      expect(p.case.exitOutcome).not.toBeNull();
      expect(p.case.followUpDueOn).toBe(addMonths(exitOf(p), 6));
    }
  });

  it('gives the open cases a plan with steps done, overdue and due in the coming weeks, for both roles', () => {
    expect(share(open, (p) => p.case.goals.length > 0)).toBeGreaterThan(65);
    expect(openSteps.filter((s) => s.dueOn !== null && s.dueOn > today).length).toBeGreaterThan(40);
    // Overdue on every day of this month: due before it began.
    expect(openSteps.filter((s) => s.dueOn !== null && s.dueOn < monthStart).length).toBeGreaterThan(20);
    expect(new Set(openSteps.map((s) => s.owner))).toEqual(new Set(['participation_manager', 'coach']));
    for (const p of open) {
      for (const step of p.case.goals.flatMap((goal) => goal.steps)) {
        if (step.status === 'done') expect(step.doneOn !== null && step.doneOn <= today).toBe(true);
        else expect(step.status).toBe('open');
      }
    }
  });

  it('has recent contacts in the open cases and some follow-ups due or overdue', () => {
    const recent = (p: GeneratedParticipant) =>
      p.case.contacts.some((c) => c.occurredAt.slice(0, 10) >= addDays(today, -35));
    expect(share(open, recent)).toBeGreaterThan(80);
    const pending = records.filter((p) => p.case.followUpDueOn !== null && p.case.followedUpOn === null);
    expect(pending.some((p) => (p.case.followUpDueOn ?? '') < monthStart)).toBe(true);
    expect(pending.some((p) => (p.case.followUpDueOn ?? '') > today)).toBe(true);
    for (const p of records) if (p.case.followedUpOn) expect(p.case.followedUpOn <= today).toBe(true);
  });

  it('changes some residence statuses of open cases in the last months, keeping the histories ordered', () => {
    const changed = open.filter((p) =>
      p.statuses.some((s) => s.validFrom > p.case.openedOn && s.validFrom >= addMonths(monthStart, -3)),
    );
    expect(changed.length).toBeGreaterThanOrEqual(3);
    for (const p of records) {
      p.statuses.forEach((s, i) => {
        const next = p.statuses[i + 1];
        if (next) expect(s.validTo).toBe(addDays(next.validFrom, -1));
        else expect(s.validTo).toBeNull();
      });
    }
  });

  it('records nothing after today but due dates of open plan items, follow-up dates and document expiries', () => {
    const late: string[] = [];
    const visit = (value: unknown, path: string, exempt: (key: string) => boolean) => {
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) && value.slice(0, 10) > today) late.push(path);
      else if (Array.isArray(value)) value.forEach((item, i) => visit(item, `${path}[${i}]`, exempt));
      else if (value && typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) if (!exempt(key)) visit(item, `${path}.${key}`, exempt);
      }
    };
    for (const p of records) {
      const { statuses, case: c, ...rest } = p;
      visit(rest, `${p.seq}`, () => false);
      visit(statuses, `${p.seq}.statuses`, (key) => key === 'documentExpiry');
      const { goals, ...caseRest } = c;
      visit(caseRest, `${p.seq}.case`, (key) => key === 'followUpDueOn');
      for (const goal of goals) {
        const open = goal.status === 'open';
        visit(goal, `${p.seq}.goal`, (key) => key === 'dueOn' && open);
        for (const step of goal.steps) visit(step, `${p.seq}.step`, (key) => key === 'dueOn' && step.status === 'open');
      }
    }
    expect(late).toEqual([]);
  });
});

describe('the window', () => {
  it('keeps the historical window as it is and shifts the others to end in their month', () => {
    expect(profileUntil(SEED_PROFILES.koeln, HISTORICAL_UNTIL)).toBe(SEED_PROFILES.koeln);
    const later = profileUntil(SEED_PROFILES.koeln, '2028-02');
    expect([later.periodStart, later.periodEnd, later.openAt]).toEqual(['2025-05-01', '2028-02-29', '2028-02-29']);
    expect(untilProblem('2026-11')).toBeNull();
    for (const bad of ['2023-05', '2026-13', '2026-1', '26-11', '2026-11-01', ''])
      expect(untilProblem(bad)).not.toBeNull();
  });
});

describe('NRW', () => {
  it('fills the 53 grant recipients: 22 district-free cities and 31 districts with their official keys', () => {
    const sites = seedSites('nrw', 1);
    expect(sites).toHaveLength(53);
    expect(sites.filter((s) => s.municipalityKind === 'district_free_city')).toHaveLength(22);
    expect(sites.filter((s) => s.municipalityKind === 'district')).toHaveLength(31);
    expect(new Set(sites.map((s) => s.officialKey)).size).toBe(53);
    expect(sites.every((s) => /^05[1-9][0-9]{2}000$/.test(s.officialKey))).toBe(true);
    expect(sites.reduce((sum, s) => sum + s.participants, 0)).toBe(5500);
    expect(sites.every((s) => s.providers >= 1 && s.providers <= 6 && s.participants > 0)).toBe(true);
    const koeln = sites.find((s) => s.name === 'Stadt Köln');
    expect(koeln?.participants).toBeGreaterThan(450);
    expect(koeln?.geography).toBe('koeln');
  });

  it('draws about a quarter of the Ruhr sites’ participants from the Western Balkans, and Duldung 65 %', () => {
    const records = generate('nrw', 1, 3);
    const ruhr = seedSites('nrw', 1)
      .filter((s) => s.ruhr)
      .map((s) => s.name);
    expect(ruhr.length).toBeGreaterThan(10);
    const inRuhr = records.filter((p) => p.city !== null && ruhr.some((name) => name.endsWith(p.city ?? '')));
    expect(inRuhr.length).toBeGreaterThan(300);
    const balkans = share(inRuhr, (p) => ORIGINS[p.countriesOfOrigin[0] ?? '']?.westernBalkans === true);
    expect(Math.abs(balkans - 25)).toBeLessThanOrEqual(5);
    expect(Math.abs(share(records, (p) => entryStatus(p).startsWith('60')) - 65)).toBeLessThanOrEqual(5);
  });
});

describe('building blocks', () => {
  it('apportions a total exactly, each count within one of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.double({ min: 0.001, max: 100, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          const counts = apportion(total, weights);
          const sum = weights.reduce((a, b) => a + b, 0);
          expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
          counts.forEach((count, i) => expect(Math.abs(count - (total * (weights[i] ?? 0)) / sum)).toBeLessThan(1));
        },
      ),
    );
  });

  it('combines strands so that each strand’s share among the combinations is its target', () => {
    fc.assert(
      fc.property(
        fc.record({
          FB1: fc.double({ min: 0.05, max: 0.9, noNaN: true }),
          FB2: fc.double({ min: 0.05, max: 0.9, noNaN: true }),
          FB3: fc.double({ min: 0.05, max: 0.9, noNaN: true }),
          FB4: fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        }),
        (targets) => {
          // Feasible only when the shares add up to at least 1 (everyone takes at least one strand).
          fc.pre(targets.FB1 + targets.FB2 + targets.FB3 + targets.FB4 > 1.05);
          const combinations = strandCombinations(targets);
          const total = combinations.reduce((sum, [, p]) => sum + p, 0);
          for (const strand of ['FB1', 'FB2', 'FB3', 'FB4'] as const) {
            const uptake = combinations.filter(([c]) => c.includes(strand)).reduce((sum, [, p]) => sum + p, 0) / total;
            expect(uptake).toBeCloseTo(targets[strand], 3);
          }
        },
      ),
    );
  });
});
