// The form to draft a proposal: call, municipality where the project runs, title, summary, period and the
// amounts requested per budget year (typed in euros, sent as cents). The server checks eligibility against the
// programme's definition; its field errors are shown at the fields.
import {
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../accounts/profile.schema.ts';
import type { InnovationCall } from '../../../funding/innovation.schema.ts';
import { MoneyInput } from '../../components/money.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { newIdempotencyKey, useCreateProposal } from './innovation-api.ts';
import { Outcome } from '../funding-shared/funding-kit.tsx';
import { useFailureText } from './innovation-kit.tsx';

interface AmountRow {
  key: number;
  year: number | '';
  cents: number | null;
}

export function ProposeForm({
  me,
  calls,
  onCreated,
}: {
  me: Me;
  calls: readonly InnovationCall[];
  onCreated: (proposalId: string) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateProposal();
  const failureText = useFailureText();
  const open = calls.filter((call) => call.acceptsProposals);
  const [callId, setCallId] = useState(open[0]?.id ?? '');
  const [municipalityId, setMunicipalityId] = useState(me.activeMunicipalityId ?? me.municipalities[0]?.id ?? '');
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [periodFrom, setPeriodFrom] = useState('');
  const [periodTo, setPeriodTo] = useState('');
  const nextKey = useRef(1);
  const [amounts, setAmounts] = useState<AmountRow[]>([{ key: 0, year: '', cents: null }]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<{ round: number; text: string } | null>(null);
  const idempotencyKey = useRef(newIdempotencyKey());

  if (open.length === 0) {
    return (
      <section aria-labelledby="propose-heading">
        <Title order={2} id="propose-heading" mb="sm">
          {t('innovation.propose.heading')}
        </Title>
        <Text>{t('innovation.propose.noOpenCall')}</Text>
      </section>
    );
  }

  const setAmount = (key: number, change: Partial<AmountRow>) =>
    setAmounts((rows) => rows.map((row) => (row.key === key ? { ...row, ...change } : row)));

  const submit = async () => {
    const required = t('innovation.common.required');
    const found: Record<string, string> = {};
    if (title.trim() === '') found.title = required;
    if (periodFrom === '') found.periodFrom = required;
    if (periodTo === '') found.periodTo = required;
    amounts.forEach((row, index) => {
      if (row.year === '') found[`amounts.${index}.budgetYear`] = required;
      if (row.cents === null || row.cents <= 0) found[`amounts.${index}.amountCents`] = required;
    });
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setOutcome({ round: (outcome?.round ?? 0) + 1, text: t('innovation.common.invalid') });
      return;
    }
    try {
      const created = await create.mutateAsync({
        idempotencyKey: idempotencyKey.current,
        body: {
          callId,
          municipalityId,
          title: title.trim(),
          summary: summary.trim(),
          periodFrom,
          periodTo,
          amounts: amounts.map((row) => ({ budgetYear: Number(row.year), amountCents: row.cents ?? 0 })),
        },
      });
      idempotencyKey.current = newIdempotencyKey();
      onCreated(created.id);
    } catch (error) {
      if (isProblem(error, 'validation_failed')) {
        setErrors(Object.fromEntries(error.fieldErrors.map((problem) => [problem.field, problem.message])));
      }
      setOutcome({ round: (outcome?.round ?? 0) + 1, text: failureText(error) });
    }
  };

  return (
    <section aria-labelledby="propose-heading">
      <Paper withBorder p="md">
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!create.isPending) void submit();
          }}
        >
          <Stack gap="sm">
            <Title order={2} id="propose-heading">
              {t('innovation.propose.heading')}
            </Title>
            <Text size="sm">{t('innovation.propose.hint')}</Text>
            {outcome ? (
              <Outcome key={outcome.round} tone="error">
                {outcome.text}
              </Outcome>
            ) : null}
            <NativeSelect
              id="proposal-call"
              label={t('innovation.propose.call')}
              value={callId}
              error={errors.callId}
              onChange={(event) => setCallId(event.currentTarget.value)}
              data={open.map((call) => ({ value: call.id, label: call.title }))}
            />
            {me.municipalities.length > 1 ? (
              <NativeSelect
                id="proposal-municipality"
                label={t('innovation.propose.municipality')}
                value={municipalityId}
                error={errors.municipalityId}
                onChange={(event) => setMunicipalityId(event.currentTarget.value)}
                data={me.municipalities.map((municipality) => ({ value: municipality.id, label: municipality.name }))}
              />
            ) : null}
            <TextInput
              id="proposal-title"
              label={t('innovation.propose.proposalTitle')}
              required
              value={title}
              error={errors.title}
              onChange={(event) => setTitle(event.currentTarget.value)}
            />
            <Textarea
              id="proposal-summary"
              label={t('innovation.propose.summary')}
              autosize
              minRows={3}
              value={summary}
              error={errors.summary}
              onChange={(event) => setSummary(event.currentTarget.value)}
            />
            <Group grow align="flex-start">
              <TextInput
                id="proposal-period-from"
                type="date"
                label={t('innovation.propose.periodFrom')}
                required
                value={periodFrom}
                error={errors.periodFrom}
                onChange={(event) => setPeriodFrom(event.currentTarget.value)}
              />
              <TextInput
                id="proposal-period-to"
                type="date"
                label={t('innovation.propose.periodTo')}
                required
                value={periodTo}
                error={errors.periodTo}
                onChange={(event) => setPeriodTo(event.currentTarget.value)}
              />
            </Group>
            <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
              <legend>
                <Text fw={600}>{t('innovation.propose.amounts')}</Text>
              </legend>
              <Stack gap="xs">
                {amounts.map((row, index) => (
                  <Group key={row.key} align="flex-end">
                    <NumberInput
                      id={`proposal-year-${index}`}
                      label={t('innovation.propose.yearNumber', { number: index + 1 })}
                      min={2000}
                      max={2100}
                      allowDecimal={false}
                      hideControls
                      value={row.year}
                      error={errors[`amounts.${index}.budgetYear`]}
                      onChange={(value) => setAmount(row.key, { year: typeof value === 'number' ? value : '' })}
                    />
                    <MoneyInput
                      id={`proposal-amount-${index}`}
                      label={t('innovation.propose.amountNumber', { number: index + 1 })}
                      value={row.cents}
                      error={errors[`amounts.${index}.amountCents`]}
                      onChange={(cents) => setAmount(row.key, { cents })}
                    />
                    {amounts.length > 1 ? (
                      <Button
                        variant="default"
                        onClick={() => setAmounts((rows) => rows.filter((other) => other.key !== row.key))}
                      >
                        {t('innovation.propose.removeYear', { number: index + 1 })}
                      </Button>
                    ) : null}
                  </Group>
                ))}
                <Group>
                  <Button
                    variant="default"
                    onClick={() => {
                      const key = nextKey.current;
                      nextKey.current += 1;
                      setAmounts((rows) => [...rows, { key, year: '', cents: null }]);
                    }}
                  >
                    {t('innovation.propose.addYear')}
                  </Button>
                </Group>
              </Stack>
            </fieldset>
            <Group>
              <Button type="submit" loading={create.isPending}>
                {t('innovation.propose.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </section>
  );
}
