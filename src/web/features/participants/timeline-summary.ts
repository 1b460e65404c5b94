// The short label of a timeline event in words: the cases API sends codes where the event has one (a status,
// an outcome, a service), and titles or topics as written. Codes this version does not know stay as sent.
// Pure: the translation and the language names are passed in.
import type { TimelineEvent } from '../../../cases/caseload.schema.ts';
import {
  assessmentAreas,
  assignmentRoles,
  caseOutcomes,
  referralOutcomes,
  referralServices,
} from '../../../cases/case.codes.ts';
import {
  cefrLevels,
  consentPurposes,
  residenceStatuses,
  schoolQualifications,
  strands,
} from '../../../participants/participant.codes.ts';
import type { Translate } from './form-parts.tsx';

function isOneOf<T extends string>(values: readonly T[], value: string | undefined): value is T {
  return value !== undefined && (values as readonly string[]).includes(value);
}

export function timelineSummary(
  event: Pick<TimelineEvent, 'kind' | 'summary'>,
  t: Translate,
  languageName: (code: string) => string,
): string {
  const { summary } = event;
  const words = summary.split(' ');
  switch (event.kind) {
    case 'residence_status':
      return isOneOf(residenceStatuses, summary) ? t(`participants.statuses.${summary}`) : summary;
    case 'consent_given':
    case 'consent_revoked':
      return isOneOf(consentPurposes, summary) ? t(`participants.purposes.${summary}`) : summary;
    case 'schooling_added':
      return isOneOf(schoolQualifications, summary) ? t(`participants.qualifications.${summary}`) : summary;
    case 'language_added': {
      // "fa native": the language and its level.
      const [code, level] = words;
      if (!code || !/^[a-z]{2,3}$/.test(code)) return summary;
      return isOneOf(cefrLevels, level)
        ? `${languageName(code)} – ${t(`participants.levels.${level}`)}`
        : languageName(code);
    }
    case 'case_opened': {
      // "diaa FB1,FB4": the programme and its strands.
      const [programme, list = ''] = words;
      const named = programme === 'diaa' ? t('participants.eligibility.programmes.diaa') : (programme ?? summary);
      const chosen = list.split(',').filter((strand) => isOneOf(strands, strand));
      return chosen.length > 0 ? `${named}: ${chosen.join(', ')}` : named;
    }
    case 'case_exited':
    case 'case_followed_up':
      return isOneOf(caseOutcomes, summary) ? t(`participants.timeline.outcomes.${summary}`) : summary;
    case 'assessment':
      return summary
        .split(',')
        .map((area) => (isOneOf(assessmentAreas, area) ? t(`participants.timeline.areas.${area}`) : area))
        .join(', ');
    case 'referral': {
      // "jobcenter pending": the service and the outcome.
      const [service, outcome] = words;
      if (!isOneOf(referralServices, service)) return summary;
      const serviceText = t(`participants.timeline.services.${service}`);
      return isOneOf(referralOutcomes, outcome)
        ? `${serviceText} (${t(`participants.timeline.referralOutcomes.${outcome}`)})`
        : serviceText;
    }
    case 'conference':
      return t('participants.timeline.kinds.conference');
    case 'assignment_started':
    case 'assignment_ended':
      return isOneOf(assignmentRoles, summary) ? t(`roleNames.${summary}`) : summary;
    default:
      return summary;
  }
}
