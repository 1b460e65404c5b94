// /funding/grants/$grantId/forwarding: what of a grant may be forwarded to providers, its forwarding contracts
// (conclude, end, cancel) and the draft of a new one; the municipality stays liable for forwarded money.
import { Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ForwardingContract, GrantForwarding } from '../../../funding/forwarding.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { formatMoney, MoneyInput } from '../../components/money.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { AmountsTable } from '../funding-shared/amounts-table.tsx';
import { fieldError, germanDate, Outcome } from '../funding-shared/funding-kit.tsx';
import { ContractStatusBadge, LoadFailed, useFailureText } from './payment-kit.tsx';
import { newIdempotencyKey, useContractStatus, useCreateContract, useGrantForwarding } from './payments-api.ts';

function Amounts({ forwarding }: { forwarding: GrantForwarding }) {
  const { t } = useTranslation();
  return (
    <AmountsTable
      id="forwarding-amounts-heading"
      heading={t('fundingPayments.forwarding.amountsHeading')}
      caption={t('fundingPayments.forwarding.amountsCaption')}
      minWidth={560}
      strandLabel={t('fundingPayments.common.strand')}
      yearLabel={t('fundingPayments.common.year')}
      columns={(['decided', 'forwarded', 'forwardable'] as const).map((column) =>
        t(`fundingPayments.forwarding.${column}`),
      )}
      rows={forwarding.amounts.map((row) => ({
        ...row,
        cents: [row.decidedCents, row.forwardedCents, row.forwardableCents],
      }))}
    />
  );
}

