// /funding/innovation/calls/$callId: the call with its criteria; for the approving authority the steps of the
// call (publish, close the ranking, complete); for the steering committee the ranking with the remaining cap,
// and for the authority the selection; for proposers their own proposals to the call.
import { Button, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InnovationCall } from '../../../funding/innovation.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { useMe } from '../../lib/me.ts';
import { formatDateTime } from '../cases/format.ts';
import { useCall, useCallTransition, useProposals } from './innovation-api.ts';
import { Outcome } from '../funding-shared/funding-kit.tsx';
import { innovationRoles, LoadFailed, useFailureText } from './innovation-kit.tsx';
import { RankingSection } from './ranking-section.tsx';
import { Money } from '../../components/money.tsx';

const NEXT_STATUS = { draft: 'published', published: 'ranking_closed', ranking_closed: 'completed' } as const;
const ACTION_LABEL = { published: 'publish', ranking_closed: 'closeRanking', completed: 'complete' } as const;

function CallSteps({ call }: { call: InnovationCall }) {
  const { t } = useTranslation();
  const change = useCallTransition(call.id);
  const failureText = useFailureText();
  const [outcome, setOutcome] = useState<{ round: number; text: string; tone: 'success' | 'error' } | null>(null);
  if (call.status === 'completed') return null;
  const next = NEXT_STATUS[call.status];
  const run = async () => {
    const round = (outcome?.round ?? 0) + 1;
    try {
      const changed = await change.mutateAsync({ status: next, version: call.version });
      setOutcome({
        round,
        tone: 'success',
        text: t('innovation.call.changed', { status: t(`innovation.callStatus.${changed.status}`) }),
      });
    } catch (error) {
      setOutcome({ round, tone: 'error', text: failureText(error) });
    }
  };
  return (
    <section aria-labelledby="call-steps-heading">
      <Title order={2} id="call-steps-heading" mb="sm">
        {t('innovation.call.actions')}
      </Title>
      <Stack gap="sm">
        {outcome ? (
          <Outcome key={outcome.round} tone={outcome.tone}>
            {outcome.text}
          </Outcome>
        ) : null}
        <Group>
          <Button onClick={() => void run()} loading={change.isPending}>
            {t(`innovation.call.${ACTION_LABEL[next]}`)}
          </Button>
        </Group>
      </Stack>
    </section>
  );
}

function MyProposals({ callId }: { callId: string }) {
  const { t, i18n } = useTranslation();
  const proposals = useProposals(callId);
  return (
    <section aria-labelledby="my-proposals-heading">
      <Title order={2} id="my-proposals-heading" mb="sm">
        {t('innovation.call.mine')}
      </Title>
      {proposals.isPending ? (
        <Loading text={t('innovation.common.loading')} />
      ) : proposals.isError ? (
        <LoadFailed error={proposals.error} onRetry={() => void proposals.refetch()} />
      ) : proposals.data.items.length === 0 ? (
        <Text>{t('innovation.call.mineEmpty')}</Text>
      ) : (
        <Table striped>
          <Table.Caption>{t('innovation.call.mine')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('innovation.ranking.proposal')}</Table.Th>
              <Table.Th scope="col">{t('innovation.proposal.municipality')}</Table.Th>
              <Table.Th scope="col">{t('innovation.ranking.requested')}</Table.Th>
              <Table.Th scope="col">{t('innovation.proposal.status')}</Table.Th>
              <Table.Th scope="col">{t('innovation.proposal.submittedAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {proposals.data.items.map((proposal) => (
              <Table.Tr key={proposal.id}>
                <Table.Td>
                  <AnchorLink to="/funding/innovation/proposals/$proposalId" params={{ proposalId: proposal.id }}>
                    {proposal.title}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{proposal.municipalityName}</Table.Td>
                <Table.Td>
                  <Money cents={proposal.requestedCents} />
                </Table.Td>
                <Table.Td>{t(`innovation.proposalStatus.${proposal.status}`)}</Table.Td>
                <Table.Td>{formatDateTime(proposal.submittedAt, i18n.language)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </section>
  );
}

export function CallPage({ callId }: { callId: string }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const call = useCall(callId);
  const roles = me.data ? innovationRoles(me.data) : null;

  if (call.isPending) return <Loading text={t('innovation.common.loading')} />;
  if (call.isError) {
    return (
      <Stack gap="md">
        <PageTitle>{t('innovation.title')}</PageTitle>
        <LoadFailed error={call.error} onRetry={() => void call.refetch()} />
      </Stack>
    );
  }
  const data = call.data;
  return (
    <Stack gap="lg">
      <AnchorLink to="/funding/innovation">{t('innovation.common.back')}</AnchorLink>
      <PageTitle>{data.title}</PageTitle>
      <section aria-labelledby="call-details-heading">
        <Title order={2} id="call-details-heading" mb="sm">
          {t('innovation.call.details')}
        </Title>
        <Paper withBorder p="md">
          <Stack gap="sm">
            {data.description ? <Text>{data.description}</Text> : null}
            <SimpleGrid cols={{ base: 1, sm: 2 }} component="dl" spacing="xs">
              <div>
                <Text component="dt" fw={600}>
                  {t('innovation.call.programme')}
                </Text>
                <Text component="dd" m={0}>
                  {data.programmeName} ({t('innovation.call.strand')} {data.strand})
                </Text>
              </div>
              <div>
                <Text component="dt" fw={600}>
                  {t('innovation.calls.status')}
                </Text>
                <Text component="dd" m={0}>
                  {t(`innovation.callStatus.${data.status}`)}
                </Text>
              </div>
              <div>
                <Text component="dt" fw={600}>
                  {t('innovation.calls.opensAt')}
                </Text>
                <Text component="dd" m={0}>
                  {formatDateTime(data.opensAt, i18n.language)}
                </Text>
              </div>
              <div>
                <Text component="dt" fw={600}>
                  {t('innovation.calls.deadline')}
                </Text>
                <Text component="dd" m={0}>
                  {formatDateTime(data.deadline, i18n.language)}
                </Text>
              </div>
            </SimpleGrid>
            <Title order={3}>{t('innovation.call.criteria')}</Title>
            <List>
              {data.criteria.map((criterion) => (
                <List.Item key={criterion.code}>
                  {t('innovation.call.criterionLine', {
                    label: criterion.label,
                    weight: criterion.weight,
                    maxScore: criterion.maxScore,
                  })}
                </List.Item>
              ))}
            </List>
          </Stack>
        </Paper>
      </section>
      {roles?.prepares ? <CallSteps call={data} /> : null}
      {roles && (roles.committee || roles.prepares) && data.status !== 'draft' ? (
        <RankingSection call={data} maySelect={roles.prepares} />
      ) : null}
      {roles?.proposes ? <MyProposals callId={callId} /> : null}
    </Stack>
  );
}
