// Deletion classes (after DIN 66398 / ISO/IEC 27555: data type × period × start event) and the decision, for one
// participant, whether a class is due. Pure: the facts are read by the repository, the rules by the service.
//
//   case_data      the person's record once every case has ended: due `period` months after the end of the last
//                  case (its exit or its follow-up, whichever is later); never while a case is open.
//   without_case   a record that never got a case (intake only, duplicates, imports): due `period` months after
//                  its last change.
//   consent_based  data kept only because of one consent purpose (CONSENT_DATA): due `period` months after the
//                  purpose was revoked (the last consent of that purpose), and only while such data still exist.
//
// A blocked record (Art. 18 GDPR, e.g. kept for legal claims) is never due: blocking exists to stop erasure.
import type { ConsentPurpose } from '../participants/participant.codes.ts';

export const retentionClasses = ['case_data', 'consent_based', 'without_case'] as const;
export type RetentionClass = (typeof retentionClasses)[number];
export const retentionActions = ['anonymise', 'delete'] as const;
export type RetentionAction = (typeof retentionActions)[number];

export interface RetentionRule {
  class: RetentionClass;
  periodMonths: number;
  action: RetentionAction;
  enabled: boolean;
}

export type RetentionRules = Record<RetentionClass, RetentionRule>;

/** Defaults when a municipality has not set a class (retention_rule has no row for it). */
export const DEFAULT_RETENTION_RULES: RetentionRules = {
  // Five years after the end of the case: the proof of use of the grant must be possible for that long
  // (receipts are kept 5 years after the proof of use, domain.md section 4); statistics stay, anonymised.
  case_data: { class: 'case_data', periodMonths: 60, action: 'anonymise', enabled: true },
  // On revocation, at once: the data rested on nothing else.
  consent_based: { class: 'consent_based', periodMonths: 0, action: 'delete', enabled: true },
  // Two years after the last change of a record that never became a case.
  without_case: { class: 'without_case', periodMonths: 24, action: 'delete', enabled: true },
};

/**
 * Smallest periods a municipality may set: case data must outlive the follow-up 6 months after exit, and a
 * record without a case must not vanish the night after its intake.
 */
export const MINIMUM_PERIOD_MONTHS: Record<RetentionClass, number> = {
  case_data: 6,
  consent_based: 0,
  without_case: 1,
};
export const MAXIMUM_PERIOD_MONTHS = 600;

/** The data that rest only on a consent purpose, and so go when it is revoked. */
export type ConsentData = 'contact_details' | 'photo_documents';

export interface ConsentDataMapping {
  data: ConsentData | null;
  /** The data are also needed by an open case, so they go only once no case is open. */
  keptWhileCaseOpen: boolean;
  /** Why (shown in docs/data-protection.md and in the Art. 15 report). */
  explanation: string;
}

export const CONSENT_DATA: Record<ConsentPurpose, ConsentDataMapping> = {
  case_management: {
    data: null,
    keptWhileCaseOpen: true,
    explanation:
      'Der Widerruf beendet die Betreuung (der Fall wird abgeschlossen). Die Falldaten bleiben für den ' +
      'Verwendungsnachweis der Fördermittel gespeichert (Art. 17 Abs. 3 lit. b DSGVO) und werden nach der ' +
      'Löschklasse "Falldaten" anonymisiert.',
  },
  data_sharing_providers: {
    data: null,
    keptWhileCaseOpen: false,
    explanation:
      'Die Einwilligung erlaubt nur die Übermittlung an Träger; gespeichert wird auf ihrer Grundlage nichts. ' +
      'Nach dem Widerruf wird nichts mehr übermittelt.',
  },
  data_sharing_authorities: {
    data: null,
    keptWhileCaseOpen: false,
    explanation:
      'Die Einwilligung erlaubt nur die Übermittlung an Behörden; gespeichert wird auf ihrer Grundlage nichts. ' +
      'Nach dem Widerruf wird nichts mehr übermittelt.',
  },
  follow_up_contact: {
    data: 'contact_details',
    keptWhileCaseOpen: true,
    explanation:
      'Telefon, E-Mail und Anschrift (Straße, Postleitzahl) werden nach dem Ende der Fälle nur für die ' +
      'Nachbefragung aufbewahrt. Nach dem Widerruf werden sie gelöscht, sobald kein Fall mehr offen ist ' +
      '(während eines offenen Falls braucht die Betreuung sie).',
  },
  photo_documents: {
    data: 'photo_documents',
    keptWhileCaseOpen: false,
    explanation:
      'Fotos (Dokumente der Art "Sonstiges" mit einem Bildformat) werden nur mit dieser Einwilligung ' +
      'gespeichert und nach dem Widerruf gelöscht. Bescheinigungen, Aufenthaltsdokumente, Lebensläufe und ' +
      'Schreiben sind Falldaten und bleiben, auch wenn sie als Bild gespeichert sind.',
  },
  other: {
    data: null,
    keptWhileCaseOpen: false,
    explanation:
      'Der Zweck ist nur im Freitext beschrieben; was auf ihm beruht, entscheidet die Fachkraft beim ' +
      'Widerruf (Löschung auf Antrag).',
  },
};

