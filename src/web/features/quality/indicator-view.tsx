// The indicators of an offer or a provider: rates with their bases (suppressed below five records), the
// enrolments, alerts (hidden when few and the viewer may not read alerts) and the feedback summary.
import { Alert, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Indicators } from '../../../quality/indicator.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { formatNumber, formatRate } from './format.ts';

const RATES = [
  'fillRate',
  'attendanceRate',
  'completionRate',
  'dropoutRate',
  'transitionRate3',
  'transitionRate6',
] as const;

export function RateCells({ indicators }: { indicators: Indicators }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {RATES.map((key) => (
        <Table.Td key={key}>{formatRate(indicators[key].value, t, i18n.language)}</Table.Td>
      ))}
    </>
  );
}

/** The column headers RateCells fills, and the feedback column after them. */
export function RateHeaderCells() {
  const { t } = useTranslation();
  return (
    <>
      {RATES.map((key) => (
        <Table.Th scope="col" key={key}>
          {t(`quality.indicators.${key}`)}
        </Table.Th>
      ))}
      <Table.Th scope="col">{t('quality.indicators.feedback')}</Table.Th>
    </>
  );
}

/** Loading and the failure of an indicators query: a record the viewer may not see reads as "no access". */
export function IndicatorsPending({ query }: { query: { isPending: boolean; isError: boolean; error: unknown } }) {
  const { t } = useTranslation();
  if (query.isPending) return <Loading text={t('quality.common.loading')} />;
  if (!query.isError) return null;
  return (
    <Alert color="red.9" variant="outline" role="alert">
      {isProblem(query.error, 'not_found') || isProblem(query.error, 'forbidden')
        ? t('quality.common.noAccess')
        : t('quality.common.failed')}
    </Alert>
  );
}

export function IndicatorView({ indicators, headingOrder = 2 }: { indicators: Indicators; headingOrder?: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const feedback = indicators.feedback;
  const percent = (value: number) => formatNumber(value * 100, i18n.language, 0);
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} component="dl" m={0}>
        {RATES.map((key) => (
          <div key={key}>
            <Text component="dt" fw={600}>
              {t(`quality.indicators.${key}`)}
            </Text>
            <Text component="dd" m={0}>
              {indicators[key].value === null && indicators[key].base > 0
                ? `${t('quality.common.notShown')} (${t('quality.indicators.suppressed')})`
                : formatRate(indicators[key].value, t, i18n.language)}{' '}
              <Text span size="sm">
                {t('quality.indicators.base', { count: indicators[key].base })}
              </Text>
            </Text>
          </div>
        ))}
        <div>
          <Text component="dt" fw={600}>
            {t('quality.indicators.capacity')}
          </Text>
          <Text component="dd" m={0}>
            {indicators.capacity === null
              ? t('quality.indicators.unlimited')
              : formatNumber(indicators.capacity, i18n.language)}
          </Text>
        </div>
        <div>
          <Text component="dt" fw={600}>
            {t('quality.indicators.alerts')}
          </Text>
          <Text component="dd" m={0}>
            {indicators.alerts === null
              ? t('quality.indicators.alertsHidden')
              : t('quality.indicators.alertCounts', indicators.alerts)}
          </Text>
        </div>
      </SimpleGrid>
      <Text>
        {t('quality.indicators.enrolments')}:{' '}
        {(['waiting', 'active', 'completed', 'droppedOut', 'notStarted'] as const)
          .map((status) => `${t(`quality.indicators.${status}`)} ${indicators.enrolments[status]}`)
          .join(' · ')}
      </Text>
      <Title order={headingOrder === 2 ? 3 : 4}>{t('quality.indicators.feedbackTitle')}</Title>
      <Text>{t('quality.indicators.responses', { count: feedback.responses })}</Text>
      {feedback.shown ? (
        <>
          <Table withTableBorder>
            <caption style={{ textAlign: 'start' }}>{t('quality.indicators.feedbackTitle')}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('quality.indicators.question')}</Table.Th>
                <Table.Th scope="col">{t('quality.indicators.mean')}</Table.Th>
                <Table.Th scope="col">{t('quality.indicators.agree')}</Table.Th>
                <Table.Th scope="col">{t('quality.indicators.answered')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {feedback.questions.map((question) => (
                <Table.Tr key={question.question}>
                  <Table.Th scope="row" fw={400}>
                    {t(`quality.indicators.questions.${question.question}`)}
                  </Table.Th>
                  <Table.Td>
                    {question.mean === null
                      ? t('quality.common.notShown')
                      : formatNumber(question.mean, i18n.language, 1)}
                  </Table.Td>
                  <Table.Td>{formatRate(question.agreeShare, t, i18n.language)}</Table.Td>
                  <Table.Td>{question.answered}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {feedback.recommend ? (
            <Text>
              {t('quality.indicators.recommend')}:{' '}
              {t('quality.indicators.recommendShares', {
                yes: percent(feedback.recommend.yes),
                notSure: percent(feedback.recommend.not_sure),
                no: percent(feedback.recommend.no),
              })}
            </Text>
          ) : null}
          {feedback.comments !== null ? (
            <Stack gap={4}>
              <Text fw={600}>{t('quality.indicators.comments')}</Text>
              {feedback.comments.length === 0 ? (
                <Text>{t('quality.indicators.noComments')}</Text>
              ) : (
                <List>
                  {feedback.comments.map((comment, index) => (
                    // Comments have no identity of their own; their (alphabetical) position is stable.
                    <List.Item key={index}>{comment}</List.Item>
                  ))}
                </List>
              )}
            </Stack>
          ) : null}
        </>
      ) : (
        <Text>{t('quality.indicators.feedbackHidden', { threshold: feedback.threshold })}</Text>
      )}
    </Stack>
  );
}
