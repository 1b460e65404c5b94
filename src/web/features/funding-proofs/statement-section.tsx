// The financial statement (zahlenmäßiger Nachweis): planned vs actual per cost line, with the tolerance rule
// visible per line (how far it may exceed its plan, what lies above that) and per strand and year (savings,
// overruns, what is not offset, eligible spending, decided and paid), the problems listed; actuals are entered
// here while the proof is editable.
import { Alert, Badge, Button, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProofLine, ProofView } from '../../../funding/proof.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { formatRate, Money, MoneyInput } from '../../components/money.tsx';
import { ScrollRegion } from '../../components/scroll-region.tsx';
import { Outcome } from '../funding-shared/funding-kit.tsx';
import { useFailureText, useProblemText } from './proof-kit.tsx';
import { useUpdateStatement } from './proofs-api.ts';

const LINE_COLOURS: Record<ProofLine['status'], string> = {
  missing: 'gray.8',
  within_plan: 'teal.9',
  within_tolerance: 'blue.9',
  over_tolerance: 'red.9',
};

function right(children: React.ReactNode) {
  return <Table.Td style={{ textAlign: 'right' }}>{children}</Table.Td>;
}

function Head({ children, numeric = false }: { children: string; numeric?: boolean }) {
  return (
    <Table.Th scope="col" style={numeric ? { textAlign: 'right' } : undefined}>
      {children}
    </Table.Th>
  );
}

