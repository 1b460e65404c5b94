// The record of a synthetic participant around its identity: languages, schooling, consents, contact data,
// accommodation, work permission and benefits, and the residence history (residence-history.rules.ts). Pure.
import { addDays } from '../cases/case.rules.ts';
import type { Accommodation, BenefitKind, CefrLevel, WorkPermission } from '../participants/participant.codes.ts';
import type { CaseTimeline } from './case-timeline.rules.ts';
import type { Identity } from './identity.rules.ts';
import { KOELN_DISTRICTS } from './koeln-geography.ts';
import type { Random } from './random.ts';
import type { PlannedParticipant } from './seed-plan.rules.ts';
import type {
  GeneratedConsent,
  GeneratedLanguage,
  GeneratedParticipant,
  GeneratedSchooling,
  SeedSite,
} from './seed.model.ts';
import type { SeedProfile } from './seed.profiles.ts';
import { STREETS, VOCATIONAL_EXPERIENCE } from './seed-texts.ts';
import { between, residenceHistory } from './residence-history.rules.ts';

export type ParticipantBody = Omit<
  GeneratedParticipant,
  'seq' | 'nameKeys' | 'case' | 'duplicateOf' | 'enrolments' | 'careerPattern'
>;

const NEXT_LEVEL: Partial<Record<CefrLevel, CefrLevel>> = { A0: 'A1', A1: 'A2', A2: 'B1', B1: 'B2', B2: 'C1' };
const ORDER: readonly CefrLevel[] = ['A0', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2'];

function germanEvidence(level: CefrLevel, random: Random): { evidence: string; certificate: boolean } {
  switch (level) {
    case 'A0':
      return { evidence: 'keine Vorkenntnisse', certificate: false };
    case 'A1':
      return { evidence: 'Selbsteinschätzung', certificate: false };
    case 'A2':
      return random.chance(0.5)
        ? { evidence: 'Zertifikat DTZ A2', certificate: true }
        : { evidence: 'Einstufungstest', certificate: false };
    case 'B1':
      return random.chance(0.7)
        ? { evidence: random.chance(0.55) ? 'Zertifikat DTZ B1' : 'telc Deutsch B1', certificate: true }
        : { evidence: 'Einstufungstest', certificate: false };
    default:
      return { evidence: `telc Deutsch ${level}`, certificate: true };
  }
}

export function languages(
  planned: PlannedParticipant,
  identity: Identity,
  timeline: CaseTimeline,
  random: Random,
): GeneratedLanguage[] {
  const assessedOn = timeline.intakeOn ?? timeline.openedOn;
  const german = germanEvidence(planned.german, random);
  const result: GeneratedLanguage[] = [
    {
      language: 'de',
      level: planned.german,
      evidenceDate: german.certificate ? addDays(assessedOn, -random.int(30, 400)) : assessedOn,
      evidence: german.evidence,
    },
    { language: random.weighted(identity.origin.firstLanguages), level: 'native', evidenceDate: null, evidence: null },
  ];
  const second = identity.origin.secondLanguage;
  if (second && random.chance(second.share)) {
    result.push({
      language: second.language,
      level: random.weighted<CefrLevel>([
        ['A2', 30],
        ['B1', 40],
        ['B2', 30],
      ]),
      evidenceDate: assessedOn,
      evidence: 'Selbsteinschätzung',
    });
  }
  // Progress in German: a passed exam at the end of a course (integration courses: B1 48.7 %, A2 40.8 %).
  let reached: CefrLevel | undefined;
  if (planned.outcome === 'language_certificate') reached = NEXT_LEVEL[planned.german];
  else if (planned.strands.includes('FB4') && planned.outcome !== 'dropout') {
    const draw = random.float();
    reached = draw < 0.487 ? 'B1' : draw < 0.895 ? 'A2' : undefined;
  }
  // A case still open has not taken its exam yet.
  const exited = timeline.exitedOn;
  if (reached && exited !== null && ORDER.indexOf(reached) > ORDER.indexOf(planned.german)) {
    result.push({
      language: 'de',
      level: reached,
      evidenceDate: addDays(exited, -random.int(0, 30)),
      evidence: reached === 'B2' || reached === 'C1' ? `telc Deutsch ${reached}` : `Zertifikat DTZ ${reached}`,
    });
  }
  return result;
}

export function schooling(planned: PlannedParticipant, identity: Identity, random: Random): GeneratedSchooling[] {
  const country = identity.origin.country;
  const entry = ((): GeneratedSchooling => {
    switch (planned.school) {
      case 'none':
        return { country, years: random.int(0, 6), qualification: 'none', recognised: false, notes: null };
      case 'unrecognised':
        return {
          country,
          years: random.int(6, 12),
          qualification: 'foreign_other',
          recognised: false,
          notes: random.chance(0.5) ? 'Zeugnis liegt nicht vor' : 'Anerkennung beantragt',
        };
      case 'foreign_esa':
        return {
          country,
          years: random.int(8, 10),
          qualification: 'esa',
          recognised: true,
          notes: 'Ausländischer Abschluss, als gleichwertig anerkannt',
        };
      case 'german_esa':
        return {
          country: 'DE',
          years: random.int(9, 10),
          qualification: 'esa',
          recognised: true,
          notes: 'Internationale Förderklasse',
        };
      case 'german_eesa':
        return { country: 'DE', years: 10, qualification: 'eesa', recognised: true, notes: null };
      case 'msa':
        return random.chance(0.7)
          ? { country: 'DE', years: 10, qualification: 'msa', recognised: true, notes: null }
          : {
              country,
              years: random.int(10, 11),
              qualification: 'msa',
              recognised: true,
              notes: 'Ausländischer Abschluss, anerkannt',
            };
      default:
        return {
          country,
          years: random.int(12, 13),
          qualification: random.chance(0.35) ? 'fhr' : 'ahr',
          recognised: true,
          notes: 'Ausländischer Abschluss, anerkannt',
        };
    }
  })();
  const result = [entry];
  if (planned.outcome === 'school_certificate') {
    result.push({
      country: 'DE',
      years: null,
      qualification: 'esa',
      recognised: true,
      notes: 'Nachträglicher Erwerb (FB3)',
    });
  }
  return result;
}

const CONSENT_SCOPES = {
  case_management: 'Beratung und Begleitung im Programm „Durchstarten in Ausbildung und Arbeit“',
  data_sharing_providers: 'Weitergabe von Name, Kontaktdaten und Sprachstand an den Träger der vermittelten Maßnahme',
  data_sharing_authorities:
    'Austausch mit Ausländerbehörde und Jobcenter zur Ausbildungs- und Beschäftigungsperspektive',
  follow_up_contact: 'Kontaktaufnahme sechs Monate nach dem Austritt zur Nachbefragung',
} as const;

export function consents(timeline: CaseTimeline, random: Random): GeneratedConsent[] {
  const given = timeline.intakeOn ?? timeline.openedOn;
  const result: GeneratedConsent[] = [
    { purpose: 'case_management', scope: CONSENT_SCOPES.case_management, givenOn: given, revokedOn: null },
  ];
  const optional = [
    ['data_sharing_providers', 0.7],
    ['data_sharing_authorities', 0.35],
    ['follow_up_contact', 0.6],
  ] as const;
  for (const [purpose, share] of optional) {
    if (!random.chance(share)) continue;
    const revoked = random.chance(0.03) ? between(random, addDays(given, 7), timeline.lastDay) : null;
    result.push({
      purpose,
      scope: CONSENT_SCOPES[purpose],
      givenOn: given,
      revokedOn: revoked && revoked > given ? revoked : null,
    });
  }
  return result;
}

function asciiName(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/[ıİ]/g, 'i')
    .replace(/[đĐ]/g, 'dj')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

function accommodationFor(planned: PlannedParticipant, random: Random): Accommodation {
  if (planned.entryStatus === 'gestattung') {
    return random.weighted<Accommodation>([
      ['municipal_shelter', 58],
      ['shared_flat', 15],
      ['private', 20],
      ['state_reception_facility', 2],
      ['unknown', 5],
    ]);
  }
  return random.weighted<Accommodation>([
    ['municipal_shelter', 40],
    ['private', 35],
    ['shared_flat', 15],
    ['other', 5],
    ['unknown', 5],
  ]);
}

function workPermissionFor(planned: PlannedParticipant, identity: Identity, random: Random): WorkPermission {
  // FB2 supports people alongside a job or training: they are allowed to work.
  if (planned.strands.includes('FB2')) return random.chance(0.4) ? 'permitted' : 'permitted_with_approval';
  if (identity.temporaryProtection) return 'permitted';
  switch (planned.entryStatus) {
    case '60c':
    case '60d':
      return 'permitted';
    case '60b':
      // § 60b (5): no employment while the identity is unclear.
      return 'banned';
    case 'gestattung':
      return random.weighted<WorkPermission>([
        ['permitted_with_approval', 80],
        ['banned', 5],
        ['unknown', 15],
      ]);
    default:
      // Rejected applicants from safe countries of origin are usually banned from work (§ 60a (6) AufenthG).
      if (identity.origin.safeCountry && random.chance(0.6)) return 'banned';
      return random.weighted<WorkPermission>([
        ['permitted_with_approval', 70],
        ['permitted', 10],
        ['unknown', 15],
        ['banned', 5],
      ]);
  }
}

function benefitsFor(planned: PlannedParticipant, identity: Identity, random: Random): BenefitKind[] {
  if (identity.temporaryProtection) return ['sgb2'];
  if (planned.entryStatus === '60c') return random.chance(0.3) ? ['asylblg', 'bafoeg_bab'] : ['asylblg'];
  if (planned.entryStatus === '60d') return random.chance(0.5) ? ['none'] : ['asylblg'];
  return ['asylblg'];
}

/** Address and contact: Köln quarter and postcode by the district weights; elsewhere the city only. */
function address(
  site: SeedSite,
  random: Random,
): Pick<ParticipantBody, 'street' | 'postcode' | 'city' | 'cityDistrict'> {
  const street = random.chance(0.85) ? `${random.pick(STREETS)} ${random.int(1, 120)}` : null;
  if (site.geography !== 'koeln') return { street, postcode: null, city: site.city, cityDistrict: null };
  const district = random.weighted(KOELN_DISTRICTS.map((d) => [d, d.weight] as const));
  const quarter = random.weighted(district.quarters.map((q) => [q, q.weight] as const));
  return { street, postcode: random.pick(district.postcodes), city: 'Köln', cityDistrict: quarter.name };
}

export function participantBody(
  planned: PlannedParticipant,
  identity: Identity,
  timeline: CaseTimeline,
  site: SeedSite,
  profile: SeedProfile,
  random: Random,
): ParticipantBody {
  const email = random.chance(0.35)
    ? `${asciiName(identity.givenNames || identity.familyName)}.${asciiName(identity.familyName)}${random.int(1, 99)}@example.org`
    : null;
  const phone = random.chance(0.8)
    ? `01${random.pick(['51', '52', '57', '60', '62', '70', '76'])} ${random.int(1000000, 9999999)}`
    : null;
  return {
    familyName: identity.familyName,
    givenNames: identity.givenNames,
    familyNameOriginal: identity.familyNameOriginal,
    givenNamesOriginal: identity.givenNamesOriginal,
    birthDate: identity.birthDate,
    birthDatePrecision: identity.birthDatePrecision,
    gender: identity.gender,
    countriesOfOrigin: [identity.origin.country],
    nationalities: [identity.origin.country],
    phone,
    email,
    ...address(site, random),
    accommodation: accommodationFor(planned, random),
    workPermission: workPermissionFor(planned, identity, random),
    benefits: benefitsFor(planned, identity, random),
    excludedOffender: random.chance(0.003),
    vocationalExperience: random.chance(0.45) ? random.pick(VOCATIONAL_EXPERIENCE) : null,
    restricted: planned.restricted,
    statuses: residenceHistory(planned, identity, timeline, profile, random),
    languages: languages(planned, identity, timeline, random),
    schooling: schooling(planned, identity, random),
    consents: consents(timeline, random),
  };
}
