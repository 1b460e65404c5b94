// /funding/grants/$grantId: a grant with its amounts in force (decided, forwarded, paid, remaining per strand and
// year), the history of its decisions with their PDFs, the ways to payments, forwarding and proofs of use, and
// for the authority the amendment form.
import { Anchor, Button, List, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Grant } from '../../../funding/grant.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { formatMoney, formatRate, MoneyInput } from '../../components/money.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { useMe } from '../../lib/me.ts';
import { AmountsTable } from '../funding-shared/amounts-table.tsx';
import { fieldError, germanDate, Outcome } from '../funding-shared/funding-kit.tsx';
import { fundingSides, LoadFailed, useFailureText } from './application-kit.tsx';
import { documentUrl, useAmend, useGrant } from './applications-api.ts';

function AmountsInForce({ grant }: { grant: Grant }) {
  const { t } = useTranslation();
  return (
    <AmountsTable
      id="amounts-heading"
      heading={t('fundingApplications.grant.amountsHeading')}
      caption={t('fundingApplications.grant.amountsCaption')}
      minWidth={640}
      strandLabel={t('fundingApplications.grant.strand')}
      yearLabel={t('fundingApplications.grant.year')}
      columns={(['decided', 'forwarded', 'paid', 'remaining'] as const).map((column) =>
        t(`fundingApplications.grant.${column}`),
      )}
      rows={grant.amounts.map((row) => ({
        ...row,
        cents: [row.decidedCents, row.forwardedCents, row.paidCents, row.remainingCents],
      }))}
      total={{
        label: t('fundingApplications.grant.total'),
        cents: [grant.decidedCents, grant.forwardedCents, grant.paidCents, grant.remainingCents],
      }}
    />
  );
}

function Decisions({ grant }: { grant: Grant }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="decisions-heading">
      <Title order={2} id="decisions-heading" mb="sm">
        {t('fundingApplications.grant.decisionsHeading')}
      </Title>
      <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {[...grant.decisions].reverse().map((decision) => {
          const kind = t(`fundingApplications.decisionKind.${decision.kind}`);
          return (
            <Paper component="li" key={decision.seq} withBorder p="md">
              <Title order={3} size="h4">
                {t('fundingApplications.grant.decisionTitle', {
                  kind,
                  seq: decision.seq,
                  date: germanDate(decision.decidedAt.slice(0, 10)),
                })}
              </Title>
              {decision.decidedByName ? (
                <Text size="sm" c="dimmed">
                  {t('fundingApplications.grant.decidedBy', { name: decision.decidedByName })}
                </Text>
              ) : null}
              <Text>
                {t('fundingApplications.grant.decisionTotal', { amount: formatMoney(decision.totalCents) })} ·{' '}
                {germanDate(decision.periodFrom)} – {germanDate(decision.periodTo)}
              </Text>
              {decision.reason ? (
                <Text size="sm">{t('fundingApplications.grant.reason', { reason: decision.reason })}</Text>
              ) : null}
              {decision.documentSha256 ? (
                <Anchor href={documentUrl(grant.id, decision.seq)} target="_blank" rel="noopener">
                  {t('fundingApplications.grant.document', { kind, seq: decision.seq })}
                </Anchor>
              ) : null}
            </Paper>
          );
        })}
      </Stack>
    </section>
  );
}

