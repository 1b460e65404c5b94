// The steering committee's ranking of a call: the FB5 cap (decided, selected, remaining), the proposals by
// weighted mean with each criterion's mean, spread and scorers, how ties were broken, and for the approving
// authority the selection once the ranking is closed.
import { Button, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InnovationCall, RankedProposal } from '../../../funding/innovation.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { formatMoney, Money } from '../../components/money.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { intlLocale } from '../../lib/language.ts';
import { useProposals, useRanking, useSelectProposal } from './innovation-api.ts';
import { Outcome } from '../funding-shared/funding-kit.tsx';
import { LoadFailed, useFailureText } from './innovation-kit.tsx';

function CapSummary({
  cap,
  committed,
  pending,
  remaining,
}: Record<'cap' | 'committed' | 'pending' | 'remaining', number | null>) {
  const { t } = useTranslation();
  if (cap === null) return <Text>{t('innovation.cap.none')}</Text>;
  const entries = [
    ['cap', cap],
    ['committed', committed],
    ['pending', pending],
    ['remaining', remaining],
  ] as const;
  return (
    <Paper withBorder p="md" aria-labelledby="cap-heading" component="section">
      <Title order={3} id="cap-heading" mb="xs">
        {t('innovation.cap.heading')}
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 4 }} component="dl" spacing="xs">
        {entries.map(([key, cents]) => (
          <div key={key}>
            <Text component="dt" fw={600}>
              {t(`innovation.cap.${key}`)}
            </Text>
            <Text component="dd" m={0} data-testid={`cap-${key}`}>
              <Money cents={cents ?? 0} />
            </Text>
          </div>
        ))}
      </SimpleGrid>
    </Paper>
  );
}

export function RankingSection({ call, maySelect }: { call: InnovationCall; maySelect: boolean }) {
  const { t, i18n } = useTranslation();
  const ranking = useRanking(call.id, true);
  // The versions of the proposals (If-Match of a selection) come with the list.
  const proposals = useProposals(call.id);
  const select = useSelectProposal();
  const failureText = useFailureText();
  const [outcome, setOutcome] = useState<{ round: number; text: string; tone: 'success' | 'error' } | null>(null);
  const number = new Intl.NumberFormat(intlLocale(i18n.language), { maximumFractionDigits: 2 });
  const percent = (value: number) => `${number.format(value)} %`;

  if (ranking.isPending) return <Loading text={t('innovation.common.loading')} />;
  if (ranking.isError) return <LoadFailed error={ranking.error} onRetry={() => void ranking.refetch()} />;
  const data = ranking.data;
  const titleOf = (id: string) => data.proposals.find((entry) => entry.proposalId === id)?.title ?? id;
  const labelOf = (code: string) => call.criteria.find((criterion) => criterion.code === code)?.label ?? code;

  const tieText = (entry: RankedProposal): string | null => {
    if (!entry.tie) return null;
    const others = entry.tie.with.map(titleOf).join(', ');
    return entry.tie.brokenBy
      ? t('innovation.ranking.tieBroken', { others, breaker: t(`innovation.ranking.breakers.${entry.tie.brokenBy}`) })
      : t('innovation.ranking.tieUnbroken', { others });
  };

  const choose = async (entry: RankedProposal) => {
    const round = (outcome?.round ?? 0) + 1;
    const version = proposals.data?.items.find((item) => item.id === entry.proposalId)?.version;
    if (version === undefined) return;
    try {
      await select.mutateAsync({ proposalId: entry.proposalId, version });
      setOutcome({ round, tone: 'success', text: t('innovation.ranking.selected', { title: entry.title }) });
    } catch (error) {
      const overCap =
        isProblem(error, 'conflict') && data.remainingCents !== null && entry.requestedCents > data.remainingCents;
      setOutcome({
        round,
        tone: 'error',
        text: overCap
          ? t('innovation.ranking.overCap', {
              remaining: formatMoney(data.remainingCents ?? 0),
              requested: formatMoney(entry.requestedCents),
            })
          : failureText(error),
      });
    }
  };

  return (
    <section aria-labelledby="ranking-heading">
      <Stack gap="sm">
        <Title order={2} id="ranking-heading">
          {t('innovation.ranking.heading')}
        </Title>
        <Text size="sm">{t('innovation.ranking.explanation')}</Text>
        <CapSummary
          cap={data.capCents}
          committed={data.committedCents}
          pending={data.selectedPendingCents}
          remaining={data.remainingCents}
        />
        <Text>{t('innovation.ranking.members', { count: data.members })}</Text>
        {outcome ? (
          <Outcome key={outcome.round} tone={outcome.tone}>
            {outcome.text}
          </Outcome>
        ) : null}
        {data.proposals.length === 0 ? (
          <Text>{t('innovation.ranking.empty')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={800}>
            <Table striped>
              <Table.Caption>{t('innovation.ranking.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('innovation.ranking.rank')}</Table.Th>
                  <Table.Th scope="col">{t('innovation.ranking.proposal')}</Table.Th>
                  <Table.Th scope="col">{t('innovation.ranking.requested')}</Table.Th>
                  <Table.Th scope="col">{t('innovation.ranking.weighted')}</Table.Th>
                  <Table.Th scope="col">{t('innovation.ranking.perCriterion')}</Table.Th>
                  <Table.Th scope="col">{t('innovation.ranking.scorers')}</Table.Th>
                  <Table.Th scope="col">{t('innovation.ranking.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.proposals.map((entry) => {
                  const tie = tieText(entry);
                  const selectable =
                    maySelect &&
                    call.status === 'ranking_closed' &&
                    (entry.status === 'submitted' || entry.status === 'shortlisted');
                  return (
                    <Table.Tr key={entry.proposalId}>
                      <Table.Td>{entry.rank ?? '–'}</Table.Td>
                      <Table.Td>
                        <AnchorLink
                          to="/funding/innovation/proposals/$proposalId"
                          params={{ proposalId: entry.proposalId }}
                        >
                          {entry.title}
                        </AnchorLink>
                        <Text size="sm">
                          {entry.applicantName} · {entry.municipalityName}
                        </Text>
                        {tie ? <Text size="sm">{tie}</Text> : null}
                      </Table.Td>
                      <Table.Td>
                        <Money cents={entry.requestedCents} />
                      </Table.Td>
                      <Table.Td>
                        {entry.weightedPercent === null
                          ? t('innovation.ranking.notRanked')
                          : percent(entry.weightedPercent)}
                      </Table.Td>
                      <Table.Td>
                        {entry.criteria.map((criterion) => (
                          <Text size="sm" key={criterion.criterion}>
                            {criterion.mean === null
                              ? t('innovation.ranking.criterionUnscored', { label: labelOf(criterion.criterion) })
                              : t('innovation.ranking.criterionMean', {
                                  label: labelOf(criterion.criterion),
                                  mean: number.format(criterion.mean),
                                  spread: criterion.spread ?? 0,
                                  scorers: criterion.scorers,
                                })}
                          </Text>
                        ))}
                      </Table.Td>
                      <Table.Td>{entry.scorers}</Table.Td>
                      <Table.Td>
                        <Stack gap={4} align="flex-start">
                          <Text size="sm">{t(`innovation.proposalStatus.${entry.status}`)}</Text>
                          {selectable ? (
                            <Button size="xs" onClick={() => void choose(entry)} loading={select.isPending}>
                              {t('innovation.ranking.select', { title: entry.title })}
                            </Button>
                          ) : null}
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </section>
  );
}
