// The rows of historiesIn (career.repository.ts) as the rules and the diff see them: a person's enrolments come
// as one text of comma-separated values (ENROLMENT_FIELDS per enrolment), the stored alerts as one text with
// control-character separators. Splitting a text per person is what makes reading NRW's histories cheap: the
// driver parses one value per person instead of 13 per enrolment.
import type { DropoutReason, EnrolmentStatus, ExamResult } from '../offers/offer.codes.ts';
import type { CefrLevel, SchoolQualification } from '../participants/participant.codes.ts';
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

const STRIDE = ENROLMENT_FIELDS.length;
const nullable = (value: string): string | null => (value === '' ? null : value);
const PENDING_OFFER: OfferFacts = { providerId: '', type: 'other', level: null };

/**
 * The enrolments of a HistoryRow's text (ENROLMENT_FIELDS per enrolment, comma-separated) as the rules see them,
 * with their offers' facts; the ids of offers that `offers` lacks are added to `missing` (their enrolments get
 * the facts from withOfferFacts once they are fetched). One split per person: measured faster than reading the
 * values in place.
 */
export function careerEnrolments(
  text: string,
  offers: ReadonlyMap<string, OfferFacts>,
  missing: Set<string>,
): CareerEnrolment[] {
  const values = text.split(',');
  const enrolments: CareerEnrolment[] = [];
  for (let at = 0; at + STRIDE <= values.length; at += STRIDE) {
    const offerId = values[at + 1] as string;
    let offer = offers.get(offerId);
    if (offer === undefined) {
      missing.add(offerId);
      offer = PENDING_OFFER;
    }
    enrolments.push({
      id: values[at] as string,
      offerId,
      providerId: offer.providerId,
      offerType: offer.type,
      courseLevel: offer.level,
      status: values[at + 2] as EnrolmentStatus,
      referredOn: values[at + 3] as string,
      startsOn: nullable(values[at + 4] as string),
      endsOn: nullable(values[at + 5] as string),
      dropoutReason: nullable(values[at + 6] as string) as DropoutReason | null,
      cefrLevelReached: nullable(values[at + 7] as string) as CefrLevel | null,
      schoolQualificationReached: nullable(values[at + 8] as string) as SchoolQualification | null,
      vocationalQualificationReached: values[at + 9] === 't',
      certificate: values[at + 10] === 't',
      examResult: nullable(values[at + 11] as string) as ExamResult | null,
    });
  }
  return enrolments;
}

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
