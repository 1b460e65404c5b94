import { Badge, List, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CaseloadItem } from '../../../cases/caseload.schema.ts';
import { AnchorLink } from '../../components/router-link.tsx';
import { WarningKinds } from '../cases/case-indicators.tsx';
import { formatDate, formatDateTime, listName } from '../cases/format.ts';
import { registerCareerTexts } from '../careers/career-texts.ts';

// The alert badge's text (measure-career alerts of the case's participant).
registerCareerTexts(undefined, { offers: false });

/** The id of a row's link, so that "load more" can move focus to the first new row. */
export const caseLinkId = (item: CaseloadItem) => `caseload-case-${item.caseId}`;

function FollowUp({ item }: { item: CaseloadItem }) {
  const { t, i18n } = useTranslation();
  if (!item.followUpDueOn)
    return (
      <Text span inherit>
        –
      </Text>
    );
  const date = t('cases.caseload.table.followUpOn', { date: formatDate(item.followUpDueOn, i18n.language) });
  return (
    <Text span inherit>
      {item.followUp ? `${t(`cases.exit.followUpState.${item.followUp}`)}, ` : ''}
      {date}
    </Text>
  );
}

function NextStep({ item }: { item: CaseloadItem }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap={2}>
      {item.nextDueStep ? (
        <>
          <Text span inherit style={{ overflowWrap: 'anywhere' }}>
            {item.nextDueStep.title}
          </Text>
          <Text span size="sm">
            {t('cases.caseload.table.dueOn', { date: formatDate(item.nextDueStep.dueOn, i18n.language) })}
          </Text>
        </>
      ) : (
        <Text span inherit>
          {t('cases.caseload.table.noStep')}
        </Text>
      )}
      {item.overdueSteps > 0 ? (
        <Text span size="sm" fw={600} c="red.9">
          {t('cases.caseload.table.overdueSteps', { count: item.overdueSteps })}
        </Text>
      ) : null}
      {item.openAlerts > 0 ? (
        <Badge variant="outline" color="red.9" tt="none" w="fit-content">
          {t('careers.caseload.openAlerts', { count: item.openAlerts })}
        </Badge>
      ) : null}
    </Stack>
  );
}

function Row({ item, compact }: { item: CaseloadItem; compact: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <Table.Tr>
      <Table.Th scope="row" fw={400} style={{ overflowWrap: 'anywhere' }}>
        <AnchorLink id={caseLinkId(item)} to="/cases/$caseId" params={{ caseId: item.caseId }} fw={600}>
          {item.participant.number} – {listName(item.participant)}
        </AnchorLink>
        <Text size="sm">{item.strands.join(', ')}</Text>
        {item.restricted ? (
          <Badge variant="outline" color="grape.9" tt="none" mt={4}>
            {t('cases.caseload.table.restricted')}
          </Badge>
        ) : null}
      </Table.Th>
      <Table.Td>{t(`cases.statuses.${item.status}`)}</Table.Td>
      <Table.Td>
        <NextStep item={item} />
      </Table.Td>
      <Table.Td>
        <WarningKinds kinds={item.warnings} />
      </Table.Td>
      {compact ? null : (
        <Table.Td>
          <FollowUp item={item} />
        </Table.Td>
      )}
      <Table.Td>
        {item.lastContactAt ? (
          <time dateTime={item.lastContactAt}>{formatDateTime(item.lastContactAt, i18n.language)}</time>
        ) : (
          t('cases.caseload.table.noContact')
        )}
      </Table.Td>
      {compact ? null : (
        <Table.Td>
          {item.assignments.length === 0 ? (
            '–'
          ) : (
            <List spacing={2} size="sm">
              {item.assignments.map((assignment) => (
                <List.Item key={`${assignment.role}-${assignment.userId}`}>
                  {assignment.displayName} ({t(`cases.roles.${assignment.role}`)})
                </List.Item>
              ))}
            </List>
          )}
        </Table.Td>
      )}
    </Table.Tr>
  );
}

/** The caseload as a table with a caption; `compact` (the start page) leaves out follow-up and assignments. */
export function CaseloadTable({
  items,
  caption,
  compact = false,
}: {
  items: readonly CaseloadItem[];
  caption: string;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={compact ? 640 : 900}>
      <Table striped withTableBorder verticalSpacing="xs" captionSide="top">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('cases.caseload.table.participant')}</Table.Th>
            <Table.Th scope="col">{t('cases.caseload.table.status')}</Table.Th>
            <Table.Th scope="col">{t('cases.caseload.table.nextStep')}</Table.Th>
            <Table.Th scope="col">{t('cases.caseload.table.warnings')}</Table.Th>
            {compact ? null : <Table.Th scope="col">{t('cases.caseload.table.followUp')}</Table.Th>}
            <Table.Th scope="col">{t('cases.caseload.table.lastContact')}</Table.Th>
            {compact ? null : <Table.Th scope="col">{t('cases.caseload.table.assigned')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Row key={item.caseId} item={item} compact={compact} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
