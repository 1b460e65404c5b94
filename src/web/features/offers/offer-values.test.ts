import { describe, expect, it } from 'vitest';
import type { Enrolment } from '../../../offers/enrolment.schema.ts';
import type { Offer } from '../../../offers/offer.schema.ts';
import { enrolmentValuesOf, toCreateEnrolment, toUpdateEnrolment, newEnrolValues } from './enrolment-values.ts';
import {
  centsOf,
  decimal,
  euroText,
  newOfferValues,
  offerValuesOf,
  toCreateOffer,
  toUpdateOffer,
} from './offer-values.ts';

const offer: Offer = {
  id: '00000000-0000-4000-8000-000000000001',
  provider: { id: '00000000-0000-4000-8000-000000000002', name: 'Bildungswerk' },
  title: 'Vorbereitung',
  type: 'preparation_course',
  strand: 'FB4',
  description: null,
  place: 'Kalk',
  startsOn: '2026-09-01',
  endsOn: null,
  weeklyHours: 7.5,
  teachingUnits: null,
  capacity: 12,
  entryLevel: 'A2',
  entryRequirements: null,
  targetLevel: null,
  targetQualification: null,
  leadsToVocationalQualification: false,
  supportLanguages: ['ar', 'fa'],
  childcare: true,
  accessible: false,
  accessibilityNotes: null,
  costCents: 3750,
  costNotes: null,
  status: 'open',
  seats: { taken: 0, free: 12, waiting: 0 },
  isDemo: false,
  canEdit: true,
  createdAt: '2026-11-29T08:00:00.000Z',
  updatedAt: '2026-11-29T08:00:00.000Z',
  version: 1,
};

const enrolment: Enrolment = {
  id: '00000000-0000-4000-8000-000000000003',
  participant: { id: '00000000-0000-4000-8000-000000000004', number: 'TN-000001', familyName: 'A', givenNames: 'B' },
  offer: {
    id: offer.id,
    title: offer.title,
    type: offer.type,
    strand: 'FB4',
    place: 'Kalk',
    status: 'open',
    provider: offer.provider,
  },
  caseId: null,
  referredOn: '2026-11-01',
  startsOn: '2026-11-01',
  endsOn: null,
  status: 'active',
  waitingPosition: null,
  seatAvailable: false,
  dropoutReason: null,
  dropoutNotes: null,
  attendance: {
    sessionsPlanned: 10,
    sessionsAttended: 4,
    hoursAttended: null,
    confirmedBy: { id: '00000000-0000-4000-8000-000000000005', name: 'Träger' },
    confirmedOn: '2026-11-20',
  },
  results: {
    certificate: false,
    examResult: null,
    cefrLevelReached: null,
    schoolQualificationReached: null,
    vocationalQualificationReached: false,
  },
  nextStep: null,
  eligibility: { outcome: 'eligible', exceptionJustification: null },
  isDemo: false,
  createdAt: '2026-11-01T08:00:00.000Z',
  updatedAt: '2026-11-01T08:00:00.000Z',
  version: 3,
};

describe('numbers as typed', () => {
  it('reads German and English decimals and euro amounts', () => {
    expect(decimal('7,5')).toBe(7.5);
    expect(decimal(' ')).toBeNull();
    expect(decimal('7 h')).toBeNaN();
    expect(centsOf('37,50')).toBe(3750);
    expect(euroText(3750, 'de')).toBe('37,50');
    expect(euroText(3750, 'en')).toBe('37.50');
  });
});

describe('offer form', () => {
  it('sends only what changed, and nothing when nothing did', () => {
    const values = offerValuesOf(offer, 'de');
    expect(toUpdateOffer(values, offer, 'de')).toEqual({ ok: true, body: {} });
    expect(toUpdateOffer({ ...values, capacity: '14', cost: '40' }, offer, 'de')).toEqual({
      ok: true,
      body: { capacity: 14, costCents: 4000 },
    });
  });

  it('names the fields a new offer lacks, in form order', () => {
    const checked = toCreateOffer(newOfferValues(''));
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problems.map((p) => p.field)).toEqual(['providerId', 'title', 'type', 'place']);
  });
});

describe('enrolment forms', () => {
  it('needs an offer to enrol into', () => {
    const checked = toCreateEnrolment(newEnrolValues('2026-11-29'));
    expect(checked.ok ? [] : checked.problems.map((p) => p.field)).toEqual(['offerId']);
  });

  it('confirms changed attendance again only for the provider', () => {
    const values = { ...enrolmentValuesOf(enrolment), sessionsAttended: '5' };
    expect(toUpdateEnrolment(values, enrolment, true)).toEqual({
      ok: true,
      body: { sessionsAttended: 5, attendanceConfirmed: true },
    });
    expect(toUpdateEnrolment(values, enrolment, false)).toEqual({ ok: true, body: { sessionsAttended: 5 } });
    const withdrawn = { ...enrolmentValuesOf(enrolment), attendanceConfirmed: false };
    expect(toUpdateEnrolment(withdrawn, enrolment, true)).toEqual({ ok: true, body: { attendanceConfirmed: false } });
    expect(toUpdateEnrolment(enrolmentValuesOf(enrolment), enrolment, true)).toEqual({ ok: true, body: {} });
  });

  it('sends a drop-out with its reason', () => {
    const values = { ...enrolmentValuesOf(enrolment), status: 'dropped_out', dropoutReason: 'work' };
    expect(toUpdateEnrolment(values, enrolment, false)).toEqual({
      ok: true,
      body: { status: 'dropped_out', dropoutReason: 'work' },
    });
  });
});
