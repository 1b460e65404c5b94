// The financing side of the plan: own contribution and third-party funds per year, and the grant requested per
// strand and year; each line's problems in its row, add and remove while the plan is open.
import { Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../../../funding/application.schema.ts';
import { fundingSourceKinds, type FundingSourceKind } from '../../../funding/funding.codes.ts';
import { Money, MoneyInput } from '../../components/money.tsx';
import { fieldError, useFailureText } from './application-kit.tsx';
import { useLineChange } from './applications-api.ts';
import {
  ProblemList,
  problemsOf,
  LineFormShell,
  RemoveLine,
  StrandSelect,
  YearSelect,
  yearsOf,
  type Problems,
} from './plan-kit.tsx';

interface SectionProps {
  application: Application;
  problems: Problems;
  editable: boolean;
}

function SourceForm({ application }: { application: Application }) {
  const { t } = useTranslation();
  const change = useLineChange(application.id);
  const failure = useFailureText();
  const firstYear = String(yearsOf(application)[0] ?? '');
  const [kind, setKind] = useState<FundingSourceKind>('own_contribution');
  const [name, setName] = useState('');
  const [budgetYear, setBudgetYear] = useState(firstYear);
  const [amountCents, setAmountCents] = useState<number | null>(null);
  const [attempt, setAttempt] = useState(0);

  function submit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    change.mutate(
      { segment: 'funding-sources', body: { kind, name, budgetYear: Number(budgetYear), amountCents } },
      {
        onSuccess: () => {
          setName('');
          setAmountCents(null);
        },
      },
    );
  }

  return (
    <LineFormShell
      heading={t('fundingApplications.sources.addHeading')}
      failure={change.isError ? failure(change.error) : null}
      attempt={attempt}
      pending={change.isPending}
      submitLabel={t('fundingApplications.common.add')}
      onSubmit={submit}
    >
      <Group grow align="start">
        <NativeSelect
          id="source-kind"
          label={t('fundingApplications.sources.kind')}
          value={kind}
          onChange={(event) => setKind(event.currentTarget.value as FundingSourceKind)}
          data={fundingSourceKinds.map((value) => ({ value, label: t(`fundingApplications.sourceKind.${value}`) }))}
        />
        <TextInput
          id="source-name"
          label={t('fundingApplications.sources.name')}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={fieldError(change.error, 'name')}
          required
        />
        <YearSelect
          id="source-year"
          application={application}
          label={t('fundingApplications.sources.year')}
          value={budgetYear}
          onChange={setBudgetYear}
        />
        <MoneyInput
          id="source-amount"
          label={t('fundingApplications.sources.amount')}
          value={amountCents}
          onChange={setAmountCents}
          error={fieldError(change.error, 'amountCents')}
          required
        />
      </Group>
    </LineFormShell>
  );
}

export function FundingSourcesSection({ application, problems, editable }: SectionProps) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="sources-heading">
      <Stack gap="sm">
        <Title order={3} id="sources-heading">
          {t('fundingApplications.sources.heading')}
        </Title>
        {application.fundingSources.length === 0 ? (
          <Text>{t('fundingApplications.sources.empty')}</Text>
        ) : (
          <Table striped>
            <Table.Caption>{t('fundingApplications.sources.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('fundingApplications.sources.kind')}</Table.Th>
                <Table.Th scope="col">{t('fundingApplications.sources.name')}</Table.Th>
                <Table.Th scope="col">{t('fundingApplications.sources.year')}</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('fundingApplications.sources.amount')}
                </Table.Th>
                {editable ? <Table.Th scope="col">{t('fundingApplications.costLines.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {application.fundingSources.map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Td>{t(`fundingApplications.sourceKind.${row.kind}`)}</Table.Td>
                  <Table.Td>
                    {row.name}
                    <ProblemList problems={problemsOf(problems, `fundingSources.${row.id}`)} />
                  </Table.Td>
                  <Table.Td>{row.budgetYear}</Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    <Money cents={row.amountCents} />
                  </Table.Td>
                  {editable ? (
                    <Table.Td>
                      <RemoveLine
                        applicationId={application.id}
                        segment="funding-sources"
                        line={row}
                        label={row.name}
                      />
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {editable ? <SourceForm application={application} /> : null}
      </Stack>
    </section>
  );
}

function RequestedForm({ application }: { application: Application }) {
  const { t } = useTranslation();
  const change = useLineChange(application.id);
  const failure = useFailureText();
  const [strand, setStrand] = useState(application.strands[0]?.code ?? '');
  const [budgetYear, setBudgetYear] = useState(String(yearsOf(application)[0] ?? ''));
  const [amountCents, setAmountCents] = useState<number | null>(null);
  const [attempt, setAttempt] = useState(0);

  function submit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    change.mutate(
      { segment: 'requested-amounts', body: { strand, budgetYear: Number(budgetYear), amountCents } },
      { onSuccess: () => setAmountCents(null) },
    );
  }

  return (
    <LineFormShell
      heading={t('fundingApplications.requested.addHeading')}
      failure={change.isError ? failure(change.error) : null}
      attempt={attempt}
      pending={change.isPending}
      submitLabel={t('fundingApplications.common.add')}
      onSubmit={submit}
    >
      <Group grow align="start">
        <StrandSelect
          id="requested-strand"
          application={application}
          label={t('fundingApplications.requested.strand')}
          value={strand}
          onChange={setStrand}
        />
        <YearSelect
          id="requested-year"
          application={application}
          label={t('fundingApplications.requested.year')}
          value={budgetYear}
          onChange={setBudgetYear}
        />
        <MoneyInput
          id="requested-amount"
          label={t('fundingApplications.requested.amount')}
          value={amountCents}
          onChange={setAmountCents}
          error={fieldError(change.error, 'amountCents')}
          required
        />
      </Group>
    </LineFormShell>
  );
}

export function RequestedAmountsSection({ application, problems, editable }: SectionProps) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="requested-heading">
      <Stack gap="sm">
        <Title order={3} id="requested-heading">
          {t('fundingApplications.requested.heading')}
        </Title>
        {application.requestedAmounts.length === 0 ? (
          <Text>{t('fundingApplications.requested.empty')}</Text>
        ) : (
          <Table striped>
            <Table.Caption>{t('fundingApplications.requested.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('fundingApplications.requested.strand')}</Table.Th>
                <Table.Th scope="col">{t('fundingApplications.requested.year')}</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('fundingApplications.requested.amount')}
                </Table.Th>
                {editable ? <Table.Th scope="col">{t('fundingApplications.costLines.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {application.requestedAmounts.map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Td>
                    {row.strand}
                    <ProblemList problems={problemsOf(problems, `requestedAmounts.${row.id}`)} />
                  </Table.Td>
                  <Table.Td>{row.budgetYear}</Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    <Money cents={row.amountCents} />
                  </Table.Td>
                  {editable ? (
                    <Table.Td>
                      <RemoveLine
                        applicationId={application.id}
                        segment="requested-amounts"
                        line={row}
                        label={`${row.strand} ${row.budgetYear}`}
                      />
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {editable ? <RequestedForm application={application} /> : null}
      </Stack>
    </section>
  );
}
