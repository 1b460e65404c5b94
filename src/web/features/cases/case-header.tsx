import { Alert, DataList, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Case } from '../../../cases/case.schema.ts';
import type { Team } from '../../../organisations/organisation.schema.ts';
import { StatusSteps, WarningList } from './case-indicators.tsx';
import { EligibilityView } from './eligibility-view.tsx';
import { formatDate, formatDateTime } from './format.ts';

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue style={{ overflowWrap: 'anywhere' }}>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function programmeName(t: TFunction, programme: string): string {
  return programme === 'diaa' ? t('cases.programmes.diaa') : programme;
}

/** Why the case can only be read, if it can: exited, the person's record blocked or merged, or the role. */
export function ReadOnlyNotice({ record, mayUpdate }: { record: Case; mayUpdate: boolean }) {
  const { t } = useTranslation();
  const reasons: string[] = [];
  if (record.participant.blocked) reasons.push(t('cases.case.readOnly.blocked'));
  else if (record.participant.mergedIntoId) reasons.push(t('cases.case.readOnly.merged'));
  else if (record.exit) reasons.push(t('cases.case.readOnly.exited'));
  if (!mayUpdate) reasons.push(t('cases.case.readOnly.noPermission'));
  if (reasons.length === 0) return null;
  return (
    <Alert color="blue.9" variant="outline">
      {reasons.map((reason) => (
        <Text key={reason}>{reason}</Text>
      ))}
    </Alert>
  );
}

/** The case at a glance: facts, derived status, eligibility with its reasons, warnings. */
export function CaseHeader({ record, teams }: { record: Case; teams: readonly Team[] | undefined }) {
  const { t, i18n } = useTranslation();
  const narrow = useMediaQuery('(max-width: 48em)') ?? false;
  const team = record.teamId ? teams?.find((item) => item.id === record.teamId) : undefined;
  return (
    <Stack gap="md">
      {record.warnings.length > 0 ? (
        <Paper withBorder p="md" component="section" aria-labelledby="case-warnings-title">
          <Title order={2} size="h3" id="case-warnings-title" mb="xs">
            {t('cases.warnings.label')}
          </Title>
          <WarningList warnings={record.warnings} labelledBy="case-warnings-title" />
        </Paper>
      ) : null}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p="md" component="section" aria-labelledby="case-facts-title">
          <Title order={2} size="h3" id="case-facts-title" mb="sm">
            {t('cases.case.facts.title')}
          </Title>
          <Stack gap="md">
            <StatusSteps status={record.status} />
            <DataList labelWidth="12rem" orientation={narrow ? 'vertical' : 'horizontal'} withDivider>
              <Item label={t('cases.case.facts.programme')}>{programmeName(t, record.programme)}</Item>
              <Item label={t('cases.case.facts.strands')}>
                <List spacing={2} size="sm">
                  {record.strands.map((strand) => (
                    <List.Item key={strand}>{t(`cases.strands.${strand}`)}</List.Item>
                  ))}
                </List>
              </Item>
              {/* Coaches may not read the municipality's teams: no row rather than a name they cannot see. */}
              {teams ? (
                <Item label={t('cases.case.facts.team')}>
                  {record.teamId ? (team?.name ?? t('cases.case.facts.unknownTeam')) : t('cases.common.none')}
                </Item>
              ) : null}
              <Item label={t('cases.case.facts.openedOn')}>{formatDate(record.openedOn, i18n.language)}</Item>
              <Item label={t('cases.case.facts.intakeOn')}>
                {record.intakeOn ? formatDate(record.intakeOn, i18n.language) : t('cases.common.notRecorded')}
              </Item>
              <Item label={t('cases.case.facts.lastContact')}>
                {record.lastContactAt
                  ? formatDateTime(record.lastContactAt, i18n.language)
                  : t('cases.caseload.table.noContact')}
              </Item>
              <Item label={t('cases.case.facts.restricted')}>
                {record.restricted ? (
                  <Text span fw={700}>
                    {t('cases.case.facts.restrictedYes')}
                  </Text>
                ) : (
                  t('cases.case.facts.restrictedNo')
                )}
              </Item>
            </DataList>
          </Stack>
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="case-eligibility-title">
          <Title order={2} size="h3" id="case-eligibility-title" mb="sm">
            {t('cases.eligibility.title')}
          </Title>
          <EligibilityView eligibility={record.eligibility} />
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
