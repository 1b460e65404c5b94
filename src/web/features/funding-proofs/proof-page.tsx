// /funding/proofs/$proofId: one proof of use — its facts, what can be done now (submit, check, audit), the
// narrative report with the figures, the financial statement planned vs actual with the tolerance rule, the
// receipts, the providers' proofs attached, the audit with its recovery claims, and the files (PDF, XLSX).
import { Alert, Anchor, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ProofView } from '../../../funding/proof.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { Money } from '../../components/money.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { useMe } from '../../lib/me.ts';
import { ClaimsSection } from './claims-section.tsx';
import { FiguresTable, NarrativeSection } from './narrative-section.tsx';
import { ProofActions } from './proof-actions.tsx';
import { germanDate } from '../funding-shared/funding-kit.tsx';
import { LoadFailed, ProofStatusBadge, proofSides, useProofTitle } from './proof-kit.tsx';
import { PROOFS, useProof } from './proofs-api.ts';
import { ReceiptsSection } from './receipts-section.tsx';
import { StatementSection } from './statement-section.tsx';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="sm" fw={700}>
        {label}
      </Text>
      <Text component="div">{children}</Text>
    </Stack>
  );
}

function Facts({ proof, provider }: { proof: ProofView; provider: boolean }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
      <Fact label={t('fundingProofs.facts.recipient')}>{proof.municipalityName}</Fact>
      {proof.providerName ? <Fact label={t('fundingProofs.facts.provider')}>{proof.providerName}</Fact> : null}
      <Fact label={t('fundingProofs.facts.grant')}>
        {provider ? (
          proof.grantReference
        ) : (
          <AnchorLink to="/funding/grants/$grantId" params={{ grantId: proof.grantId }}>
            {proof.grantReference}
          </AnchorLink>
        )}
      </Fact>
      {proof.contractReference ? (
        <Fact label={t('fundingProofs.facts.contract')}>{proof.contractReference}</Fact>
      ) : null}
      <Fact label={t('fundingProofs.facts.period')}>
        {germanDate(proof.periodFrom)} – {germanDate(proof.periodTo)}
      </Fact>
      <Fact label={t('fundingProofs.facts.due')}>{germanDate(proof.dueOn)}</Fact>
      <Fact label={t('fundingProofs.facts.status')}>
        <ProofStatusBadge status={proof.status} />
      </Fact>
      <Fact label={t('fundingProofs.facts.submitted')}>{germanDate(proof.submittedAt)}</Fact>
    </SimpleGrid>
  );
}

function ProviderProofs({ proof }: { proof: ProofView }) {
  const { t } = useTranslation();
  if (proof.providerId !== null) return null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="provider-proofs-title">
      <Title order={2} id="provider-proofs-title">
        {t('fundingProofs.providers.title')}
      </Title>
      {proof.providerProofs.length === 0 ? (
        <Text>{t('fundingProofs.providers.none')}</Text>
      ) : (
        <Table striped>
          <Table.Caption>{t('fundingProofs.providers.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('fundingProofs.facts.provider')}</Table.Th>
              <Table.Th scope="col">{t('fundingProofs.facts.contract')}</Table.Th>
              <Table.Th scope="col">{t('fundingProofs.facts.status')}</Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>
                {t('fundingProofs.list.actual')}
              </Table.Th>
              <Table.Th scope="col">{t('fundingProofs.providers.attached')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {proof.providerProofs.map((other) => (
              <Table.Tr key={other.id}>
                <Table.Td>
                  <AnchorLink to="/funding/proofs/$proofId" params={{ proofId: other.id }}>
                    {other.providerName}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{other.contractReference}</Table.Td>
                <Table.Td>
                  <ProofStatusBadge status={other.status} />
                </Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>
                  <Money cents={other.actualCents} />
                </Table.Td>
                <Table.Td>
                  {other.attachedTo === proof.id ? t('fundingProofs.providers.yes') : t('fundingProofs.providers.no')}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

export function ProofPage({ proofId }: { proofId: string }) {
  const { t } = useTranslation();
  const title = useProofTitle();
  const me = useMe();
  const proof = useProof(proofId);
  if (proof.isPending) return <Loading text={t('fundingProofs.common.loading')} />;
  if (proof.isError) return <LoadFailed error={proof.error} onRetry={() => void proof.refetch()} />;
  const data = proof.data;
  const sides = me.data ? proofSides(me.data) : { provider: false, municipality: false, authority: false };
  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <PageTitle>{`${title(data)} · ${data.grantReference}`}</PageTitle>
        <Group gap="md">
          <AnchorLink to="/funding/proofs">{t('fundingProofs.page.back')}</AnchorLink>
          <AnchorLink to="/funding/grants/$grantId/proofs" params={{ grantId: data.grantId }}>
            {t('fundingProofs.page.grantProofs')}
          </AnchorLink>
          <Anchor href={`${PROOFS}/${data.id}/pdf`} download>
            {t('fundingProofs.page.pdf')}
          </Anchor>
          <Anchor href={`${PROOFS}/${data.id}/statement/xlsx`} download>
            {t('fundingProofs.page.xlsx')}
          </Anchor>
        </Group>
      </Stack>
      <Facts proof={data} provider={sides.provider} />
      {data.status === 'returned' && data.returnReason ? (
        <Alert color="red.9" variant="outline" title={t('fundingProofs.page.returned')}>
          {data.returnReason}
        </Alert>
      ) : null}
      <ProofActions proof={data} />
      <StatementSection proof={data} />
      <NarrativeSection proof={data} />
      <FiguresTable proof={data} />
      <ReceiptsSection proof={data} />
      <ProviderProofs proof={data} />
      <ClaimsSection proof={data} authority={sides.authority} />
    </Stack>
  );
}
