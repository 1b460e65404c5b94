// What the demo data generator produces: plain values in the shape of the tables (camelCase), without ids,
// so that the generator stays pure and deterministic and the writer assigns ids and users. Types only.
import type {
  AssignmentRole,
  CaseOutcome,
  ContactChannel,
  EligibilityOutcome,
  GoalStatus,
  ReferralOutcome,
  ReferralService,
  StepStatus,
} from '../cases/case.codes.ts';
import type { AssessmentAreas } from '../cases/case-work.schema.ts';
import type {
  DropoutReason,
  EnrolmentStatus,
  ExamResult,
  OfferStatus,
  OfferStrand,
  OfferType,
} from '../offers/offer.codes.ts';
import type {
  Accommodation,
  BenefitKind,
  BirthDatePrecision,
  CefrLevel,
  ConsentPurpose,
  Gender,
  ResidenceStatus,
  SchoolQualification,
  Strand,
  WorkPermission,
} from '../participants/participant.codes.ts';

/** A municipality the seed writes into, with what the generator needs to know about it. */
export interface SeedSite {
  officialKey: string;
  name: string;
  municipalityKind: 'district' | 'district_free_city';
  /** Participants at this site (after scaling). */
  participants: number;
  /** Providers the site should have (existing ones count). */
  providers: number;
  /** Team names; cases are spread over them (Köln by Rhine bank). */
  teams: readonly string[];
  city: string | null;
  /** Köln has quarter-level geography; other sites record only the city. */
  geography: 'koeln' | null;
  ruhr: boolean;
}

/** How many demo staff accounts of each role the site has; the generator picks among them by index. */
export interface SeedStaff {
  participationManagers: number;
  coaches: number;
}

export interface GeneratedStatus {
  status: ResidenceStatus;
  legalParagraph: string | null;
  validFrom: string;
  validTo: string | null;
  documentExpiry: string | null;
  notes: string | null;
}

export interface GeneratedLanguage {
  language: string;
  level: CefrLevel;
  evidenceDate: string | null;
  evidence: string | null;
}

export interface GeneratedSchooling {
  country: string | null;
  years: number | null;
  qualification: SchoolQualification;
  recognised: boolean;
  notes: string | null;
}

export interface GeneratedConsent {
  purpose: ConsentPurpose;
  scope: string;
  givenOn: string;
  revokedOn: string | null;
}

export interface GeneratedAssignment {
  role: AssignmentRole;
  /** Index into the site's staff of that role. */
  staffIndex: number;
  startedOn: string;
  endedOn: string | null;
}

export interface GeneratedStep {
  title: string;
  owner: AssignmentRole | null;
  dueOn: string | null;
  status: StepStatus;
  doneOn: string | null;
}

export interface GeneratedGoal {
  title: string;
  area: string;
  dueOn: string | null;
  status: GoalStatus;
  steps: GeneratedStep[];
}

export interface GeneratedContact {
  /** Local time in Köln (Europe/Berlin), 'YYYY-MM-DD HH:MM'. */
  occurredAt: string;
  durationMinutes: number;
  channel: ContactChannel;
  topic: string;
  attendees: string | null;
  coaching: boolean;
  notes: string | null;
}

export interface GeneratedReferral {
  service: ReferralService;
  referredOn: string;
  description: string | null;
  outcome: ReferralOutcome;
  outcomeOn: string | null;
  outcomeNotes: string | null;
}

export interface GeneratedConference {
  heldOn: string;
  attendees: string;
  findings: string | null;
  agreements: string | null;
}

