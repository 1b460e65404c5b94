// Seats of the demo catalogue: which offer a person gets into for a desired start, such that no offer ever has
// more people in it at once than it has seats (the database enforces this for the active enrolments; the demo
// keeps it for every day of its history). Cohort courses take people at their start or a few weeks after;
// rolling offers whenever a seat is free. Pure, deterministic (no randomness: the first fitting offer wins).
import { addDays } from '../cases/case.rules.ts';
import type { OfferType } from '../offers/offer.codes.ts';
import { ENROLMENT_PARAMETERS as P, offerKind } from './offer-seed.parameters.ts';
import type { GeneratedOffer } from './seed.model.ts';
import { daysBetween } from './seed-plan.rules.ts';

export interface Seat {
  offer: GeneratedOffer;
  startsOn: string;
  /** The planned end: the course's end (cohort), or the stay's end within the offer (rolling); null = open-ended. */
  endsOn: string | null;
}

/** Rolling offers without an end are tracked this far (days) from their start. */
const OPEN_ENDED_DAYS = 12 * 366;

export class OfferAllocator {
  readonly offers: readonly GeneratedOffer[];
  readonly #byType = new Map<OfferType, GeneratedOffer[]>();
  /** People in each limited offer per day since its start. */
  readonly #occupancy = new Map<number, Uint16Array>();

  constructor(offers: readonly GeneratedOffer[]) {
    this.offers = offers;
    for (const offer of offers) {
      const list = this.#byType.get(offer.type) ?? [];
      list.push(offer);
      this.#byType.set(offer.type, list);
    }
    for (const list of this.#byType.values()) list.sort((a, b) => (a.startsOn < b.startsOn ? -1 : 1));
  }

  has(type: OfferType): boolean {
    return (this.#byType.get(type)?.length ?? 0) > 0;
  }

  #days(offer: GeneratedOffer): Uint16Array {
    let days = this.#occupancy.get(offer.key);
    if (!days) {
      const length = offer.endsOn === null ? OPEN_ENDED_DAYS : daysBetween(offer.startsOn, offer.endsOn) + 1;
      days = new Uint16Array(Math.max(1, length));
      this.#occupancy.set(offer.key, days);
    }
    return days;
  }

  #range(offer: GeneratedOffer, from: string, to: string | null): [number, number] {
    const days = this.#days(offer);
    const first = Math.max(0, daysBetween(offer.startsOn, from));
    const last = to === null ? days.length - 1 : Math.min(days.length - 1, daysBetween(offer.startsOn, to));
    return [first, last];
  }

  /** Whether one more person fits on every day from `from` to `to`. */
  fits(offer: GeneratedOffer, from: string, to: string | null): boolean {
    if (offer.capacity === null) return true;
    const days = this.#days(offer);
    const [first, last] = this.#range(offer, from, to);
    for (let day = first; day <= last; day += 1) if ((days[day] ?? 0) >= offer.capacity) return false;
    return true;
  }

  /** Takes a seat for the days a person is in the offer (from the start to the actual end). */
  occupy(offer: GeneratedOffer, from: string, to: string | null): void {
    if (offer.capacity === null) return;
    const days = this.#days(offer);
    const [first, last] = this.#range(offer, from, to);
    for (let day = first; day <= last; day += 1) days[day] = (days[day] ?? 0) + 1;
  }

  /** The highest number of people in the offer on any day (for tests). */
  peak(offer: GeneratedOffer): number {
    const days = this.#occupancy.get(offer.key);
    return days ? days.reduce((max, value) => Math.max(max, value), 0) : 0;
  }

  /**
   * A seat for someone who wants to start on `desired` and can wait up to `maxWaitDays`: the earliest cohort
   * starting in that time (or begun at most a few weeks before) with a free seat for its whole length, or a
   * rolling offer with a seat free for `stayDays` from the desired day, or from a later fortnight. Null when
   * nothing is free in that time.
   */
  seat(type: OfferType, desired: string, stayDays: number, maxWaitDays: number): Seat | null {
    const offers = this.#byType.get(type) ?? [];
    const latest = addDays(desired, maxWaitDays);
    if (offerKind(type).intake === 'cohort') {
      const earliest = addDays(desired, -P.lateEntryDays);
      for (const offer of offers) {
        if (offer.startsOn < earliest) continue;
        if (offer.startsOn > latest) break;
        const startsOn = offer.startsOn > desired ? offer.startsOn : desired;
        if (offer.endsOn !== null && startsOn > offer.endsOn) continue;
        if (this.fits(offer, startsOn, offer.endsOn)) return { offer, startsOn, endsOn: offer.endsOn };
      }
      return null;
    }
    for (let wait = 0; wait <= maxWaitDays; wait += 14) {
      const startsOn = addDays(desired, wait);
      for (const offer of offers) {
        if (offer.startsOn > startsOn) continue;
        if (offer.endsOn !== null && addDays(startsOn, 28) > offer.endsOn) continue;
        const planned = addDays(startsOn, stayDays);
        const endsOn = offer.endsOn !== null && planned > offer.endsOn ? offer.endsOn : planned;
        if (this.fits(offer, startsOn, endsOn)) return { offer, startsOn, endsOn };
      }
    }
    return null;
  }

  /** The first offer of the kind starting after `day` (where a waiting list forms when it is full). */
  upcoming(type: OfferType, day: string): GeneratedOffer | undefined {
    return (this.#byType.get(type) ?? []).find((offer) => offer.startsOn > day);
  }

  /** Any offer of the kind around `day` (where a referral that never started was made to). */
  nearest(type: OfferType, day: string): GeneratedOffer | undefined {
    const offers = this.#byType.get(type) ?? [];
    return offers.find((offer) => offer.startsOn >= day) ?? offers.at(-1);
  }
}
