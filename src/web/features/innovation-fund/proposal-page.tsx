// /funding/innovation/proposals/$proposalId: a proposal with its requested amounts and documents; its proposer
// uploads the concept, submits (until the deadline) or withdraws it; committee members score it.
import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InnovationProposal } from '../../../funding/innovation.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { Money } from '../../components/money.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { useMe } from '../../lib/me.ts';
import { formatDate, formatDateTime } from '../cases/format.ts';
import { DocumentsSection } from './documents-section.tsx';
import { useCall, useProposal, useProposalAction } from './innovation-api.ts';
import { Outcome } from '../funding-shared/funding-kit.tsx';
import { innovationRoles, LoadFailed, useFailureText } from './innovation-kit.tsx';
import { ScoringSection } from './scoring-section.tsx';

function ProposalActions({ proposal }: { proposal: InnovationProposal }) {
  const { t, i18n } = useTranslation();
  const action = useProposalAction(proposal.id);
  const failureText = useFailureText();
  const [outcome, setOutcome] = useState<{ round: number; text: string; tone: 'success' | 'error' } | null>(null);
  const canWithdraw = proposal.status === 'submitted' || proposal.status === 'shortlisted';
  if (!proposal.editable && !canWithdraw) return null;
  const run = async (kind: 'submit' | 'withdraw') => {
    const round = (outcome?.round ?? 0) + 1;
    try {
      await action.mutateAsync({ action: kind, version: proposal.version });
      setOutcome({
        round,
        tone: 'success',
        text: t(kind === 'submit' ? 'innovation.proposal.submitted' : 'innovation.proposal.withdrawn'),
      });
    } catch (error) {
      let text = failureText(error);
      if (isProblem(error, 'validation_failed') && error.codesFor('documents').includes('concept_missing')) {
        text = t('innovation.proposal.conceptMissing');
      }
      if (isProblem(error, 'conflict') && error.detail?.includes('deadline')) {
        const deadline = /\((.+)\)/.exec(error.detail)?.[1];
        text = t('innovation.proposal.deadlinePassed', { deadline: formatDateTime(deadline, i18n.language) });
      }
      setOutcome({ round, tone: 'error', text });
    }
  };
  return (
    <Stack gap="sm">
      {outcome ? (
        <Outcome key={outcome.round} tone={outcome.tone}>
          {outcome.text}
        </Outcome>
      ) : null}
      <Group>
        {proposal.editable ? (
          <Button onClick={() => void run('submit')} loading={action.isPending}>
            {t('innovation.proposal.submit')}
          </Button>
        ) : null}
        {canWithdraw ? (
          <Button variant="default" onClick={() => void run('withdraw')} loading={action.isPending}>
            {t('innovation.proposal.withdraw')}
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text component="dt" fw={600}>
        {label}
      </Text>
      <Text component="dd" m={0}>
        {children}
      </Text>
    </div>
  );
}

export function ProposalPage({ proposalId }: { proposalId: string }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const proposal = useProposal(proposalId);
  const call = useCall(proposal.data?.callId ?? '');
  const roles = me.data ? innovationRoles(me.data) : null;

  if (proposal.isPending) return <Loading text={t('innovation.common.loading')} />;
  if (proposal.isError) {
    return (
      <Stack gap="md">
        <PageTitle>{t('innovation.title')}</PageTitle>
        <LoadFailed error={proposal.error} onRetry={() => void proposal.refetch()} />
      </Stack>
    );
  }
  const data = proposal.data;
  const competing = ['submitted', 'shortlisted', 'selected', 'decided'].includes(data.status);
  return (
    <Stack gap="lg">
      <AnchorLink to="/funding/innovation/calls/$callId" params={{ callId: data.callId }}>
        {data.callTitle}
      </AnchorLink>
      <PageTitle>{data.title}</PageTitle>
      <section aria-labelledby="proposal-details-heading">
        <Title order={2} id="proposal-details-heading" mb="sm">
          {t('innovation.proposal.details')}
        </Title>
        <Paper withBorder p="md">
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }} component="dl" spacing="xs">
              <Fact label={t('innovation.proposal.applicant')}>{data.applicantName}</Fact>
              <Fact label={t('innovation.proposal.municipality')}>{data.municipalityName}</Fact>
              <Fact label={t('innovation.proposal.period')}>
                {t('innovation.proposal.periodValue', {
                  from: formatDate(data.periodFrom, i18n.language),
                  to: formatDate(data.periodTo, i18n.language),
                })}
              </Fact>
              <Fact label={t('innovation.proposal.status')}>{t(`innovation.proposalStatus.${data.status}`)}</Fact>
              {data.submittedAt ? (
                <Fact label={t('innovation.proposal.submittedAt')}>
                  {formatDateTime(data.submittedAt, i18n.language)}
                </Fact>
              ) : null}
              {data.applicationId ? (
                <Fact label={t('innovation.proposal.application')}>
                  <Anchor href={`/funding/applications/${data.applicationId}`}>
                    {t('innovation.proposal.applicationLink')}
                  </Anchor>
                </Fact>
              ) : null}
            </SimpleGrid>
            {data.summary ? (
              <>
                <Title order={3}>{t('innovation.proposal.summary')}</Title>
                <Text style={{ whiteSpace: 'pre-wrap' }}>{data.summary}</Text>
              </>
            ) : null}
            <Table striped>
              <Table.Caption>{t('innovation.proposal.amountsCaption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('innovation.proposal.year')}</Table.Th>
                  <Table.Th scope="col">{t('innovation.proposal.amount')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.amounts.map((amount) => (
                  <Table.Tr key={amount.budgetYear}>
                    <Table.Th scope="row">{amount.budgetYear}</Table.Th>
                    <Table.Td>
                      <Money cents={amount.amountCents} />
                    </Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Th scope="row">{t('innovation.proposal.total')}</Table.Th>
                  <Table.Td>
                    <Money cents={data.requestedCents} />
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
            <ProposalActions proposal={data} />
          </Stack>
        </Paper>
      </section>
      <DocumentsSection proposal={data} />
      {roles?.committee && competing && call.data ? <ScoringSection proposal={data} call={call.data} /> : null}
    </Stack>
  );
}
