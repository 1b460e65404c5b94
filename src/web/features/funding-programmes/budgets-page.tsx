// State budgets and their allocation (/funding/budgets). Everyone who reads budgets sees the state budgets of a
// programme and year with what is allocated and what remains, and the recipients' budgets with committed, paid
// and remaining amounts (a municipality: its own). The approving authority sets a strand's budget, distributes it
// (preview, then apply) and enters allocation keys and population figures.
import { Alert, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AmountCell } from './amount-cell.tsx';
import type { StateBudget } from '../../../funding/budget.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { useMe } from '../../lib/me.ts';
import { useAllocations, useProgrammes, useStateBudgets } from './api/funding-programmes-api.ts';
import { AllocationPanel } from './allocation-panel.tsx';
import { KeyForm, PopulationForm } from './budget-data-forms.tsx';
import { SetBudgetForm } from './set-budget-form.tsx';
import { can } from '../../lib/permissions.ts';
import { ScrollTable } from '../../components/scroll-region.tsx';

const YEARS = Array.from({ length: 2030 - 2019 + 1 }, (_, index) => String(2019 + index));

export function BudgetsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const programmes = useProgrammes();
  const [chosenProgramme, setProgrammeId] = useState<string | null>(null);
  const [budgetYear, setBudgetYear] = useState<string>('2021');
  const [selected, setSelected] = useState<StateBudget | null>(null);
  const readable = me.data ? can(me.data, 'read', 'budget') : false;
  const manages = me.data ? can(me.data, 'update', 'budget') : false;
  const programmeId = chosenProgramme ?? programmes.data?.items[0]?.id ?? null;
  const filter = { ...(programmeId ? { programmeId } : {}), budgetYear: Number(budgetYear) };
  const budgets = useStateBudgets(filter, readable && programmeId !== null);
  const allocations = useAllocations(filter, readable && programmeId !== null);
  const programme = programmes.data?.items.find((p) => p.id === programmeId);
  return (
    <Stack gap="lg">
      <PageTitle>{t('fundingProgrammes.budgets.title')}</PageTitle>
      <Text>{t('fundingProgrammes.budgets.intro')}</Text>
      <AnchorLink to="/funding">{t('fundingProgrammes.common.backToHub')}</AnchorLink>
      {me.data && !readable ? <Text>{t('fundingProgrammes.common.noAccess')}</Text> : null}
      {readable ? (
        <Group align="flex-end">
          <Select
            label={t('fundingProgrammes.dashboard.programme')}
            data={(programmes.data?.items ?? []).map((p) => ({ value: p.id, label: p.shortName }))}
            value={programmeId}
            onChange={(value) => {
              setProgrammeId(value);
              setSelected(null);
            }}
            allowDeselect={false}
          />
          <Select
            label={t('fundingProgrammes.dashboard.year')}
            data={YEARS}
            value={budgetYear}
            onChange={(value) => {
              if (value) setBudgetYear(value);
              setSelected(null);
            }}
            allowDeselect={false}
          />
        </Group>
      ) : null}
      {budgets.isPending && readable && programmeId ? <Loading text={t('fundingProgrammes.common.loading')} /> : null}
      {budgets.isError || allocations.isError ? (
        <Alert color="red.9" variant="outline" role="alert">
          {t('fundingProgrammes.common.failed')}
        </Alert>
      ) : null}
      {budgets.data ? (
        <section aria-labelledby="state-budgets">
          <Title order={2} id="state-budgets" mb="sm">
            {t('fundingProgrammes.budgets.stateTitle')}
          </Title>
          {budgets.data.items.length === 0 ? (
            <Text>{t('fundingProgrammes.budgets.noStateBudgets')}</Text>
          ) : (
            <ScrollTable
              caption={t('fundingProgrammes.budgets.stateCaption')}
              minWidth={800}
              columns={[
                t('fundingProgrammes.dashboard.strand'),
                t('fundingProgrammes.rules.distribution'),
                t('fundingProgrammes.dashboard.stateBudget'),
                t('fundingProgrammes.dashboard.allocated'),
                t('fundingProgrammes.budgets.remainder'),
                manages ? t('fundingProgrammes.budgets.actions') : null,
              ]}
            >
              {budgets.data.items.map((budget) => (
                <Table.Tr key={budget.strand}>
                  <Table.Th scope="row" fw={400}>
                    {budget.strandName ? `${budget.strand} – ${budget.strandName}` : budget.strand}
                  </Table.Th>
                  <Table.Td>
                    {budget.distribution ? t(`fundingProgrammes.distributions.${budget.distribution}`) : ''}
                  </Table.Td>
                  <AmountCell cents={budget.amountCents} />
                  <AmountCell cents={budget.allocatedCents} />
                  <AmountCell cents={budget.remainingCents} />
                  {manages ? (
                    <Table.Td>
                      {budget.distribution === 'key' || budget.distribution === 'posts_formula' ? (
                        <Button
                          variant="default"
                          size="xs"
                          onClick={() => setSelected(budget)}
                          aria-label={t('fundingProgrammes.budgets.distributeStrand', { strand: budget.strand })}
                        >
                          {t('fundingProgrammes.budgets.distribute')}
                        </Button>
                      ) : null}
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </ScrollTable>
          )}
        </section>
      ) : null}
      {manages && selected ? <AllocationPanel key={selected.id} budget={selected} /> : null}
      {manages && programme ? (
        <SetBudgetForm
          programmeId={programme.id}
          strands={programme.strands.map((s) => s.code)}
          budgetYear={Number(budgetYear)}
          existing={budgets.data?.items ?? []}
        />
      ) : null}
      {allocations.data ? (
        <section aria-labelledby="recipient-budgets">
          <Title order={2} id="recipient-budgets" mb="sm">
            {t('fundingProgrammes.budgets.recipientsTitle')}
          </Title>
          {allocations.data.items.length === 0 ? (
            <Text>{t('fundingProgrammes.budgets.noAllocations')}</Text>
          ) : (
            <ScrollTable
              caption={t('fundingProgrammes.budgets.recipientsCaption')}
              minWidth={900}
              columns={[
                t('fundingProgrammes.dashboard.municipality'),
                t('fundingProgrammes.dashboard.strand'),
                t('fundingProgrammes.budgets.basis'),
                t('fundingProgrammes.dashboard.budget'),
                t('fundingProgrammes.dashboard.committed'),
                t('fundingProgrammes.dashboard.paid'),
                t('fundingProgrammes.dashboard.remaining'),
              ]}
            >
              {allocations.data.items.map((row) => (
                <Table.Tr key={`${row.municipalityId}-${row.strand}`}>
                  <Table.Th scope="row" fw={400}>
                    {row.municipalityName}
                  </Table.Th>
                  <Table.Td>{row.strand}</Table.Td>
                  <Table.Td>
                    {row.method ? t(`fundingProgrammes.methods.${row.method}`) : ''}
                    {row.weight ? ` (${row.weight.replace('.', ',')})` : ''}
                  </Table.Td>
                  <AmountCell cents={row.amountCents} />
                  <AmountCell cents={row.committedCents} />
                  <AmountCell cents={row.paidCents} />
                  <AmountCell cents={row.remainingCents} />
                </Table.Tr>
              ))}
            </ScrollTable>
          )}
        </section>
      ) : null}
      {me.data && can(me.data, 'create', 'budget') ? (
        <>
          <KeyForm />
          <PopulationForm />
        </>
      ) : null}
    </Stack>
  );
}