export function StatementSection({ proof }: { proof: ProofView }) {
  const { t } = useTranslation();
  const failure = useFailureText();
  const problemText = useProblemText();
  const update = useUpdateStatement(proof.id);
  const [actuals, setActuals] = useState<Record<string, number | null>>(() =>
    Object.fromEntries(proof.lines.map((line) => [line.id, line.actualCents])),
  );
  const [attempt, setAttempt] = useState(0);
  const editable = proof.can.edit;

  const save = (event: FormEvent) => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    update.mutate({
      body: { lines: proof.lines.map((line) => ({ lineId: line.id, actualCents: actuals[line.id] ?? null })) },
      version: proof.version,
    });
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="statement-title">
      <Title order={2} id="statement-title">
        {t('fundingProofs.statement.title')}
      </Title>
      <Text>{t('fundingProofs.statement.rule', { rate: formatRate(proof.lineToleranceBp) })}</Text>
      <form onSubmit={save}>
        <Stack gap="sm">
          <ScrollRegion label={t('fundingProofs.statement.linesCaption')} minWidth={1000}>
            <Table striped>
              <Table.Caption>{t('fundingProofs.statement.linesCaption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Head>{t('fundingProofs.statement.strandYear')}</Head>
                  <Head>{t('fundingProofs.statement.category')}</Head>
                  <Head>{t('fundingProofs.statement.description')}</Head>
                  <Head numeric>{t('fundingProofs.statement.planned')}</Head>
                  <Head numeric>{t('fundingProofs.statement.actual')}</Head>
                  <Head numeric>{t('fundingProofs.statement.deviation')}</Head>
                  <Head numeric>{t('fundingProofs.statement.tolerance')}</Head>
                  <Head numeric>{t('fundingProofs.statement.overTolerance')}</Head>
                  <Head>{t('fundingProofs.statement.assessment')}</Head>
                  <Head numeric>{t('fundingProofs.statement.receipts')}</Head>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {proof.lines.map((line, index) => (
                  <Table.Tr key={line.id}>
                    <Table.Td>
                      {line.strand} {line.budgetYear}
                    </Table.Td>
                    <Table.Td>{t(`fundingProofs.category.${line.category}`)}</Table.Td>
                    <Table.Td>{line.description}</Table.Td>
                    {right(<Money cents={line.plannedCents} />)}
                    {right(
                      editable ? (
                        <MoneyInput
                          id={`actual-${index}`}
                          aria-label={t('fundingProofs.statement.actualOf', { line: line.description })}
                          value={actuals[line.id] ?? null}
                          onChange={(cents) => setActuals((current) => ({ ...current, [line.id]: cents }))}
                          w={150}
                        />
                      ) : line.actualCents === null ? (
                        '–'
                      ) : (
                        <Money cents={line.actualCents} />
                      ),
                    )}
                    {right(line.actualCents === null ? '–' : <Money cents={line.deviationCents} />)}
                    {right(<Money cents={line.plannedCents + line.toleranceCents} />)}
                    {right(<Money cents={line.overToleranceCents} />)}
                    <Table.Td>
                      <Badge color={LINE_COLOURS[line.status]} variant="outline">
                        {t(`fundingProofs.lineStatus.${line.status}`)}
                      </Badge>
                    </Table.Td>
                    {right(<Money cents={line.receiptsCents} />)}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
          {editable ? (
            <Group>
              <Button type="submit" loading={update.isPending}>
                {t('fundingProofs.statement.save')}
              </Button>
            </Group>
          ) : null}
          {update.isError ? <FormError key={attempt}>{failure(update.error, proof)}</FormError> : null}
          {update.isSuccess ? <Outcome key={attempt}>{t('fundingProofs.statement.saved')}</Outcome> : null}
        </Stack>
      </form>

      <ScrollRegion label={t('fundingProofs.statement.groupsCaption')} minWidth={1000}>
        <Table striped>
          <Table.Caption>{t('fundingProofs.statement.groupsCaption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Head>{t('fundingProofs.statement.strandYear')}</Head>
              <Head numeric>{t('fundingProofs.statement.planned')}</Head>
              <Head numeric>{t('fundingProofs.statement.binding')}</Head>
              <Head numeric>{t('fundingProofs.statement.actual')}</Head>
              <Head numeric>{t('fundingProofs.statement.savings')}</Head>
              <Head numeric>{t('fundingProofs.statement.overruns')}</Head>
              <Head numeric>{t('fundingProofs.statement.notOffset')}</Head>
              <Head numeric>{t('fundingProofs.statement.eligible')}</Head>
              <Head numeric>{t('fundingProofs.statement.ineligible')}</Head>
              <Head numeric>{t('fundingProofs.statement.decided')}</Head>
              <Head numeric>{t('fundingProofs.statement.paid')}</Head>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {proof.groups.map((group) => (
              <Table.Tr key={`${group.strand}-${group.budgetYear}`}>
                <Table.Td>
                  {group.strand} {group.budgetYear}
                </Table.Td>
                {right(<Money cents={group.plannedCents} />)}
                {right(<Money cents={group.bindingCents} />)}
                {right(<Money cents={group.actualCents} />)}
                {right(<Money cents={group.savingsCents} />)}
                {right(<Money cents={group.overrunCents} />)}
                {right(<Money cents={group.notOffsetCents} />)}
                {right(<Money cents={group.eligibleCents} />)}
                {right(<Money cents={group.ineligibleCents} />)}
                {right(group.decidedCents === null ? '–' : <Money cents={group.decidedCents} />)}
                {right(group.paidCents === null ? '–' : <Money cents={group.paidCents} />)}
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Th scope="row">{t('fundingProofs.statement.total')}</Table.Th>
              {right(<Money cents={proof.totals.plannedCents} />)}
              <Table.Td />
              {right(<Money cents={proof.totals.actualCents} />)}
              <Table.Td />
              <Table.Td />
              <Table.Td />
              {right(<Money cents={proof.totals.eligibleCents} />)}
              {right(<Money cents={proof.totals.ineligibleCents} />)}
              <Table.Td />
              <Table.Td />
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </ScrollRegion>

      {proof.problems.length > 0 ? (
        <Alert color="red.9" variant="outline" title={t('fundingProofs.statement.problems')}>
          <List>
            {proof.problems.map((problem) => (
              <List.Item key={`${problem.code}-${problem.field}`}>{problemText(problem, proof)}</List.Item>
            ))}
          </List>
        </Alert>
      ) : (
        <Text>{t('fundingProofs.statement.noProblems')}</Text>
      )}
    </Stack>
  );
}
