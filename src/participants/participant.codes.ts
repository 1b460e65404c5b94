// The code lists of participant data, shared by the API schemas, the rules and the web forms. Migration
// 20261129_0006_participants.ts froze the lists of its time in check constraints; a test keeps both in step.

export const genders = ['female', 'male', 'diverse', 'not_stated'] as const;
export type Gender = (typeof genders)[number];

/** How much of a date of birth is known: refugees often know only the year or the month. */
export const birthDatePrecisions = ['day', 'month', 'year'] as const;
export type BirthDatePrecision = (typeof birthDatePrecisions)[number];

/** Residence statuses; the legal paragraph is part of the code (AufenthG / AsylG). */
export const residenceStatuses = [
  'asylum_permit', // Aufenthaltsgestattung, § 55 AsylG
  'toleration_60a', // Duldung, § 60a AufenthG
  'toleration_60b', // Duldung für Personen mit ungeklärter Identität, § 60b AufenthG
  'toleration_60c', // Ausbildungsduldung, § 60c AufenthG
  'toleration_60d', // Beschäftigungsduldung, § 60d AufenthG
  'chances_104c', // Chancen-Aufenthaltsrecht, § 104c AufenthG
  'residence_25a', // Aufenthaltserlaubnis für gut integrierte Jugendliche, § 25a AufenthG
  'residence_25b', // Aufenthaltserlaubnis bei nachhaltiger Integration, § 25b AufenthG
  'training_16g', // Aufenthaltserlaubnis zur Berufsausbildung für ausreisepflichtige Ausländer, § 16g AufenthG
  'temporary_protection_24', // vorübergehender Schutz, § 24 AufenthG (e.g. Ukraine, admitted by Köln from 2022)
  'other',
] as const;
export type ResidenceStatus = (typeof residenceStatuses)[number];

export const legalParagraphOf: Record<ResidenceStatus, string> = {
  asylum_permit: '§ 55 AsylG',
  toleration_60a: '§ 60a AufenthG',
  toleration_60b: '§ 60b AufenthG',
  toleration_60c: '§ 60c AufenthG',
  toleration_60d: '§ 60d AufenthG',
  chances_104c: '§ 104c AufenthG',
  residence_25a: '§ 25a AufenthG',
  residence_25b: '§ 25b AufenthG',
  training_16g: '§ 16g AufenthG',
  temporary_protection_24: '§ 24 AufenthG',
  other: '',
};

/** Common European Framework of Reference levels; A0 = no knowledge yet, native = first language. */
export const cefrLevels = ['A0', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'native'] as const;
export type CefrLevel = (typeof cefrLevels)[number];

/** School qualifications by their NRW names (reference-data.md "Taxonomy"), and foreign ones. */
export const schoolQualifications = ['none', 'esa', 'eesa', 'msa', 'fhr', 'ahr', 'foreign_other'] as const;
export type SchoolQualification = (typeof schoolQualifications)[number];

export const accommodations = [
  'private',
  'shared_flat',
  'municipal_shelter',
  'state_reception_facility',
  'other',
  'unknown',
] as const;
export type Accommodation = (typeof accommodations)[number];

export const workPermissions = ['permitted', 'permitted_with_approval', 'banned', 'unknown'] as const;
export type WorkPermission = (typeof workPermissions)[number];

export const benefitKinds = ['asylblg', 'sgb2', 'sgb3', 'sgb8', 'sgb12', 'bafoeg_bab', 'none'] as const;
export type BenefitKind = (typeof benefitKinds)[number];

export const consentPurposes = [
  'case_management',
  'data_sharing_providers',
  'data_sharing_authorities',
  'follow_up_contact',
  'photo_documents',
  'other',
] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];

/** Funding strands (Förderbausteine) of "Durchstarten in Ausbildung und Arbeit". */
export const strands = ['FB1', 'FB2', 'FB3', 'FB4', 'FB5', 'FB6'] as const;
export type Strand = (typeof strands)[number];