/** A document is a photo resting on the photo_documents consent: kind 'other' and an image format. */
export function isPhotoDocument(document: { kind: string; contentType: string }): boolean {
  return document.kind === 'other' && /^image\//i.test(document.contentType.trim());
}

export interface ConsentFact {
  purpose: ConsentPurpose;
  /** YYYY-MM-DD or null while the consent stands. */
  revokedOn: string | null;
}

/** What the retention decision needs to know about one participant (read in the participant's tenant). */
export interface ParticipantRetentionFacts {
  participantId: string;
  /** Number of cases ever opened (0 = the record never became a case). */
  cases: number;
  openCases: number;
  /** The last day a case ended: max over cases of greatest(exited_on, followed_up_on); null without ended cases. */
  lastCaseEnd: string | null;
  /** The last change of the record or any of its rows. */
  lastChange: Date;
  anonymisedAt: Date | null;
  blocked: boolean;
  consents: readonly ConsentFact[];
  /** Phone, e-mail, street or postcode are stored. */
  contactDetailsPresent: boolean;
  photoDocuments: number;
}

export interface ParticipantDecision {
  subject: 'participant';
  class: 'case_data' | 'without_case';
  action: RetentionAction;
  /** The first day the class is due, or null when it cannot be due (open case, blocked, disabled, done). */
  dueOn: string | null;
  due: boolean;
  reason: string;
}

export interface ConsentDataDecision {
  subject: 'consent_data';
  class: 'consent_based';
  purpose: ConsentPurpose;
  data: ConsentData;
  /** The revocation that started the period. */
  revokedOn: string;
  dueOn: string | null;
  due: boolean;
  reason: string;
}

export interface RetentionDecision {
  participant: ParticipantDecision;
  consentData: ConsentDataDecision[];
}

// --- Dates (ISO strings, no time zone: calendar days of the municipality) -------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: string): [number, number, number] {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`not an ISO date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Adds calendar months; a day that does not exist in the target month becomes its last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = parts(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return `${pad(targetYear, 4)}-${pad(targetMonth)}-${pad(Math.min(day, lastDay))}`;
}

const berlinDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day of an instant in Germany (the municipalities' day). */
export function localDate(instant: Date): string {
  return berlinDay.format(instant);
}

function laterDate(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a >= b ? a : b;
}

// --- Rules ---------------------------------------------------------------------------------------------------

/** The rules in force: the municipality's rows, and the defaults for the classes it has not set. */
export function effectiveRules(rows: readonly RetentionRule[]): RetentionRules {
  const rules: RetentionRules = { ...DEFAULT_RETENTION_RULES };
  for (const row of rows) rules[row.class] = { ...row };
  return rules;
}

/** Which class governs the person's record as a whole: case data once a case existed, else without_case. */
export function participantClass(facts: Pick<ParticipantRetentionFacts, 'cases'>): 'case_data' | 'without_case' {
  return facts.cases > 0 ? 'case_data' : 'without_case';
}

function decideParticipant(
  facts: ParticipantRetentionFacts,
  rules: RetentionRules,
  today: string,
): ParticipantDecision {
  const cls = participantClass(facts);
  const rule = rules[cls];
  const base = { subject: 'participant' as const, class: cls, action: rule.action };
  const notDue = (reason: string): ParticipantDecision => ({ ...base, dueOn: null, due: false, reason });
  if (!rule.enabled) return notDue('class disabled');
  if (facts.blocked) return notDue('blocked (Art. 18 GDPR)');
  if (rule.action === 'anonymise' && facts.anonymisedAt !== null) return notDue('anonymised already');
  let start: string | null;
  if (cls === 'case_data') {
    if (facts.openCases > 0) return notDue('a case is open');
    start = facts.lastCaseEnd;
    if (start === null) return notDue('no ended case');
  } else {
    start = localDate(facts.lastChange);
  }
  const dueOn = addMonths(start, rule.periodMonths);
  const due = dueOn <= today;
  return {
    ...base,
    dueOn,
    due,
    reason: due
      ? `${rule.periodMonths} months after ${cls === 'case_data' ? 'the end of the last case' : 'the last change'}`
      : 'period running',
  };
}

/** The day a purpose counts as revoked: when every consent of it is revoked, the last revocation; else null. */
function revocationOf(consents: readonly ConsentFact[], purpose: ConsentPurpose): string | null {
  const ofPurpose = consents.filter((consent) => consent.purpose === purpose);
  if (ofPurpose.length === 0 || ofPurpose.some((consent) => consent.revokedOn === null)) return null;
  return ofPurpose.reduce<string | null>((latest, consent) => laterDate(latest, consent.revokedOn), null);
}

function dataPresent(facts: ParticipantRetentionFacts, data: ConsentData): boolean {
  return data === 'contact_details' ? facts.contactDetailsPresent : facts.photoDocuments > 0;
}

function decideConsentData(
  facts: ParticipantRetentionFacts,
  rules: RetentionRules,
  today: string,
): ConsentDataDecision[] {
  const rule = rules.consent_based;
  const decisions: ConsentDataDecision[] = [];
  const purposes = [...new Set(facts.consents.map((consent) => consent.purpose))];
  for (const purpose of purposes) {
    const mapping = CONSENT_DATA[purpose];
    const revokedOn = revocationOf(facts.consents, purpose);
    if (mapping.data === null || revokedOn === null || !dataPresent(facts, mapping.data)) continue;
    const base = { subject: 'consent_data' as const, class: 'consent_based' as const, purpose, data: mapping.data };
    const notDue = (reason: string): ConsentDataDecision => ({ ...base, revokedOn, dueOn: null, due: false, reason });
    if (!rule.enabled) decisions.push(notDue('class disabled'));
    else if (facts.blocked) decisions.push(notDue('blocked (Art. 18 GDPR)'));
    else if (mapping.keptWhileCaseOpen && facts.openCases > 0) decisions.push(notDue('a case is open'));
    else {
      const dueOn = addMonths(revokedOn, rule.periodMonths);
      const due = dueOn <= today;
      decisions.push({
        ...base,
        revokedOn,
        dueOn,
        due,
        reason: due ? `${rule.periodMonths} months after the revocation of ${purpose}` : 'period running',
      });
    }
  }
  return decisions;
}

/** Decides, for one participant on the day of `now` (Germany), which deletion classes are due. */
export function decideRetention(facts: ParticipantRetentionFacts, rules: RetentionRules, now: Date): RetentionDecision {
  const today = localDate(now);
  return {
    participant: decideParticipant(facts, rules, today),
    consentData: decideConsentData(facts, rules, today),
  };
}

export interface RuleProblem {
  class: RetentionClass;
  field: 'periodMonths' | 'action';
  code: string;
  message: string;
}

/** Every problem with rules a municipality wants to set. */
export function retentionRuleProblems(rules: RetentionRules): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const cls of retentionClasses) {
    const minimum = MINIMUM_PERIOD_MONTHS[cls];
    if (rules[cls].periodMonths < minimum) {
      problems.push({ class: cls, field: 'periodMonths', code: 'too_small', message: `at least ${minimum} months` });
    }
  }
  if (rules.consent_based.action !== 'delete') {
    problems.push({
      class: 'consent_based',
      field: 'action',
      code: 'invalid_value',
      message: 'data resting on a revoked consent are deleted; anonymising them would leave nothing',
    });
  }
  return problems;
}
