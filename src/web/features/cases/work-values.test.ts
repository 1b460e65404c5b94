import { describe, expect, it } from 'vitest';
import { assessmentValuesFrom, toAssessmentRequest } from './assessment-values.ts';
import { checkUpload, fileProblem, uploadProblemsFromServer } from './document-values.ts';
import { ProblemError } from '../../lib/api-request.ts';
import {
  newContactValues,
  outcomeValuesOf,
  toCreateConference,
  toCreateContact,
  toCreateReferral,
  toExitCase,
  toFollowUp,
  toRecordOutcome,
} from './work-values.ts';

describe('the contact form', () => {
  it('starts now, in person, as a coaching session only for FB1 cases', () => {
    const values = newContactValues(new Date(2026, 2, 4, 14, 5), true);
    expect(values).toMatchObject({ date: '2026-03-04', time: '14:05', channel: 'in_person', coaching: true });
    expect(newContactValues(new Date(), false).coaching).toBe(false);
  });

  it('sends the local date and time as one instant with its offset', () => {
    const result = toCreateContact({
      ...newContactValues(new Date(2026, 2, 4, 14, 5), false),
      topic: ' Bewerbung ',
      durationMinutes: '45',
      attendees: ' ',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(new Date(result.body.occurredAt).getTime()).toBe(new Date(2026, 2, 4, 14, 5).getTime());
    expect(result.body).toMatchObject({
      topic: 'Bewerbung',
      durationMinutes: 45,
      attendees: null,
      channel: 'in_person',
    });
  });

  it('names every problem at its own field', () => {
    const result = toCreateContact({
      date: '2026-02-30',
      time: '',
      durationMinutes: '2000',
      channel: '',
      topic: '',
      attendees: '',
      coaching: false,
      notes: '',
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: 'date', key: 'date' },
        { field: 'time', key: 'required' },
        { field: 'durationMinutes', key: 'tooBig' },
        { field: 'channel', key: 'choose' },
        { field: 'topic', key: 'required' },
      ],
    });
  });
});

describe('referrals', () => {
  const referral = {
    id: '99999999-9999-4999-8999-999999999999',
    service: 'jobcenter' as const,
    referredOn: '2026-03-01',
    description: null,
    outcome: 'pending' as const,
    outcomeOn: null,
    outcomeNotes: null,
    createdBy: null,
    createdAt: '2026-03-01T09:00:00.000Z',
    version: 4,
  };

  it('requires the service and a real date', () => {
    expect(toCreateReferral({ service: '', referredOn: '', description: '' })).toEqual({
      ok: false,
      problems: [
        { field: 'service', key: 'choose' },
        { field: 'referredOn', key: 'required' },
      ],
    });
    expect(toCreateReferral({ service: 'berufskolleg', referredOn: '2026-03-01', description: '' })).toEqual({
      ok: true,
      body: { service: 'berufskolleg', referredOn: '2026-03-01', description: null },
    });
  });

  it('records an outcome dated today by default, and none for "pending"', () => {
    const values = outcomeValuesOf(referral, '2026-04-02');
    expect(toRecordOutcome({ ...values, outcome: 'accepted', outcomeNotes: 'Termin am 5.4.' }, referral)).toEqual({
      ok: true,
      body: { outcome: 'accepted', outcomeOn: '2026-04-02', outcomeNotes: 'Termin am 5.4.' },
    });
    expect(toRecordOutcome(values, referral)).toEqual({ ok: true, body: {} });
    expect(toRecordOutcome({ ...values, outcome: 'started', outcomeOn: '2026-04-31' }, referral)).toEqual({
      ok: false,
      problems: [{ field: 'outcomeOn', key: 'date' }],
    });
  });
});

describe('conferences, exit and follow-up', () => {
  it('requires who took part in a conference', () => {
    expect(toCreateConference({ heldOn: '2026-03-01', attendees: ' ', findings: '', agreements: '' })).toEqual({
      ok: false,
      problems: [{ field: 'attendees', key: 'required' }],
    });
  });

  it('requires an exit date and an outcome from the taxonomy', () => {
    expect(toExitCase({ date: '', outcome: '', notes: '' })).toEqual({
      ok: false,
      problems: [
        { field: 'date', key: 'required' },
        { field: 'outcome', key: 'choose' },
      ],
    });
    expect(toExitCase({ date: '2026-01-31', outcome: 'training_dual', notes: ' ' })).toEqual({
      ok: true,
      body: { exitedOn: '2026-01-31', outcome: 'training_dual', notes: null },
    });
    expect(toFollowUp({ date: '2026-08-01', outcome: 'employment_insured', notes: 'Vollzeit' })).toEqual({
      ok: true,
      body: { followedUpOn: '2026-08-01', outcome: 'employment_insured', notes: 'Vollzeit' },
    });
  });
});

