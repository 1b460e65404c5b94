// The rows of historiesIn (career.repository.ts) as the rules and the diff see them: a person's enrolments come
// as one text of comma-separated values (ENROLMENT_FIELDS per enrolment), the stored alerts as one text with
// control-character separators. Splitting a text per person is what makes reading NRW's histories cheap: the
// driver parses one value per person instead of 13 per enrolment.
import { dropoutReasons, enrolmentStatuses, examResults, type EnrolmentStatus } from '../offers/offer.codes.ts';
import {
  cefrLevels,
  schoolQualifications,
  type CefrLevel,
  type SchoolQualification,
} from '../participants/participant.codes.ts';
import {
  ALERT_SEPARATOR,
  ENROLMENT_FIELDS,
  FIELD_SEPARATOR,
  type HistoryRow,
  type OfferFacts,
  type StoredAlert,
} from './career.repository.ts';
import type { CareerEnrolment, CareerHistory, LanguageEvidence } from './career.rules.ts';
import type { AlertStatus, CareerRule } from './career.table.ts';

/** The end of the value that starts at `at`: the next comma, or the end of the text. */
function endOf(text: string, at: number): number {
  const end = text.indexOf(',', at);
  return end === -1 ? text.length : end;
}

/**
 * The code between `at` and `end` as the constant of its code list (no new string per value; a code the list
 * lacks is taken as it is), null for an empty value.
 */
function codeOf<T extends string>(text: string, at: number, end: number, codes: readonly T[]): T | null {
  if (end === at) return null;
  for (const code of codes) {
    if (code.length === end - at && text.startsWith(code, at)) return code;
  }
  return text.slice(at, end) as T;
}

// ISO dates by their digits (yyyymmdd): NRW's histories use a few thousand distinct days, each string made once.
const dates = new Map<number, string>();
function dateOf(text: string, at: number, end: number): string | null {
  if (end - at !== 10) return end === at ? null : text.slice(at, end);
  let key = 0;
  for (let i = at; i < end; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (digit >= 0 && digit <= 9) key = key * 10 + digit;
  }
  let date = dates.get(key);
  if (date === undefined) {
    date = text.slice(at, end);
    if (dates.size < 100_000) dates.set(key, date);
  }
  return date;
}

// Positions of the values of the enrolment being read (reused: one pair of arrays for every enrolment).
const FROM = new Int32Array(ENROLMENT_FIELDS.length) as Int32Array & number[];
const TO = new Int32Array(ENROLMENT_FIELDS.length) as Int32Array & number[];

const PENDING_OFFER: OfferFacts = { providerId: '', type: 'other', level: null };

/**
 * The enrolments of a HistoryRow's text (ENROLMENT_FIELDS per enrolment, comma-separated) as the rules see them,
 * with their offers' facts; the ids of offers that `offers` lacks are added to `missing` (their enrolments get
 * the facts from withOfferFacts once they are fetched). Read in place: a full run reads 600,000 enrolments, and
 * splitting them into 13 strings each made a quarter of its time garbage collection.
 */
export function careerEnrolments(
  text: string,
  offers: ReadonlyMap<string, OfferFacts>,
  missing: Set<string>,
): CareerEnrolment[] {
  const enrolments: CareerEnrolment[] = [];
  let at = 0;
  while (at < text.length) {
    // Where each value starts and ends (FROM[n] … TO[n]).
    for (let n = 0; n < ENROLMENT_FIELDS.length; n += 1) {
      const end = endOf(text, at);
      FROM[n] = at;
      TO[n] = end;
      at = end + 1;
    }
    const offerId = text.slice(FROM[1], TO[1]);
    let offer = offers.get(offerId);
    if (offer === undefined) {
      missing.add(offerId);
      offer = PENDING_OFFER;
    }
    enrolments.push({
      id: text.slice(FROM[0], TO[0]),
      offerId,
      providerId: offer.providerId,
      offerType: offer.type,
      courseLevel: offer.level,
      status: codeOf(text, FROM[2], TO[2], enrolmentStatuses) as EnrolmentStatus,
      referredOn: dateOf(text, FROM[3], TO[3]) as string,
      startsOn: dateOf(text, FROM[4], TO[4]),
      endsOn: dateOf(text, FROM[5], TO[5]),
      dropoutReason: codeOf(text, FROM[6], TO[6], dropoutReasons),
      cefrLevelReached: codeOf(text, FROM[7], TO[7], cefrLevels),
      schoolQualificationReached: codeOf(text, FROM[8], TO[8], schoolQualifications),
      vocationalQualificationReached: text.charCodeAt(FROM[9]) === T,
      certificate: text.charCodeAt(FROM[10]) === T,
      examResult: codeOf(text, FROM[11], TO[11], examResults),
    });
  }
  return enrolments;
}

const T = 't'.charCodeAt(0);

/** Gives enrolments whose offer was missing the facts of their offer (fetched since). */
export function withOfferFacts(enrolments: readonly CareerEnrolment[], offers: ReadonlyMap<string, OfferFacts>): void {
  for (const enrolment of enrolments) {
    const offer = offers.get(enrolment.offerId) as OfferFacts;
    enrolment.providerId = offer.providerId;
    enrolment.offerType = offer.type;
    enrolment.courseLevel = offer.level;
  }
}

/** A person's history for the rules: the row's facts and these enrolments. */
export function careerHistory(row: HistoryRow, enrolments: CareerEnrolment[]): CareerHistory {
  const germanLevels: LanguageEvidence[] = [];
  if (row.german_levels !== null) {
    const pairs = row.german_levels.split(',');
    for (let at = 0; at < pairs.length; at += 2) {
      germanLevels.push({ level: pairs[at] as CefrLevel, on: (pairs[at + 1] as string) || null });
    }
  }
  return {
    germanLevels,
    schoolQualifications:
      row.school_qualifications === null ? [] : (row.school_qualifications.split(',') as SchoolQualification[]),
    lastContactOn: row.last_contact_on,
    hasOpenCase: row.open_case,
    enrolments,
  };
}

/** The stored alerts of a HistoryRow. */
export function storedAlerts(row: HistoryRow): StoredAlert[] {
  const into: StoredAlert[] = [];
  if (row.alerts === null) return into;
  for (const alert of row.alerts.split(ALERT_SEPARATOR)) {
    const [id, rule, anchor, enrolmentIds, details, status] = alert.split(FIELD_SEPARATOR) as [
      string,
      CareerRule,
      string,
      string,
      string,
      AlertStatus,
    ];
    into.push({
      id,
      participant_id: row.participant_id,
      rule,
      anchor_enrolment_id: anchor,
      enrolment_ids: enrolmentIds,
      details,
      status,
    });
  }
  return into;
}
