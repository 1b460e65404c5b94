// The form of a new payment request: it states the two-month rule with today's latest due date and what may
// still be requested per strand and year; the server decides (its field errors appear next to their fields).
import { Button, Group, NativeSelect, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { GrantLedger } from '../../../funding/payment.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { formatMoney, MoneyInput } from '../../components/money.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { fieldError, germanDate, Outcome } from '../funding-shared/funding-kit.tsx';
import { useFailureText } from './payment-kit.tsx';
import { newIdempotencyKey, useCreatePaymentRequest } from './payments-api.ts';

interface LineState {
  /** "FB1/2021" */
  position: string;
  amountCents: number | null;
  dueOn: string;
  purpose: string;
}

export function RequestForm({ ledger }: { ledger: GrantLedger }) {
  const { t } = useTranslation();
  // The rules' refusals in the user's language (the server's message otherwise).
  const lineError = (error: unknown, field: string, requestable: number | undefined): string | undefined => {
    if (!isProblem(error, 'validation_failed')) return undefined;
    const codes = error.codesFor(field);
    if (codes.includes('due_too_late')) {
      return t('fundingPayments.requestForm.dueTooLate', {
        months: ledger.rule.dueWithinMonths,
        date: germanDate(ledger.rule.latestDueOn),
      });
    }
    if (codes.includes('exceeds_requestable')) {
      return t('fundingPayments.requestForm.exceedsRequestable', { amount: formatMoney(requestable ?? 0) });
    }
    if (codes.includes('duplicate_line')) return t('fundingPayments.requestForm.duplicateLine');
    return fieldError(error, field);
  };
  const create = useCreatePaymentRequest();
  const failure = useFailureText();
  const open = ledger.amounts.filter((amount) => amount.requestableCents > 0);
  const blankLine = (): LineState => ({
    position: open[0] ? `${open[0].strand}/${open[0].budgetYear}` : '',
    amountCents: null,
    dueOn: ledger.rule.today,
    purpose: '',
  });
  const [lines, setLines] = useState<LineState[]>(() => [blankLine()]);
  const [justification, setJustification] = useState('');
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [attempt, setAttempt] = useState(0);

  const rule = t('fundingPayments.requestForm.rule', {
    months: ledger.rule.dueWithinMonths,
    date: germanDate(ledger.rule.latestDueOn),
  });
  const change = (index: number, patch: Partial<LineState>) =>
    setLines((current) => current.map((line, i) => (i === index ? { ...line, ...patch } : line)));

  function submit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    create.mutate(
      {
        idempotencyKey,
        body: {
          grantId: ledger.grantId,
          justification: justification || null,
          lines: lines.map((line) => {
            const [strand = '', year = '0'] = line.position.split('/');
            return {
              strand,
              budgetYear: Number(year),
              amountCents: line.amountCents ?? 0,
              dueOn: line.dueOn,
              purpose: line.purpose || null,
            };
          }),
        },
      },
      {
        onSuccess: () => {
          setLines([blankLine()]);
          setJustification('');
          setIdempotencyKey(newIdempotencyKey());
        },
        // The server answered: a corrected form is a new request. Only a lost answer is retried with the same key.
        onError: (error) => {
          if (isProblem(error)) setIdempotencyKey(newIdempotencyKey());
        },
      },
    );
  }

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate aria-labelledby="request-form-heading" aria-describedby="request-form-rule">
        <Stack gap="sm">
          <Title order={2} id="request-form-heading">
            {t('fundingPayments.requestForm.heading')}
          </Title>
          <Text id="request-form-rule" fw={500}>
            {rule}
          </Text>
          {create.isError ? <FormError key={attempt}>{failure(create.error)}</FormError> : null}
          {create.isSuccess ? (
            <Outcome key={`ok-${attempt}`}>{t('fundingPayments.requestForm.created')}</Outcome>
          ) : null}
          {open.length === 0 ? <Text>{t('fundingPayments.requestForm.nothingRequestable')}</Text> : null}
          {lines.map((line, index) => {
            const n = index + 1;
            const position = ledger.amounts.find((a) => `${a.strand}/${a.budgetYear}` === line.position);
            const field = (name: string) =>
              lineError(create.error, `lines.${index}.${name}`, position?.requestableCents);
            return (
              <fieldset key={index} style={{ border: '1px solid var(--mantine-color-gray-4)', padding: '0.75rem' }}>
                <legend>{t('fundingPayments.requestForm.line', { n })}</legend>
                <Stack gap="xs">
                  <NativeSelect
                    id={`request-line-${index}-position`}
                    label={t('fundingPayments.requestForm.strandYear')}
                    value={line.position}
                    onChange={(event) => change(index, { position: event.currentTarget.value })}
                    error={field('strand')}
                    data={ledger.amounts.map((amount) => ({
                      value: `${amount.strand}/${amount.budgetYear}`,
                      label: t('fundingPayments.requestForm.strandYearOption', {
                        strand: amount.strand,
                        year: amount.budgetYear,
                        amount: formatMoney(amount.requestableCents),
                      }),
                    }))}
                  />
                  <Group grow align="flex-start">
                    <MoneyInput
                      id={`request-line-${index}-amount`}
                      label={t('fundingPayments.requestForm.amount')}
                      value={line.amountCents}
                      onChange={(cents) => change(index, { amountCents: cents })}
                      error={field('amountCents')}
                      required
                    />
                    <TextInput
                      id={`request-line-${index}-dueOn`}
                      type="date"
                      label={t('fundingPayments.requestForm.dueOn')}
                      description={t('fundingPayments.requestForm.dueHint', {
                        date: germanDate(ledger.rule.latestDueOn),
                      })}
                      value={line.dueOn}
                      onChange={(event) => change(index, { dueOn: event.currentTarget.value })}
                      error={field('dueOn')}
                      required
                    />
                  </Group>
                  <TextInput
                    id={`request-line-${index}-purpose`}
                    label={t('fundingPayments.requestForm.purpose')}
                    value={line.purpose}
                    onChange={(event) => change(index, { purpose: event.currentTarget.value })}
                    maxLength={1000}
                  />
                  {lines.length > 1 ? (
                    <Button
                      variant="subtle"
                      color="red.9"
                      size="xs"
                      onClick={() => setLines((current) => current.filter((_, i) => i !== index))}
                    >
                      {t('fundingPayments.requestForm.removeLine', { n })}
                    </Button>
                  ) : null}
                </Stack>
              </fieldset>
            );
          })}
          <Group>
            <Button variant="outline" onClick={() => setLines((current) => [...current, blankLine()])}>
              {t('fundingPayments.requestForm.addLine')}
            </Button>
          </Group>
          <Textarea
            label={t('fundingPayments.requestForm.justification')}
            value={justification}
            onChange={(event) => setJustification(event.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={4000}
          />
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('fundingPayments.requestForm.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
