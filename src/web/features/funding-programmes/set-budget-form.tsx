// Setting a strand's state budget of a year (the approving authority): created when the year has none, changed
// with the version the page shows otherwise. Less than is already allocated is refused by the server.
import { Button, Fieldset, Group, Select, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StateBudget } from '../../../funding/budget.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { MoneyInput, formatMoney } from '../../components/money.tsx';
import { ProblemError } from '../../lib/api-request.ts';
import { useSetStateBudget } from './api/funding-programmes-api.ts';

export function SetBudgetForm(props: {
  programmeId: string;
  strands: string[];
  budgetYear: number;
  existing: readonly StateBudget[];
}) {
  const { t } = useTranslation();
  const save = useSetStateBudget();
  const [strand, setStrand] = useState<string | null>(props.strands[0] ?? null);
  const [amount, setAmount] = useState<number | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [saved, setSaved] = useState<string | null>(null);
  const current = props.existing.find((budget) => budget.strand === strand);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!strand || amount === null) return;
    setAttempt((n) => n + 1);
    setSaved(null);
    try {
      const result = await save.mutateAsync({
        programmeId: props.programmeId,
        strand,
        budgetYear: props.budgetYear,
        amountCents: amount,
        existing: current ? { id: current.id, version: current.version } : null,
      });
      setSaved(t('fundingProgrammes.budgets.saved', { strand, amount: formatMoney(result.amountCents) }));
    } catch {
      // Shown below.
    }
  }

  const error = save.error instanceof ProblemError ? save.error : null;
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Fieldset legend={t('fundingProgrammes.budgets.setTitle', { year: props.budgetYear })}>
        <Group align="flex-end">
          <Select
            label={t('fundingProgrammes.dashboard.strand')}
            data={props.strands}
            value={strand}
            onChange={setStrand}
            allowDeselect={false}
            w={140}
          />
          <MoneyInput
            label={t('fundingProgrammes.budgets.amount')}
            description={
              current
                ? t('fundingProgrammes.budgets.currentAmount', { amount: formatMoney(current.amountCents) })
                : undefined
            }
            value={amount}
            onChange={setAmount}
            required
            w={260}
          />
          <Button type="submit" loading={save.isPending} disabled={amount === null}>
            {t('fundingProgrammes.budgets.setButton')}
          </Button>
        </Group>
        {saved ? (
          <Text role="status" mt="sm">
            {saved}
          </Text>
        ) : null}
        {save.error ? (
          <FormError key={attempt}>
            {error?.status === 409
              ? t('fundingProgrammes.budgets.belowAllocated')
              : error?.status === 412
                ? t('fundingProgrammes.common.conflict')
                : t('fundingProgrammes.common.saveFailed')}
          </FormError>
        ) : null}
      </Fieldset>
    </form>
  );
}
