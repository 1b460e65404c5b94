// The funding dashboard: per programme, budget year, strand and municipality the budget, what is committed by
// decisions, what is paid and what remains; per strand the cost per participant and per successful transition
// (paid and committed euros ÷ people). Accessible tables rather than charts. Counts of people that leave the
// municipality (the ministry's and the authority's view) arrive suppressed: shown as ".", with the rule stated.
import { Alert, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AmountCell } from './amount-cell.tsx';
import type { Dashboard } from '../../../funding/dashboard.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { useDashboard, useProgrammes } from './api/funding-programmes-api.ts';
import { ScrollTable } from '../../components/scroll-region.tsx';

const YEARS = Array.from({ length: 2030 - 2019 + 1 }, (_, index) => String(2019 + index));

function Count({ value }: { value: number | null }) {
  const { t } = useTranslation();
  return value === null ? (
    <abbr title={t('fundingProgrammes.dashboard.suppressedTitle')}>.</abbr>
  ) : (
    <span>{value.toLocaleString('de-DE')}</span>
  );
}

export function FundingDashboard() {
  const { t } = useTranslation();
  const programmes = useProgrammes();
  const [programmeId, setProgrammeId] = useState<string | null>(null);
  const [budgetYear, setBudgetYear] = useState<string | null>(null);
  const [strand, setStrand] = useState<string | null>(null);
  const [municipalityId, setMunicipalityId] = useState<string | null>(null);
  const filter = {
    ...(programmeId ? { programmeId } : {}),
    ...(budgetYear ? { budgetYear: Number(budgetYear) } : {}),
    ...(strand ? { strand } : {}),
    ...(municipalityId ? { municipalityId } : {}),
  };
  const dashboard = useDashboard(filter);
  // The municipalities to filter by: those of the unfiltered view (kept while a filter narrows it).
  const [known, setKnown] = useState<Map<string, string>>(new Map());
  const rows = dashboard.data?.municipalities ?? [];
  if (rows.some((row) => !known.has(row.municipalityId))) {
    setKnown(new Map([...known, ...rows.map((row) => [row.municipalityId, row.municipalityName] as const)]));
  }
  const strands = [...new Set((programmes.data?.items ?? []).flatMap((p) => p.strands.map((s) => s.code)))].sort();
  return (
    <section aria-labelledby="funding-dashboard">
      <Stack gap="md">
        <Title order={2} id="funding-dashboard">
          {t('fundingProgrammes.dashboard.title')}
        </Title>
        <Text>{t('fundingProgrammes.dashboard.intro')}</Text>
        <Group gap="md" align="flex-end">
          <Select
            label={t('fundingProgrammes.dashboard.programme')}
            placeholder={t('fundingProgrammes.dashboard.all')}
            data={(programmes.data?.items ?? []).map((p) => ({ value: p.id, label: p.shortName }))}
            value={programmeId}
            onChange={setProgrammeId}
            clearable
          />
          <Select
            label={t('fundingProgrammes.dashboard.year')}
            placeholder={t('fundingProgrammes.dashboard.all')}
            data={YEARS}
            value={budgetYear}
            onChange={setBudgetYear}
            clearable
          />
          <Select
            label={t('fundingProgrammes.dashboard.strand')}
            placeholder={t('fundingProgrammes.dashboard.all')}
            data={strands}
            value={strand}
            onChange={setStrand}
            clearable
          />
          {dashboard.data?.scope === 'all' || municipalityId ? (
            <Select
              label={t('fundingProgrammes.dashboard.municipality')}
              placeholder={t('fundingProgrammes.dashboard.all')}
              data={[...known]
                .map(([value, label]) => ({ value, label }))
                .sort((a, b) => a.label.localeCompare(b.label))}
              value={municipalityId}
              onChange={setMunicipalityId}
              searchable
              clearable
            />
          ) : null}
        </Group>
        {dashboard.isPending ? <Loading text={t('fundingProgrammes.common.loading')} /> : null}
        {dashboard.isError ? (
          <Alert color="red.9" variant="outline" role="alert">
            <Text mb="sm">{t('fundingProgrammes.common.failed')}</Text>
            <Button variant="default" onClick={() => void dashboard.refetch()}>
              {t('fundingProgrammes.common.retry')}
            </Button>
          </Alert>
        ) : null}
        {dashboard.data ? <DashboardTables data={dashboard.data} /> : null}
      </Stack>
    </section>
  );
}

