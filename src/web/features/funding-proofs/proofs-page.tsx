// /funding/proofs (all proofs the user works on) and the table of proofs shared with the grant's page: a provider
// sees its own; the municipality its own and its providers' (to check); the authority the municipalities' (to audit).
import { Button, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProofSummary } from '../../../funding/proof.schema.ts';
import { proofStatuses } from '../../../funding/funding.codes.ts';
import { Loading } from '../../components/loading.tsx';
import { Money } from '../../components/money.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { useMe } from '../../lib/me.ts';
import { ScrollRegion } from '../../components/scroll-region.tsx';
import { germanDate } from '../funding-shared/funding-kit.tsx';
import { LoadFailed, ProofStatusBadge, proofSides, useProofTitle, type ProofSides } from './proof-kit.tsx';
import { useProofs, type ProofFilters } from './proofs-api.ts';

type View = 'own' | 'check' | 'providers' | 'audit' | 'all';

function viewsOf(sides: ProofSides): View[] {
  if (sides.authority) return ['audit', 'all'];
  if (sides.municipality) return ['own', 'check', 'providers'];
  return ['own'];
}

function filtersOf(view: View, status: string): ProofFilters {
  switch (view) {
    case 'own':
      return { status };
    case 'check':
      return { origin: 'provider', status: 'submitted' };
    case 'providers':
      return { origin: 'provider', status };
    case 'audit':
      return { origin: 'municipality', status: 'submitted' };
    case 'all':
      return { status };
  }
}

export function ProofTable({ filters, caption }: { filters: ProofFilters; caption: string }) {
  const { t } = useTranslation();
  const title = useProofTitle();
  const [cursor, setCursor] = useState<string | undefined>();
  const proofs = useProofs({ ...filters, cursor });
  if (proofs.isPending) return <Loading text={t('fundingProofs.common.loading')} />;
  if (proofs.isError) return <LoadFailed error={proofs.error} onRetry={() => void proofs.refetch()} />;
  if (proofs.data.items.length === 0) return <Text>{t('fundingProofs.list.empty')}</Text>;
  const row = (proof: ProofSummary) => (
    <Table.Tr key={proof.id}>
      <Table.Td>
        <AnchorLink to="/funding/proofs/$proofId" params={{ proofId: proof.id }}>
          {title(proof)}
        </AnchorLink>
      </Table.Td>
      <Table.Td>{proof.grantReference}</Table.Td>
      <Table.Td>{proof.providerName ?? proof.municipalityName}</Table.Td>
      <Table.Td>
        {germanDate(proof.periodFrom)} – {germanDate(proof.periodTo)}
      </Table.Td>
      <Table.Td>{germanDate(proof.dueOn)}</Table.Td>
      <Table.Td>
        <ProofStatusBadge status={proof.status} />
      </Table.Td>
      <Table.Td style={{ textAlign: 'right' }}>
        <Money cents={proof.plannedCents} />
      </Table.Td>
      <Table.Td style={{ textAlign: 'right' }}>
        <Money cents={proof.actualCents} />
      </Table.Td>
    </Table.Tr>
  );
  return (
    <Stack gap="sm">
      <ScrollRegion label={caption} minWidth={900}>
        <Table striped>
          <Table.Caption>{caption}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('fundingProofs.list.proof')}</Table.Th>
              <Table.Th scope="col">{t('fundingProofs.list.grant')}</Table.Th>
              <Table.Th scope="col">{t('fundingProofs.list.recipient')}</Table.Th>
              <Table.Th scope="col">{t('fundingProofs.list.period')}</Table.Th>
              <Table.Th scope="col">{t('fundingProofs.list.due')}</Table.Th>
              <Table.Th scope="col">{t('fundingProofs.list.status')}</Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>
                {t('fundingProofs.list.planned')}
              </Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>
                {t('fundingProofs.list.actual')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{proofs.data.items.map(row)}</Table.Tbody>
        </Table>
      </ScrollRegion>
      <Group>
        {cursor ? (
          <Button variant="subtle" onClick={() => setCursor(undefined)}>
            {t('fundingProofs.list.first')}
          </Button>
        ) : null}
        {proofs.data.nextCursor ? (
          <Button variant="outline" onClick={() => setCursor(proofs.data.nextCursor ?? undefined)}>
            {t('fundingProofs.list.next')}
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}

export function ProofsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const sides = me.data ? proofSides(me.data) : { provider: false, municipality: false, authority: false };
  const views = viewsOf(sides);
  const [chosen, setView] = useState<View | null>(null);
  const [status, setStatus] = useState('');
  const view = chosen && views.includes(chosen) ? chosen : (views[0] ?? 'own');
  const fixedStatus = view === 'check' || view === 'audit';
  return (
    <Stack gap="lg">
      <PageTitle>{t('fundingProofs.list.title')}</PageTitle>
      <Text>{t('fundingProofs.list.intro')}</Text>
      <Group align="end">
        {views.length > 1 ? (
          <NativeSelect
            label={t('fundingProofs.list.view')}
            data={views.map((value) => ({ value, label: t(`fundingProofs.list.views.${value}`) }))}
            value={view}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setView(views.find((v) => v === value) ?? views[0] ?? 'own');
            }}
          />
        ) : null}
        {fixedStatus ? null : (
          <NativeSelect
            label={t('fundingProofs.list.status')}
            data={[
              { value: '', label: t('fundingProofs.list.anyStatus') },
              ...proofStatuses.map((value) => ({ value, label: t(`fundingProofs.status.${value}`) })),
            ]}
            value={status}
            onChange={(event) => setStatus(event.currentTarget.value)}
          />
        )}
      </Group>
      <ProofTable
        key={`${view}-${status}`}
        filters={filtersOf(view, status)}
        caption={t(`fundingProofs.list.views.${view}`)}
      />
    </Stack>
  );
}
