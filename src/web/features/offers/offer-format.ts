// How offers and enrolments are shown: seats, periods, money. Pure: no I/O, no React (texts come in as `t`).
import type { TFunction } from 'i18next';
import type { Enrolment } from '../../../offers/enrolment.schema.ts';
import type { Offer } from '../../../offers/offer.schema.ts';
import { intlLocale } from '../../lib/language.ts';
import { formatDate } from '../cases/format.ts';

/** "3 of 12 seats free, 2 waiting" or "no limit". */
export function seatsText(t: TFunction, seats: Offer['seats']): string {
  const free = seats.free === null ? t('offers.seats.unlimited') : t('offers.seats.free', { count: seats.free });
  return seats.waiting > 0 ? `${free}, ${t('offers.seats.waiting', { count: seats.waiting })}` : free;
}

/** A period "01.09.2026 – 30.06.2027", open ends shown as such. */
export function periodText(t: TFunction, startsOn: string | null, endsOn: string | null, language: string): string {
  if (!startsOn && !endsOn) return t('offers.common.notSet');
  const from = startsOn ? formatDate(startsOn, language) : '…';
  const to = endsOn ? formatDate(endsOn, language) : '…';
  return `${from} – ${to}`;
}

export function euro(cents: number | null, language: string): string {
  if (cents === null) return '';
  return new Intl.NumberFormat(intlLocale(language), { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** The status of an enrolment with its place on the waiting list or its drop-out reason. */
export function enrolmentStatusText(t: TFunction, enrolment: Enrolment): string {
  const status = t(`offers.enrolmentStatuses.${enrolment.status}`);
  if (enrolment.status === 'waiting' && enrolment.waitingPosition !== null) {
    return `${status} (${t('offers.enrolments.position', { position: enrolment.waitingPosition })})`;
  }
  if (enrolment.status === 'dropped_out' && enrolment.dropoutReason) {
    return `${status}: ${t(`offers.dropoutReasons.${enrolment.dropoutReason}`)}`;
  }
  return status;
}

/** The results of an ended enrolment in a few words; empty when none are recorded. */
export function resultsText(t: TFunction, enrolment: Enrolment): string {
  const { results } = enrolment;
  const parts = [
    results.certificate ? t('offers.fields.certificate') : null,
    results.examResult ? t(`offers.examResults.${results.examResult}`) : null,
    results.cefrLevelReached ? t('offers.enrolments.levelReached', { level: results.cefrLevelReached }) : null,
    results.schoolQualificationReached ? t(`offers.schoolQualifications.${results.schoolQualificationReached}`) : null,
    results.vocationalQualificationReached ? t('offers.fields.vocationalQualificationReached') : null,
  ];
  return parts.filter((part): part is string => part !== null).join(', ');
}
