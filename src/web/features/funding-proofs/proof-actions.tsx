// What can be done with a proof now: its author submits it; the municipality accepts or returns a provider's;
// the authority returns or audits the municipality's (result, findings, eligible spending per strand and year,
// from which the recovery claims are computed).
import { Button, Group, NativeSelect, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditResult } from '../../../funding/funding.codes.ts';
import type { ProofView } from '../../../funding/proof.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { Money, MoneyInput } from '../../components/money.tsx';
import { Outcome } from '../funding-shared/funding-kit.tsx';
import { useFailureText } from './proof-kit.tsx';
import { useAuditProof, useProofStep, useReturnProof } from './proofs-api.ts';

function ReturnForm({ proof }: { proof: ProofView }) {
  const { t } = useTranslation();
  const failure = useFailureText();
  const send = useReturnProof(proof.id);
  const [reason, setReason] = useState('');
  const [attempt, setAttempt] = useState(0);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    send.mutate({ reason, version: proof.version });
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <Textarea
          id={`return-reason-${proof.id}`}
          label={t('fundingProofs.actions.returnReason')}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          required
          maxLength={4000}
          autosize
          minRows={2}
        />
        <Group>
          <Button type="submit" variant="outline" loading={send.isPending}>
            {t('fundingProofs.actions.return')}
          </Button>
        </Group>
        {send.isError ? <FormError key={attempt}>{failure(send.error, proof)}</FormError> : null}
      </Stack>
    </form>
  );
}

function AuditForm({ proof }: { proof: ProofView }) {
  const { t } = useTranslation();
  const failure = useFailureText();
  const audit = useAuditProof(proof.id);
  const [result, setResult] = useState<AuditResult>('no_findings');
  const [findings, setFindings] = useState('');
  const [eligible, setEligible] = useState<Record<string, number | null>>(() =>
    Object.fromEntries(proof.groups.map((g) => [`${g.strand}-${g.budgetYear}`, g.eligibleCents])),
  );
  const [attempt, setAttempt] = useState(0);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    audit.mutate({
      body: {
        result,
        findings,
        eligible: proof.groups.map((g) => ({
          strand: g.strand,
          budgetYear: g.budgetYear,
          eligibleCents: eligible[`${g.strand}-${g.budgetYear}`] ?? 0,
        })),
      },
      version: proof.version,
    });
  };
  return (
    <form onSubmit={submit} aria-labelledby="audit-title">
      <Stack gap="sm">
        <Title order={3} id="audit-title">
          {t('fundingProofs.actions.auditTitle')}
        </Title>
        <Text>{t('fundingProofs.actions.auditIntro')}</Text>
        <NativeSelect
          id="audit-result"
          label={t('fundingProofs.actions.result')}
          data={[
            { value: 'no_findings', label: t('fundingProofs.auditResult.no_findings') },
            { value: 'findings', label: t('fundingProofs.auditResult.findings') },
          ]}
          value={result}
          onChange={(event) => setResult(event.currentTarget.value === 'findings' ? 'findings' : 'no_findings')}
        />
        <Textarea
          id="audit-findings"
          label={t('fundingProofs.actions.findings')}
          value={findings}
          onChange={(event) => setFindings(event.currentTarget.value)}
          required={result === 'findings'}
          maxLength={20_000}
          autosize
          minRows={3}
        />
        <Table>
          <Table.Caption>{t('fundingProofs.actions.eligibleCaption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('fundingProofs.statement.strandYear')}</Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>
                {t('fundingProofs.actions.byRules')}
              </Table.Th>
              <Table.Th scope="col">{t('fundingProofs.actions.audited')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {proof.groups.map((group, index) => {
              const key = `${group.strand}-${group.budgetYear}`;
              return (
                <Table.Tr key={key}>
                  <Table.Td>
                    {group.strand} {group.budgetYear}
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    <Money cents={group.eligibleCents} />
                  </Table.Td>
                  <Table.Td>
                    <MoneyInput
                      id={`audited-${index}`}
                      aria-label={t('fundingProofs.actions.auditedOf', {
                        group: `${group.strand} ${group.budgetYear}`,
                      })}
                      value={eligible[key] ?? null}
                      onChange={(cents) => setEligible((current) => ({ ...current, [key]: cents }))}
                      w={160}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Group>
          <Button type="submit" loading={audit.isPending}>
            {t('fundingProofs.actions.audit')}
          </Button>
        </Group>
        {audit.isError ? <FormError key={attempt}>{failure(audit.error, proof)}</FormError> : null}
      </Stack>
    </form>
  );
}

export function ProofActions({ proof }: { proof: ProofView }) {
  const { t } = useTranslation();
  const failure = useFailureText();
  const step = useProofStep(proof.id);
  const [attempt, setAttempt] = useState(0);
  const run = (name: 'submit' | 'accept') => {
    setAttempt((n) => n + 1);
    step.mutate({ step: name, version: proof.version });
  };
  const { can } = proof;
  if (!can.submit && !can.check && !can.audit && !step.isSuccess && !step.isError) return null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="actions-title">
      <Title order={2} id="actions-title">
        {t('fundingProofs.actions.title')}
      </Title>
      {can.submit ? (
        <Stack gap="xs">
          <Text>
            {proof.providerId
              ? t('fundingProofs.actions.submitProvider')
              : t('fundingProofs.actions.submitMunicipality')}
          </Text>
          <Group>
            <Button onClick={() => run('submit')} loading={step.isPending && step.variables?.step === 'submit'}>
              {t('fundingProofs.actions.submit')}
            </Button>
          </Group>
        </Stack>
      ) : null}
      {can.check ? (
        <Stack gap="xs">
          <Text>{t('fundingProofs.actions.checkIntro')}</Text>
          <Group>
            <Button onClick={() => run('accept')} loading={step.isPending && step.variables?.step === 'accept'}>
              {t('fundingProofs.actions.accept')}
            </Button>
          </Group>
          <ReturnForm proof={proof} />
        </Stack>
      ) : null}
      {can.audit ? (
        <Stack gap="md">
          <AuditForm proof={proof} />
          <ReturnForm proof={proof} />
        </Stack>
      ) : null}
      {step.isError ? <FormError key={attempt}>{failure(step.error, proof)}</FormError> : null}
      {step.isSuccess ? (
        <Outcome key={attempt}>{t(`fundingProofs.actions.done.${step.variables.step}`)}</Outcome>
      ) : null}
    </Stack>
  );
}
