// Distributing a strand's state budget of a year (the approving authority): by an allocation key (largest
// remainder, exact to the cent) or by the FB6 post formula from population figures. The preview shows every
// recipient's amount, what the state budget keeps, and whether it fits; applying writes exactly that (computed
// again on the server under the budget's lock).
import { Alert, Button, Checkbox, Fieldset, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AmountCell } from './amount-cell.tsx';
import type { AllocationPreview, AllocationRequest, StateBudget } from '../../../funding/budget.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { MoneyInput } from '../../components/money.tsx';
import { ProblemError } from '../../lib/api-request.ts';
import {
  useAllocationKeys,
  useApplyAllocation,
  usePopulation,
  usePreviewAllocation,
} from './api/funding-programmes-api.ts';
import { germanDate } from '../funding-shared/funding-kit.tsx';
import { formatDecimal } from './funding-format.ts';
import { ScrollRegion } from '../../components/scroll-region.tsx';

export function AllocationPanel({ budget }: { budget: StateBudget }) {
  const { t } = useTranslation();
  const byKey = budget.distribution === 'key';
  const keys = useAllocationKeys(byKey);
  const population = usePopulation(undefined, !byKey);
  const preview = usePreviewAllocation();
  const apply = useApplyAllocation();
  const [keyId, setKeyId] = useState<string | null>(null);
  const [amount, setAmount] = useState<number | null>(null);
  const [referenceDate, setReferenceDate] = useState<string | null>(null);
  const [scale, setScale] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [applied, setApplied] = useState(false);
  const budgetId = budget.id;
  const date = referenceDate ?? population.data?.referenceDate ?? null;
  const request: AllocationRequest | null = byKey
    ? keyId
      ? { method: 'key', keyId, ...(amount === null ? {} : { amountCents: amount }) }
      : null
    : date
      ? { method: 'posts_formula', referenceDate: date, scaleToBudget: scale }
      : null;

  async function showPreview() {
    if (!request) return;
    setAttempt((n) => n + 1);
    setApplied(false);
    apply.reset();
    await preview.mutateAsync({ budgetId, request }).catch(() => undefined);
  }

  async function applyAllocation() {
    if (!request) return;
    setAttempt((n) => n + 1);
    await apply
      .mutateAsync({ budgetId, request })
      .then(() => setApplied(true))
      .catch(() => undefined);
  }

  const failed = preview.error ?? apply.error;
  return (
    <Fieldset legend={t('fundingProgrammes.allocation.title', { strand: budget.strand, year: budget.budgetYear })}>
      <Stack gap="sm">
        <Text size="sm">
          {byKey ? t('fundingProgrammes.allocation.byKeyHelp') : t('fundingProgrammes.allocation.byFormulaHelp')}
        </Text>
        {byKey ? (
          <Group align="flex-end">
            <Select
              label={t('fundingProgrammes.allocation.key')}
              data={(keys.data?.items ?? []).map((k) => ({
                value: k.id,
                label: `${k.name} (${germanDate(k.referenceDate)})`,
              }))}
              value={keyId}
              onChange={setKeyId}
              required
              w={360}
            />
            <MoneyInput
              label={t('fundingProgrammes.allocation.amount')}
              description={t('fundingProgrammes.allocation.amountHelp')}
              value={amount}
              onChange={setAmount}
              w={260}
            />
          </Group>
        ) : (
          <Group align="flex-end">
            <Select
              label={t('fundingProgrammes.allocation.referenceDate')}
              data={(population.data?.referenceDates ?? []).map((d) => ({ value: d, label: germanDate(d) }))}
              value={date}
              onChange={setReferenceDate}
              required
              w={220}
            />
            <Checkbox
              label={t('fundingProgrammes.allocation.scale')}
              checked={scale}
              onChange={(event) => setScale(event.currentTarget.checked)}
            />
          </Group>
        )}
        {byKey && keys.data?.items.length === 0 ? <Text>{t('fundingProgrammes.allocation.noKeys')}</Text> : null}
        {!byKey && population.data?.referenceDates.length === 0 ? (
          <Text>{t('fundingProgrammes.allocation.noFigures')}</Text>
        ) : null}
        <Group>
          <Button variant="default" onClick={() => void showPreview()} disabled={!request} loading={preview.isPending}>
            {t('fundingProgrammes.allocation.preview')}
          </Button>
        </Group>
        {preview.data && !preview.isPending ? <PreviewTable preview={preview.data} /> : null}
        {preview.data && !applied ? (
          <Group>
            <Button
              onClick={() => void applyAllocation()}
              loading={apply.isPending}
              disabled={!preview.data.fitsBudget || !preview.data.coversCommitments}
            >
              {t('fundingProgrammes.allocation.apply')}
            </Button>
          </Group>
        ) : null}
        {applied && apply.data ? (
          <Alert color="green.9" variant="outline" role="status">
            {t('fundingProgrammes.allocation.applied', { count: preview.data?.lines.length ?? 0 })}
          </Alert>
        ) : null}
        {failed ? (
          <FormError key={attempt}>
            {failed instanceof ProblemError && failed.status === 409
              ? t('fundingProgrammes.allocation.refused')
              : failed instanceof ProblemError && failed.fieldErrors.length > 0
                ? failed.fieldErrors.map((e) => e.message).join('; ')
                : t('fundingProgrammes.common.saveFailed')}
          </FormError>
        ) : null}
      </Stack>
    </Fieldset>
  );
}

