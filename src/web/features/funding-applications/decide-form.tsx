// The decision form: financing type, period, the amounts per strand and year as suggested from the plan and the
// rules (the officer may lower them), special conditions and reasons; issues the Zuwendungsbescheid (PDF).
import { Button, Group, NativeSelect, Paper, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../../../funding/application.schema.ts';
import type { FinancingType } from '../../../funding/funding.codes.ts';
import type { DecisionProposal } from '../../../funding/grant.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { formatRate, Money, MoneyInput } from '../../components/money.tsx';
import { fieldError } from '../funding-shared/funding-kit.tsx';
import { LoadFailed, useFailureText } from './application-kit.tsx';
import { useDecide, useDecisionProposal } from './applications-api.ts';

function ProposalForm({
  application,
  proposal,
  financingType,
  onFinancingType,
  onDecided,
}: {
  application: Application;
  proposal: DecisionProposal;
  financingType: FinancingType;
  onFinancingType: (type: FinancingType) => void;
  onDecided: (grantId: string) => void;
}) {
  const { t } = useTranslation();
  const decide = useDecide(application);
  const failure = useFailureText();
  const [periodFrom, setPeriodFrom] = useState(proposal.periodFrom);
  const [periodTo, setPeriodTo] = useState(proposal.periodTo);
  const [amounts, setAmounts] = useState<(number | null)[]>(() => proposal.amounts.map((a) => a.amountCents));
  const [specialConditions, setSpecialConditions] = useState('');
  const [reason, setReason] = useState('');
  const [attempt, setAttempt] = useState(0);

  function submit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    // mutateAsync, not mutate's own onSuccess: the decision refreshes the application, which unmounts this form
    // (the application is no longer in review) before a per-call callback would run, and the grant never opened.
    void decide
      .mutateAsync({
        periodFrom,
        periodTo,
        financingType,
        fundingRateBp: proposal.fundingRateBp,
        amounts: proposal.amounts.map((row, index) => {
          const amountCents = amounts[index] ?? 0;
          // Unit amount × count describes the suggested amount only; a lowered amount stands on its own.
          const byUnits = amountCents === row.amountCents;
          return {
            strand: row.strand,
            budgetYear: row.budgetYear,
            amountCents,
            unitCents: byUnits ? row.unitCents : null,
            unitCount: byUnits ? row.unitCount : null,
          };
        }),
        specialConditions,
        reason,
      })
      .then((grant) => onDecided(grant.id))
      // The failure is shown from the mutation's state (decide.error) above the form.
      .catch(() => undefined);
  }

  return (
    <form onSubmit={submit} noValidate aria-label={t('fundingApplications.decide.heading')}>
      <Stack gap="sm">
        {decide.isError ? <FormError key={attempt}>{failure(decide.error)}</FormError> : null}
        <Group grow align="start">
          <NativeSelect
            id="decide-financing-type"
            label={t('fundingApplications.decide.financingType')}
            value={financingType}
            onChange={(event) => onFinancingType(event.currentTarget.value as FinancingType)}
            data={proposal.financingTypes.map((value) => ({
              value,
              label: t(`fundingApplications.financingType.${value}`),
            }))}
          />
          <TextInput
            type="date"
            id="decide-period-from"
            label={t('fundingApplications.decide.periodFrom')}
            value={periodFrom}
            onChange={(event) => setPeriodFrom(event.currentTarget.value)}
            error={fieldError(decide.error, 'periodFrom')}
          />
          <TextInput
            type="date"
            id="decide-period-to"
            label={t('fundingApplications.decide.periodTo')}
            value={periodTo}
            onChange={(event) => setPeriodTo(event.currentTarget.value)}
            error={fieldError(decide.error, 'periodTo')}
          />
        </Group>
        {proposal.fundingRateBp === null ? null : (
          <Text>
            {t('fundingApplications.decide.fundingRate')}: {formatRate(proposal.fundingRateBp)}
          </Text>
        )}
        <Table striped>
          <Table.Caption>{t('fundingApplications.decide.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('fundingApplications.decide.strand')}</Table.Th>
              <Table.Th scope="col">{t('fundingApplications.decide.year')}</Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>
                {t('fundingApplications.decide.eligible')}
              </Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>
                {t('fundingApplications.decide.proposed')}
              </Table.Th>
              <Table.Th scope="col">{t('fundingApplications.decide.amount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {proposal.amounts.map((row, index) => (
              <Table.Tr key={`${row.strand}-${row.budgetYear}`}>
                <Table.Td>{row.strand}</Table.Td>
                <Table.Td>{row.budgetYear}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>
                  <Money cents={row.eligibleCents} />
                </Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>
                  <Money cents={row.amountCents} />
                </Table.Td>
                <Table.Td>
                  <MoneyInput
                    id={`decide-amount-${index}`}
                    aria-label={t('fundingApplications.decide.amountLabel', {
                      strand: row.strand,
                      year: row.budgetYear,
                    })}
                    value={amounts[index] ?? null}
                    onChange={(cents) => setAmounts((current) => current.map((v, i) => (i === index ? cents : v)))}
                    error={fieldError(decide.error, `amounts.${index}.amountCents`)}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="sm">{t('fundingApplications.decide.conditions', { conditions: proposal.conditions })}</Text>
        <Textarea
          id="decide-special-conditions"
          label={t('fundingApplications.decide.specialConditions')}
          value={specialConditions}
          onChange={(event) => setSpecialConditions(event.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Textarea
          id="decide-reason"
          label={t('fundingApplications.decide.reason')}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Button type="submit" loading={decide.isPending} style={{ alignSelf: 'start' }}>
          {t('fundingApplications.decide.submit')}
        </Button>
      </Stack>
    </form>
  );
}

export function DecideForm({
  application,
  onDecided,
}: {
  application: Application;
  onDecided: (grantId: string) => void;
}) {
  const { t } = useTranslation();
  const [financingType, setFinancingType] = useState<FinancingType | null>(null);
  const proposal = useDecisionProposal(application.id, financingType, true);
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={3}>{t('fundingApplications.decide.heading')}</Title>
        <Text>{t('fundingApplications.decide.intro')}</Text>
        {proposal.isPending ? (
          <Loading text={t('fundingApplications.common.loading')} />
        ) : proposal.isError ? (
          <LoadFailed error={proposal.error} onRetry={() => void proposal.refetch()} />
        ) : (
          <ProposalForm
            key={proposal.data.financingType}
            application={application}
            proposal={proposal.data}
            financingType={proposal.data.financingType}
            onFinancingType={setFinancingType}
            onDecided={onDecided}
          />
        )}
      </Stack>
    </Paper>
  );
}
