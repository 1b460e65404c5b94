import type { TFunction } from 'i18next';
import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { assessmentAreas, type AssessmentArea } from '../../../cases/case.codes.ts';
import type { Assessment } from '../../../cases/case-work.schema.ts';
import { formatDate } from './format.ts';

type Answers = Assessment['areas'];
type Translate = TFunction;

/** The structured facts of one area in words (what the plan and the reports rely on). */
function areaFacts(area: AssessmentArea, answers: Answers, t: Translate, language: string): string[] {
  const yes = (flag: boolean | undefined, label: string) => (flag ? [label] : []);
  switch (area) {
    case 'language': {
      const a = answers.language;
      if (!a) return [];
      return [
        `${t('cases.assessment.fields.germanLevel')}: ${t(`cases.codes.cefr.${a.germanLevel}`)}`,
        ...yes(a.literacySupport, t('cases.assessment.fields.literacySupport')),
      ];
    }
    case 'schooling': {
      const a = answers.schooling;
      if (!a) return [];
      return [
        `${t('cases.assessment.fields.highestQualification')}: ${t(`cases.codes.qualifications.${a.highestQualification}`)}`,
        ...(a.yearsOfSchooling != null
          ? [`${t('cases.assessment.fields.yearsOfSchooling')}: ${a.yearsOfSchooling}`]
          : []),
        ...yes(a.recognised, t('cases.assessment.fields.recognised')),
      ];
    }
    case 'vocational': {
      const a = answers.vocational;
      if (!a) return [];
      return [
        ...(a.workExperienceMonths != null
          ? [`${t('cases.assessment.fields.workExperienceMonths')}: ${a.workExperienceMonths}`]
          : []),
        ...(a.occupations?.length ? [`${t('cases.assessment.fields.occupations')}: ${a.occupations.join(', ')}`] : []),
        ...(a.vocationalGoal ? [`${t('cases.assessment.fields.vocationalGoal')}: ${a.vocationalGoal}`] : []),
      ];
    }
    case 'health':
      return yes(answers.health?.limitsWorkOrTraining, t('cases.assessment.fields.limitsWorkOrTraining'));
    case 'childcare': {
      const a = answers.childcare;
      if (!a) return [];
      return [
        `${t('cases.assessment.fields.children')}: ${a.children}`,
        ...yes(a.needsCare, t('cases.assessment.fields.needsCare')),
      ];
    }
    case 'housing': {
      const a = answers.housing;
      if (!a) return [];
      return [
        `${t('cases.assessment.fields.accommodation')}: ${t(`cases.codes.accommodations.${a.accommodation}`)}`,
        ...yes(a.housingSecured, t('cases.assessment.fields.housingSecured')),
      ];
    }
    case 'legal_status': {
      const a = answers.legal_status;
      if (!a) return [];
      return [
        ...(a.residenceStatus ? [t(`cases.codes.residenceStatuses.${a.residenceStatus}`)] : []),
        ...(a.workPermission
          ? [`${t('cases.assessment.fields.workPermission')}: ${t(`cases.codes.workPermissions.${a.workPermission}`)}`]
          : []),
        ...(a.documentExpiry
          ? [`${t('cases.assessment.fields.documentExpiry')}: ${formatDate(a.documentExpiry, language)}`]
          : []),
      ];
    }
    case 'finances': {
      const a = answers.finances;
      if (!a) return [];
      return [
        ...(a.benefits?.length
          ? [
              `${t('cases.assessment.fields.benefits')}: ${a.benefits.map((kind) => t(`cases.codes.benefits.${kind}`)).join(', ')}`,
            ]
          : []),
        ...yes(a.debts, t('cases.assessment.fields.debts')),
      ];
    }
  }
}

/** One needs assessment as a table: per area whether support is needed, the facts and the notes. */
export function AssessmentView({ assessment, caption }: { assessment: Assessment; caption: string }) {
  const { t, i18n } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table withTableBorder striped verticalSpacing="xs" captionSide="top">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('cases.plan.area')}</Table.Th>
            <Table.Th scope="col">{t('cases.assessment.needsSupport')}</Table.Th>
            <Table.Th scope="col">{t('cases.assessment.details')}</Table.Th>
            <Table.Th scope="col">{t('cases.assessment.notes')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {assessmentAreas.map((area) => {
            const answer = assessment.areas[area];
            const facts = areaFacts(area, assessment.areas, t, i18n.language);
            return (
              <Table.Tr key={area}>
                <Table.Th scope="row" fw={400}>
                  {t(`cases.areas.${area}`)}
                </Table.Th>
                <Table.Td>
                  {answer ? (
                    answer.needsSupport ? (
                      <Text span fw={700}>
                        {t('cases.common.yes')}
                      </Text>
                    ) : (
                      t('cases.common.no')
                    )
                  ) : (
                    t('cases.assessment.notAssessed')
                  )}
                </Table.Td>
                <Table.Td>{facts.length > 0 ? facts.join('; ') : '–'}</Table.Td>
                <Table.Td style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{answer?.notes ?? '–'}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {assessment.notes ? (
        <Text mt="xs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          <Text span fw={700}>
            {t('cases.assessment.notes')}:
          </Text>{' '}
          {assessment.notes}
        </Text>
      ) : null}
    </Table.ScrollContainer>
  );
}