export interface GeneratedCase {
  programme: 'diaa';
  team: string;
  openedOn: string;
  intakeOn: string | null;
  intakeNotes: string | null;
  strands: Strand[];
  exceptionJustification: string | null;
  eligibilityDecision: EligibilityOutcome;
  /** The reasons per strand, in the shape the cases area stores them. */
  eligibilityReasons: readonly object[];
  /** null for a case still open on the day the data describe (a window later than the historical one). */
  exitedOn: string | null;
  exitOutcome: CaseOutcome | null;
  exitNotes: string | null;
  followUpDueOn: string | null;
  followedUpOn: string | null;
  followUpOutcome: CaseOutcome | null;
  followUpNotes: string | null;
  restricted: boolean;
  assignments: GeneratedAssignment[];
  assessments: { assessedOn: string; areas: AssessmentAreas; notes: string | null }[];
  goals: GeneratedGoal[];
  contacts: GeneratedContact[];
  referrals: GeneratedReferral[];
  conferences: GeneratedConference[];
}

export interface GeneratedParticipant {
  /** Position at the site in order of entry (0-based); numbers are issued in this order. */
  seq: number;
  familyName: string;
  givenNames: string;
  familyNameOriginal: string | null;
  givenNamesOriginal: string | null;
  nameKeys: string[];
  birthDate: string;
  birthDatePrecision: BirthDatePrecision;
  gender: Gender;
  countriesOfOrigin: string[];
  nationalities: string[];
  phone: string | null;
  email: string | null;
  street: string | null;
  postcode: string | null;
  city: string | null;
  cityDistrict: string | null;
  accommodation: Accommodation;
  workPermission: WorkPermission;
  benefits: BenefitKind[];
  excludedOffender: boolean;
  vocationalExperience: string | null;
  restricted: boolean;
  statuses: GeneratedStatus[];
  languages: GeneratedLanguage[];
  schooling: GeneratedSchooling[];
  consents: GeneratedConsent[];
  case: GeneratedCase;
  /** The seq of the earlier record of the same person, for the near-duplicates made on purpose. */
  duplicateOf: number | null;
  /** Enrolments in the site's offers (offer-catalogue.rules.ts), in order of referral; none without a catalogue. */
  enrolments: GeneratedEnrolment[];
  /** The measure career this person's path was given on purpose (enrolment-generator.rules.ts), or null. */
  careerPattern: CareerPattern | null;
}

/** An offer of a site's catalogue; `key` is its position in the catalogue, which enrolments refer to. */
export interface GeneratedOffer {
  key: number;
  /** Index into the providers serving the site (in the order the service passes them). */
  providerIndex: number;
  title: string;
  type: OfferType;
  strand: OfferStrand | null;
  description: string | null;
  place: string;
  startsOn: string;
  endsOn: string | null;
  weeklyHours: number;
  teachingUnits: number | null;
  capacity: number | null;
  entryLevel: CefrLevel | null;
  entryRequirements: string | null;
  targetLevel: CefrLevel | null;
  targetQualification: SchoolQualification | null;
  leadsToVocationalQualification: boolean;
  supportLanguages: string[];
  childcare: boolean;
  accessible: boolean;
  accessibilityNotes: string | null;
  costCents: number | null;
  costNotes: string | null;
  status: OfferStatus;
}

/** Kinds of measure career planted on purpose (the detector's rules find them; docs/measure-careers.md). */
export type CareerPattern = 'same_level_twice' | 'dropouts' | 'no_progress';

export interface GeneratedEnrolment {
  offerKey: number;
  /** Whether the offer is a strand offer (FB1–FB4): the enrolment records the case's eligibility then. */
  strandOffer: boolean;
  referredOn: string;
  startsOn: string | null;
  endsOn: string | null;
  status: EnrolmentStatus;
  dropoutReason: DropoutReason | null;
  dropoutNotes: string | null;
  sessionsPlanned: number | null;
  sessionsAttended: number | null;
  hoursAttended: number | null;
  attendanceConfirmedOn: string | null;
  certificate: boolean;
  examResult: ExamResult | null;
  cefrLevelReached: CefrLevel | null;
  schoolQualificationReached: SchoolQualification | null;
  vocationalQualificationReached: boolean;
  nextStep: string | null;
}