function ContractCard({ contract }: { contract: ForwardingContract }) {
  const { t } = useTranslation();
  const change = useContractStatus(contract);
  const failure = useFailureText();
  const [attempt, setAttempt] = useState(0);
  const actions =
    contract.status === 'draft'
      ? (['concluded', 'cancelled'] as const)
      : contract.status === 'concluded'
        ? (['ended', 'cancelled'] as const)
        : ([] as const);
  const actionText = { concluded: 'conclude', ended: 'end', cancelled: 'cancel' } as const;
  return (
    <Paper component="li" withBorder p="md">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h4">
            {t('fundingPayments.forwarding.contractTitle', {
              reference: contract.reference,
              provider: contract.providerName,
            })}
          </Title>
          <ContractStatusBadge status={contract.status} />
        </Group>
        <Text size="sm">
          {t('fundingPayments.forwarding.contractPeriod', {
            from: germanDate(contract.periodFrom),
            to: germanDate(contract.periodTo),
          })}
        </Text>
        <Text size="sm">{contract.purpose}</Text>
        <Text size="sm">
          {t('fundingPayments.forwarding.contractTotal', {
            amount: formatMoney(contract.totalCents),
            conditions: contract.conditions,
          })}{' '}
          ({contract.amounts.map((a) => `${a.strand} ${a.budgetYear}: ${formatMoney(a.amountCents)}`).join(', ')})
        </Text>
        {change.isError ? <FormError key={attempt}>{failure(change.error)}</FormError> : null}
        {change.isSuccess ? (
          <Outcome key={`ok-${attempt}`}>
            {t('fundingPayments.forwarding.changed', {
              status: t(`fundingPayments.contractStatus.${change.data.status}`),
            })}
          </Outcome>
        ) : null}
        {contract.canEdit && actions.length > 0 ? (
          <Group gap="xs">
            {actions.map((status) => {
              const action = t(`fundingPayments.forwarding.${actionText[status]}`);
              return (
                <Button
                  key={status}
                  size="xs"
                  variant={status === 'cancelled' ? 'outline' : 'filled'}
                  color={status === 'cancelled' ? 'red.9' : undefined}
                  loading={change.isPending}
                  aria-label={t('fundingPayments.forwarding.actionLabel', { action, reference: contract.reference })}
                  onClick={() => {
                    setAttempt((n) => n + 1);
                    change.mutate(status);
                  }}
                >
                  {action}
                </Button>
              );
            })}
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}

function NewContractForm({ forwarding }: { forwarding: GrantForwarding }) {
  const { t } = useTranslation();
  const create = useCreateContract(forwarding.grantId);
  const failure = useFailureText();
  const [providerId, setProviderId] = useState('');
  const [reference, setReference] = useState('');
  const [periodFrom, setPeriodFrom] = useState(forwarding.period.from);
  const [periodTo, setPeriodTo] = useState(forwarding.period.to);
  const [purpose, setPurpose] = useState('');
  const [amounts, setAmounts] = useState<(number | null)[]>(() => forwarding.amounts.map(() => null));
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [attempt, setAttempt] = useState(0);
  const error = (field: string) => fieldError(create.error, field);

  function submit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    create.mutate(
      {
        idempotencyKey,
        body: {
          providerId,
          reference,
          periodFrom,
          periodTo,
          purpose,
          amounts: forwarding.amounts.flatMap((row, index) => {
            const cents = amounts[index];
            return cents ? [{ strand: row.strand, budgetYear: row.budgetYear, amountCents: cents }] : [];
          }),
        },
      },
      {
        onSuccess: () => {
          setReference('');
          setPurpose('');
          setAmounts(forwarding.amounts.map(() => null));
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
      <form onSubmit={submit} noValidate aria-labelledby="new-contract-heading">
        <Stack gap="sm">
          <Title order={2} id="new-contract-heading">
            {t('fundingPayments.forwarding.newHeading')}
          </Title>
          {create.isError ? <FormError key={attempt}>{failure(create.error)}</FormError> : null}
          {create.isSuccess ? <Outcome key={`ok-${attempt}`}>{t('fundingPayments.forwarding.created')}</Outcome> : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label={t('fundingPayments.forwarding.provider')}
              value={providerId}
              onChange={(event) => setProviderId(event.currentTarget.value)}
              error={error('providerId')}
              required
              data={[
                { value: '', label: t('fundingPayments.forwarding.choose') },
                ...forwarding.providers.map((p) => ({ value: p.id, label: p.name })),
              ]}
            />
            <TextInput
              label={t('fundingPayments.forwarding.reference')}
              value={reference}
              onChange={(event) => setReference(event.currentTarget.value)}
              error={error('reference')}
              required
              maxLength={60}
            />
            <TextInput
              type="date"
              label={t('fundingPayments.forwarding.periodFrom')}
              value={periodFrom}
              onChange={(event) => setPeriodFrom(event.currentTarget.value)}
              error={error('periodFrom')}
              required
            />
            <TextInput
              type="date"
              label={t('fundingPayments.forwarding.periodTo')}
              value={periodTo}
              onChange={(event) => setPeriodTo(event.currentTarget.value)}
              error={error('periodTo')}
              required
            />
          </SimpleGrid>
          <Textarea
            label={t('fundingPayments.forwarding.purpose')}
            value={purpose}
            onChange={(event) => setPurpose(event.currentTarget.value)}
            error={error('purpose')}
            required
            autosize
            minRows={2}
            maxLength={4000}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {forwarding.amounts.map((row, index) => (
              <MoneyInput
                key={`${row.strand}-${row.budgetYear}`}
                label={t('fundingPayments.forwarding.amountFor', { strand: row.strand, year: row.budgetYear })}
                value={amounts[index] ?? null}
                onChange={(cents) => setAmounts((current) => current.map((c, i) => (i === index ? cents : c)))}
                error={error(`amounts.${index}.amountCents`)}
              />
            ))}
          </SimpleGrid>
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('fundingPayments.forwarding.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export function GrantForwardingPage({ grantId }: { grantId: string }) {
  const { t } = useTranslation();
  const forwarding = useGrantForwarding(grantId);
  if (forwarding.isPending) return <Loading />;
  if (forwarding.isError) return <LoadFailed error={forwarding.error} onRetry={() => void forwarding.refetch()} />;
  const data = forwarding.data;
  return (
    <Stack gap="lg">
      <PageTitle documentTitle={t('fundingPayments.forwarding.documentTitle')}>
        {t('fundingPayments.forwarding.title', { reference: data.grantReference })}
      </PageTitle>
      <AnchorLink to="/funding/grants/$grantId" params={{ grantId }}>
        {t('fundingPayments.common.backToGrant')}
      </AnchorLink>
      <Text>{t('fundingPayments.forwarding.liability', { conditions: data.conditions })}</Text>
      <Text size="sm">
        {t('fundingPayments.forwarding.period', { from: germanDate(data.period.from), to: germanDate(data.period.to) })}
      </Text>
      <Amounts forwarding={data} />
      <section aria-labelledby="contracts-heading">
        <Title order={2} id="contracts-heading" mb="sm">
          {t('fundingPayments.forwarding.contractsHeading')}
        </Title>
        {data.contracts.length === 0 ? (
          <Text>{t('fundingPayments.forwarding.none')}</Text>
        ) : (
          <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {data.contracts.map((contract) => (
              <ContractCard key={contract.id} contract={contract} />
            ))}
          </Stack>
        )}
      </section>
      {data.canEdit ? <NewContractForm forwarding={data} /> : null}
    </Stack>
  );
}