/** The amendment: every amount in force anew (prefilled), the period's end and the reason. */
function AmendForm({ grant }: { grant: Grant }) {
  const { t } = useTranslation();
  const amend = useAmend(grant);
  const failure = useFailureText();
  const [amounts, setAmounts] = useState<(number | null)[]>(() => grant.amounts.map((a) => a.decidedCents));
  const [periodTo, setPeriodTo] = useState(grant.periodTo);
  const [reason, setReason] = useState('');
  const [attempt, setAttempt] = useState(0);

  function submit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    amend.mutate(
      {
        periodTo,
        reason,
        amounts: grant.amounts.map((row, index) => ({
          strand: row.strand,
          budgetYear: row.budgetYear,
          amountCents: amounts[index] ?? 0,
        })),
      },
      { onSuccess: () => setReason('') },
    );
  }

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate aria-label={t('fundingApplications.amend.heading')}>
        <Stack gap="sm">
          <Title order={2}>{t('fundingApplications.amend.heading')}</Title>
          <Text>{t('fundingApplications.amend.intro')}</Text>
          {amend.isError ? <FormError key={attempt}>{failure(amend.error)}</FormError> : null}
          {amend.isSuccess ? <Outcome key={`ok-${attempt}`}>{t('fundingApplications.amend.amended')}</Outcome> : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {grant.amounts.map((row, index) => (
              <MoneyInput
                key={`${row.strand}-${row.budgetYear}`}
                id={`amend-amount-${index}`}
                label={t('fundingApplications.amend.amountLabel', { strand: row.strand, year: row.budgetYear })}
                value={amounts[index] ?? null}
                onChange={(cents) => setAmounts((current) => current.map((v, i) => (i === index ? cents : v)))}
                error={fieldError(amend.error, `amounts.${index}.amountCents`)}
              />
            ))}
          </SimpleGrid>
          <TextInput
            type="date"
            id="amend-period-to"
            label={t('fundingApplications.amend.periodTo')}
            value={periodTo}
            onChange={(event) => setPeriodTo(event.currentTarget.value)}
            error={fieldError(amend.error, 'periodTo')}
          />
          <Textarea
            id="amend-reason"
            label={t('fundingApplications.amend.reason')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={fieldError(amend.error, 'reason')}
            autosize
            minRows={2}
            required
          />
          <Button type="submit" loading={amend.isPending} style={{ alignSelf: 'start' }}>
            {t('fundingApplications.amend.submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

export function GrantPage({ grantId }: { grantId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const grant = useGrant(grantId);
  const sides = me.data ? fundingSides(me.data) : null;
  if (grant.isPending) return <Loading text={t('fundingApplications.common.loading')} />;
  if (grant.isError) return <LoadFailed error={grant.error} onRetry={() => void grant.refetch()} />;
  const data = grant.data;
  const base = `/funding/grants/${encodeURIComponent(data.id)}`;
  return (
    <Stack gap="xl">
      <AnchorLink to="/funding/grants">{t('fundingApplications.grant.back')}</AnchorLink>
      <PageTitle>{`${data.reference}: ${data.title}`}</PageTitle>
      <SimpleGrid component="dl" cols={{ base: 1, sm: 2, md: 3 }} m={0}>
        <div>
          <Text component="dt" size="sm" c="dimmed">
            {t('fundingApplications.grant.programme')}
          </Text>
          <Text component="dd" m={0}>
            {t('fundingApplications.detail.programmeVersion', {
              name: data.programmeName,
              version: data.programmeVersion,
            })}
          </Text>
        </div>
        <div>
          <Text component="dt" size="sm" c="dimmed">
            {t('fundingApplications.grant.period')}
          </Text>
          <Text component="dd" m={0}>
            {germanDate(data.periodFrom)} – {germanDate(data.periodTo)}
          </Text>
        </div>
        <div>
          <Text component="dt" size="sm" c="dimmed">
            {t('fundingApplications.grant.financing')}
          </Text>
          <Text component="dd" m={0}>
            {data.fundingRateBp === null
              ? t(`fundingApplications.financingType.${data.financingType}`)
              : t('fundingApplications.grant.financingValue', {
                  type: t(`fundingApplications.financingType.${data.financingType}`),
                  rate: formatRate(data.fundingRateBp),
                })}
          </Text>
        </div>
        <div>
          <Text component="dt" size="sm" c="dimmed">
            {t('fundingApplications.grant.conditions')}
          </Text>
          <Text component="dd" m={0}>
            {data.conditions}
          </Text>
        </div>
      </SimpleGrid>
      <AnchorLink to="/funding/applications/$applicationId" params={{ applicationId: data.applicationId }}>
        {t('fundingApplications.grant.application')}
      </AnchorLink>
      <AmountsInForce grant={data} />
      <nav aria-labelledby="grant-links-heading">
        <Title order={2} id="grant-links-heading" mb="sm">
          {t('fundingApplications.grant.linksHeading')}
        </Title>
        <List>
          <List.Item>
            <Anchor href={`${base}/payments`}>{t('fundingApplications.grant.payments')}</Anchor>
          </List.Item>
          <List.Item>
            <Anchor href={`${base}/forwarding`}>{t('fundingApplications.grant.forwarding')}</Anchor>
          </List.Item>
          <List.Item>
            <Anchor href={`${base}/proofs`}>{t('fundingApplications.grant.proofs')}</Anchor>
          </List.Item>
        </List>
      </nav>
      <Decisions grant={data} />
      {sides?.authority ? <AmendForm grant={data} /> : null}
    </Stack>
  );
}
