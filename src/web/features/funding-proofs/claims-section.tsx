// The recovery claims of an audited proof, per strand and year: the computation (paid, entitled, unspent,
// ineligible), the claim and what has come back; the authority issues a computed claim with its due date and books
// repayments into the payment ledger.
import { Button, Group, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProofView, RecoveryClaimView } from '../../../funding/proof.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { Money, MoneyInput } from '../../components/money.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { ScrollRegion } from '../../components/scroll-region.tsx';
import { germanDate, Outcome } from '../funding-shared/funding-kit.tsx';
import { ClaimStatusBadge, useFailureText } from './proof-kit.tsx';
import { newIdempotencyKey, useIssueClaim, useRepayment } from './proofs-api.ts';

function IssueForm({ claim }: { claim: RecoveryClaimView }) {
  const { t } = useTranslation();
  const failure = useFailureText();
  const issue = useIssueClaim();
  const [dueOn, setDueOn] = useState('');
  const [reason, setReason] = useState('');
  const [attempt, setAttempt] = useState(0);
  const label = `${claim.strand} ${claim.budgetYear}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    issue.mutate({ claimId: claim.id, body: { dueOn, reason }, version: claim.version });
  };
  return (
    <form onSubmit={submit} aria-label={t('fundingProofs.claims.issueOf', { group: label })}>
      <Group align="end" wrap="wrap">
        <TextInput
          id={`claim-due-${claim.id}`}
          type="date"
          label={t('fundingProofs.claims.dueOn')}
          value={dueOn}
          onChange={(event) => setDueOn(event.currentTarget.value)}
          required
        />
        <Textarea
          label={t('fundingProofs.claims.reason')}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          maxLength={20_000}
          autosize
          minRows={1}
          w={360}
        />
        <Button type="submit" loading={issue.isPending}>
          {t('fundingProofs.claims.issue')}
        </Button>
      </Group>
      {issue.isError ? <FormError key={attempt}>{failure(issue.error)}</FormError> : null}
    </form>
  );
}

function RepaymentForm({ claim }: { claim: RecoveryClaimView }) {
  const { t } = useTranslation();
  const failure = useFailureText();
  const repay = useRepayment();
  const [amount, setAmount] = useState<number | null>(claim.amountCents - claim.repaidCents);
  const [bookedOn, setBookedOn] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const [attempt, setAttempt] = useState(0);
  const label = `${claim.strand} ${claim.budgetYear}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    repay.mutate(
      { claimId: claim.id, body: { amountCents: amount ?? 0, bookedOn }, idempotencyKey: key },
      {
        onSuccess: () => setKey(newIdempotencyKey()),
        onError: (error) => {
          if (isProblem(error)) setKey(newIdempotencyKey());
        },
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label={t('fundingProofs.claims.repayOf', { group: label })}>
      <Group align="end" wrap="wrap">
        <MoneyInput
          id={`repay-amount-${claim.id}`}
          label={t('fundingProofs.claims.repayAmount')}
          value={amount}
          onChange={setAmount}
          required
          w={160}
        />
        <TextInput
          id={`repay-on-${claim.id}`}
          type="date"
          label={t('fundingProofs.claims.bookedOn')}
          value={bookedOn}
          onChange={(event) => setBookedOn(event.currentTarget.value)}
          required
        />
        <Button type="submit" loading={repay.isPending}>
          {t('fundingProofs.claims.repay')}
        </Button>
      </Group>
      {repay.isError ? <FormError key={attempt}>{failure(repay.error)}</FormError> : null}
      {repay.isSuccess ? <Outcome key={attempt}>{t('fundingProofs.claims.booked')}</Outcome> : null}
    </form>
  );
}

export function ClaimsSection({ proof, authority }: { proof: ProofView; authority: boolean }) {
  const { t } = useTranslation();
  if (!proof.auditedAt) return null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="audit-result-title">
      <Title order={2} id="audit-result-title">
        {t('fundingProofs.claims.auditTitle')}
      </Title>
      <Text>
        {t('fundingProofs.claims.audited', {
          date: germanDate(proof.auditedAt),
          result: proof.auditResult ? t(`fundingProofs.auditResult.${proof.auditResult}`) : '–',
        })}
      </Text>
      {proof.eligibleCents === null ? null : (
        <Text>
          {t('fundingProofs.claims.eligible')} <Money cents={proof.eligibleCents} />
        </Text>
      )}
      {proof.auditFindings ? <Text style={{ whiteSpace: 'pre-wrap' }}>{proof.auditFindings}</Text> : null}
      {proof.claims.length === 0 ? (
        <Text>{t('fundingProofs.claims.none')}</Text>
      ) : (
        <ScrollRegion label={t('fundingProofs.claims.caption')} minWidth={1000}>
          <Table striped>
            <Table.Caption>{t('fundingProofs.claims.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('fundingProofs.statement.strandYear')}</Table.Th>
                {(['paid', 'entitled', 'unspent', 'ineligible', 'amount', 'repaid'] as const).map((column) => (
                  <Table.Th key={column} scope="col" style={{ textAlign: 'right' }}>
                    {t(`fundingProofs.claims.${column}`)}
                  </Table.Th>
                ))}
                <Table.Th scope="col">{t('fundingProofs.claims.status')}</Table.Th>
                <Table.Th scope="col">{t('fundingProofs.claims.dueOn')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {proof.claims.map((claim) => (
                <Table.Tr key={claim.id}>
                  <Table.Td>
                    {claim.strand} {claim.budgetYear}
                  </Table.Td>
                  {[
                    claim.paidCents,
                    claim.entitledCents,
                    claim.unspentCents,
                    claim.ineligibleCents,
                    claim.amountCents,
                    claim.repaidCents,
                  ].map((cents, index) => (
                    <Table.Td key={index} style={{ textAlign: 'right' }}>
                      <Money cents={cents} />
                    </Table.Td>
                  ))}
                  <Table.Td>
                    <ClaimStatusBadge status={claim.status} />
                  </Table.Td>
                  <Table.Td>{germanDate(claim.dueOn)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
      {authority
        ? proof.claims.map((claim) =>
            claim.status === 'computed' ? (
              <IssueForm key={claim.id} claim={claim} />
            ) : claim.status === 'issued' ? (
              <RepaymentForm key={claim.id} claim={claim} />
            ) : null,
          )
        : null}
    </Stack>
  );
}