function PreviewTable({ preview }: { preview: AllocationPreview }) {
  const { t } = useTranslation();
  const weight =
    preview.method === 'key' ? t('fundingProgrammes.allocation.share') : t('fundingProgrammes.allocation.posts');
  return (
    <Stack gap="sm">
      <ScrollRegion label={t('fundingProgrammes.allocation.previewCaption')} minWidth={800}>
        <Table withTableBorder striped>
          <caption style={{ textAlign: 'start', fontWeight: 600 }}>
            {t('fundingProgrammes.allocation.previewCaption')}
          </caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('fundingProgrammes.dashboard.municipality')}</Table.Th>
              <Table.Th scope="col">{weight}</Table.Th>
              <Table.Th scope="col">{t('fundingProgrammes.allocation.current')}</Table.Th>
              <Table.Th scope="col">{t('fundingProgrammes.allocation.new')}</Table.Th>
              <Table.Th scope="col">{t('fundingProgrammes.dashboard.committed')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.lines.map((line) => (
              <Table.Tr key={line.municipalityId}>
                <Table.Th scope="row" fw={400}>
                  {line.municipalityName}
                </Table.Th>
                <Table.Td ta="right">{formatDecimal(line.weight)}</Table.Td>
                <AmountCell cents={line.currentCents} />
                <AmountCell cents={line.amountCents} />
                <AmountCell cents={line.committedCents} />
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollRegion>
      <Table withTableBorder variant="vertical" w="auto">
        <Table.Tbody>
          <Sum label={t('fundingProgrammes.dashboard.stateBudget')} cents={preview.budgetCents} />
          <Sum label={t('fundingProgrammes.allocation.distributed')} cents={preview.distributedCents} />
          <Sum label={t('fundingProgrammes.allocation.allocatedAfter')} cents={preview.allocatedAfterCents} />
          <Sum label={t('fundingProgrammes.budgets.remainder')} cents={preview.remainingAfterCents} />
        </Table.Tbody>
      </Table>
      {preview.excluded.length > 0 ? (
        <Text size="sm">
          {t('fundingProgrammes.allocation.excluded', {
            names: preview.excluded
              .map((e) => `${e.municipalityName} (${t(`fundingProgrammes.allocation.reasons.${e.reason}`)})`)
              .join(', '),
          })}
        </Text>
      ) : null}
      {!preview.fitsBudget ? (
        <Alert color="red.9" variant="outline" role="alert">
          {t('fundingProgrammes.allocation.overBudget')}
        </Alert>
      ) : null}
      {!preview.coversCommitments ? (
        <Alert color="red.9" variant="outline" role="alert">
          {t('fundingProgrammes.allocation.belowCommitted')}
        </Alert>
      ) : null}
    </Stack>
  );
}

function Sum({ label, cents }: { label: string; cents: number }) {
  return (
    <Table.Tr>
      <Table.Th scope="row">{label}</Table.Th>
      <AmountCell cents={cents} />
    </Table.Tr>
  );
}