function DashboardTables({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  if (data.municipalities.length === 0 && data.strands.length === 0) {
    return <Text>{t('fundingProgrammes.dashboard.empty')}</Text>;
  }
  return (
    <Stack gap="lg">
      {data.disclosure.applied ? (
        <Text size="sm">
          {t('fundingProgrammes.dashboard.disclosure', {
            threshold: data.disclosure.threshold,
            base: data.disclosure.minimumAverageBase,
          })}
        </Text>
      ) : null}
      {data.strands.length > 0 ? (
        <ScrollTable
          caption={t('fundingProgrammes.dashboard.strandsCaption')}
          minWidth={900}
          columns={[
            t('fundingProgrammes.dashboard.programme'),
            t('fundingProgrammes.dashboard.year'),
            t('fundingProgrammes.dashboard.strand'),
            t('fundingProgrammes.dashboard.stateBudget'),
            t('fundingProgrammes.dashboard.allocated'),
            t('fundingProgrammes.dashboard.committed'),
            t('fundingProgrammes.dashboard.paid'),
            t('fundingProgrammes.dashboard.remaining'),
          ]}
        >
          {data.strands.map((row) => (
            <Table.Tr key={`${row.programmeId}-${row.budgetYear}-${row.strand}`}>
              <Table.Td>{row.programmeCode}</Table.Td>
              <Table.Td>{row.budgetYear}</Table.Td>
              <Table.Th scope="row" fw={400}>
                {row.strandName ? `${row.strand} – ${row.strandName}` : row.strand}
              </Table.Th>
              <AmountCell cents={row.stateBudgetCents} />
              <AmountCell cents={row.allocatedCents} />
              <AmountCell cents={row.committedCents} />
              <AmountCell cents={row.paidCents} />
              <AmountCell cents={row.remainingCents} />
            </Table.Tr>
          ))}
        </ScrollTable>
      ) : null}
      {data.municipalities.length > 0 ? (
        <ScrollTable
          caption={t('fundingProgrammes.dashboard.municipalitiesCaption')}
          minWidth={900}
          columns={[
            t('fundingProgrammes.dashboard.municipality'),
            t('fundingProgrammes.dashboard.programme'),
            t('fundingProgrammes.dashboard.year'),
            t('fundingProgrammes.dashboard.strand'),
            t('fundingProgrammes.dashboard.budget'),
            t('fundingProgrammes.dashboard.committed'),
            t('fundingProgrammes.dashboard.paid'),
            t('fundingProgrammes.dashboard.remaining'),
          ]}
        >
          {data.municipalities.map((row) => (
            <Table.Tr key={`${row.municipalityId}-${row.programmeId}-${row.budgetYear}-${row.strand}`}>
              <Table.Th scope="row" fw={400}>
                {row.municipalityName}
              </Table.Th>
              <Table.Td>{row.programmeCode}</Table.Td>
              <Table.Td>{row.budgetYear}</Table.Td>
              <Table.Td>{row.strand}</Table.Td>
              <AmountCell cents={row.budgetCents} />
              <AmountCell cents={row.committedCents} />
              <AmountCell cents={row.paidCents} />
              <AmountCell cents={row.remainingCents} />
            </Table.Tr>
          ))}
        </ScrollTable>
      ) : null}
      {data.outcomes.length > 0 ? (
        <ScrollTable
          caption={t('fundingProgrammes.dashboard.outcomesCaption')}
          minWidth={1100}
          columns={[
            t('fundingProgrammes.dashboard.strand'),
            t('fundingProgrammes.dashboard.municipality'),
            t('fundingProgrammes.dashboard.paid'),
            t('fundingProgrammes.dashboard.participants'),
            t('fundingProgrammes.dashboard.placements'),
            t('fundingProgrammes.dashboard.perParticipantPaid'),
            t('fundingProgrammes.dashboard.perParticipantCommitted'),
            t('fundingProgrammes.dashboard.perPlacementPaid'),
            t('fundingProgrammes.dashboard.perPlacementCommitted'),
          ]}
        >
          {data.outcomes.map((row) => (
            <Table.Tr
              key={`${row.programmeId}-${row.strand}-${row.municipalityId ?? 'total'}`}
              fw={row.municipalityId === null ? 600 : undefined}
            >
              <Table.Td>{`${row.programmeCode} ${row.strand}`}</Table.Td>
              <Table.Th scope="row" fw={row.municipalityId === null ? 600 : 400}>
                {row.municipalityName ?? t('fundingProgrammes.dashboard.total')}
              </Table.Th>
              <AmountCell cents={row.paidCents} />
              <Table.Td ta="right">
                <Count value={row.participants} />
              </Table.Td>
              <Table.Td ta="right">
                <Count value={row.placements} />
              </Table.Td>
              <AmountCell cents={row.costPerParticipantPaidCents} />
              <AmountCell cents={row.costPerParticipantCommittedCents} />
              <AmountCell cents={row.costPerPlacementPaidCents} />
              <AmountCell cents={row.costPerPlacementCommittedCents} />
            </Table.Tr>
          ))}
        </ScrollTable>
      ) : null}
      <Text size="sm">{t('fundingProgrammes.dashboard.outcomesNote')}</Text>
    </Stack>
  );
}