describe('the needs assessment form', () => {
  it('starts from the latest assessment and sends the chosen areas only', () => {
    const values = assessmentValuesFrom(null, '2026-03-01');
    expect(toAssessmentRequest(values)).toEqual({ ok: false, problems: [{ field: 'areas', key: 'choose' }] });
    values.areas.language = { ...values.areas.language, include: true, germanLevel: 'A2', needsSupport: true };
    values.areas.childcare = { ...values.areas.childcare, include: true, children: '2', needsCare: true };
    const result = toAssessmentRequest(values);
    expect(result).toEqual({
      ok: true,
      body: {
        assessedOn: '2026-03-01',
        notes: null,
        areas: {
          language: { needsSupport: true, notes: null, germanLevel: 'A2', literacySupport: false },
          childcare: { needsSupport: false, notes: null, children: 2, needsCare: true },
        },
      },
    });
  });

  it('names a missing choice in an area at its field', () => {
    const values = assessmentValuesFrom(null, '2026-03-01');
    values.areas.housing = { ...values.areas.housing, include: true };
    values.areas.schooling = {
      ...values.areas.schooling,
      include: true,
      highestQualification: 'esa',
      yearsOfSchooling: 'neun',
    };
    expect(toAssessmentRequest(values)).toEqual({
      ok: false,
      problems: [
        { field: 'schooling.yearsOfSchooling', key: 'whole' },
        { field: 'housing.accommodation', key: 'choose' },
      ],
    });
  });

  it('fills a new assessment from the answers of the latest one', () => {
    const values = assessmentValuesFrom(
      {
        id: '99999999-9999-4999-8999-999999999999',
        assessedOn: '2026-02-01',
        areas: {
          vocational: { needsSupport: true, notes: 'Lager', workExperienceMonths: 12, occupations: ['Lager', 'Küche'] },
        },
        supportAreas: ['vocational'],
        notes: null,
        createdBy: null,
        createdAt: '2026-02-01T09:00:00.000Z',
        version: 1,
      },
      '2026-03-01',
    );
    expect(values.assessedOn).toBe('2026-03-01');
    expect(values.areas.vocational).toMatchObject({
      include: true,
      workExperienceMonths: '12',
      occupations: 'Lager, Küche',
    });
    expect(values.areas.language.include).toBe(false);
  });
});

describe('document uploads', () => {
  it('checks the file before sending it', () => {
    expect(fileProblem(null)).toBe('fileRequired');
    expect(fileProblem({ name: 'lebenslauf.exe', size: 10 })).toBe('type');
    expect(fileProblem({ name: 'leer.pdf', size: 0 })).toBe('empty');
    expect(fileProblem({ name: 'gross.PDF', size: 10 * 1024 * 1024 + 1 })).toBe('tooLarge');
    expect(fileProblem({ name: 'zeugnis.jpeg', size: 2048 })).toBeNull();
  });

  it('names a missing title and kind too, and passes a good upload on', () => {
    expect(checkUpload({ title: '', kind: '', file: null })).toEqual({
      ok: false,
      problems: [
        { field: 'title', problem: 'required' },
        { field: 'kind', problem: 'choose' },
        { field: 'file', problem: 'fileRequired' },
      ],
    });
    const file = { name: 'zeugnis.pdf', size: 2048 };
    expect(checkUpload({ title: ' Zeugnis ', kind: 'certificate', file })).toEqual({
      ok: true,
      upload: { title: 'Zeugnis', kind: 'certificate', file },
    });
  });

  it('maps the server’s refusals onto the file field', () => {
    expect(uploadProblemsFromServer(new ProblemError(413, { code: 'payload_too_large' }, undefined))).toEqual([
      { field: 'file', problem: 'tooLarge' },
    ]);
    const mismatch = new ProblemError(
      400,
      { code: 'validation_failed', errors: [{ field: 'file', code: 'content_mismatch', message: 'not a PDF' }] },
      undefined,
    );
    expect(uploadProblemsFromServer(mismatch)).toEqual([{ field: 'file', problem: 'type' }]);
    expect(uploadProblemsFromServer(new Error('network'))).toEqual([]);
  });
});
