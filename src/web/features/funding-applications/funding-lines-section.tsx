// The financing side of the plan: own contribution and third-party funds per year, and the grant requested per
// strand and year; each line's problems in its row, add and remove while the plan is open.
import { Group, NativeSelect, Table, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../../../funding/application.schema.ts';
import { fundingSourceKinds, type FundingSourceKind } from '../../../funding/funding.codes.ts';
import { Money, MoneyInput } from '../../components/money.tsx';
import { fieldError } from '../funding-shared/funding-kit.tsx';
import {
  LineFormShell,
  PlanSection,
  ProblemList,
  problemsOf,
  RemoveLine,
  StrandSelect,
  useLineForm,
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
  const { change, shell, send } = useLineForm(application.id);
  const firstYear = String(yearsOf(application)[0] ?? '');
  const [kind, setKind] = useState<FundingSourceKind>('own_contribution');
  const [name, setName] = useState('');
  const [budgetYear, setBudgetYear] = useState(firstYear);
  const [amountCents, setAmountCents] = useState<number | null>(null);

  return (
    <LineFormShell
      {...shell}
      heading={t('fundingApplications.sources.addHeading')}
      submitLabel={t('fundingApplications.common.add')}
      onSubmit={(event) =>
        send(
          event,
          { segment: 'funding-sources', body: { kind, name, budgetYear: Number(budgetYear), amountCents } },
          {
            onSuccess: () => {
              setName('');
              setAmountCents(null);
            },
          },
        )
      }
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
    <PlanSection
      id="sources"
      heading={t('fundingApplications.sources.heading')}
      empty={t('fundingApplications.sources.empty')}
      caption={t('fundingApplications.sources.caption')}
      columns={[
        { label: t('fundingApplications.sources.kind') },
        { label: t('fundingApplications.sources.name') },
        { label: t('fundingApplications.sources.year') },
        { label: t('fundingApplications.sources.amount'), amount: true },
      ]}
      lines={application.fundingSources}
      editable={editable}
      cells={(row) => (
        <>
          <Table.Td>{t(`fundingApplications.sourceKind.${row.kind}`)}</Table.Td>
          <Table.Td>
            {row.name}
            <ProblemList problems={problemsOf(problems, `fundingSources.${row.id}`)} />
          </Table.Td>
          <Table.Td>{row.budgetYear}</Table.Td>
          <Table.Td style={{ textAlign: 'right' }}>
            <Money cents={row.amountCents} />
          </Table.Td>
        </>
      )}
      actions={(row) => (
        <RemoveLine applicationId={application.id} segment="funding-sources" line={row} label={row.name} />
      )}
    >
      {editable ? <SourceForm application={application} /> : null}
    </PlanSection>
  );
}

function RequestedForm({ application }: { application: Application }) {
  const { t } = useTranslation();
  const { change, shell, send } = useLineForm(application.id);
  const [strand, setStrand] = useState(application.strands[0]?.code ?? '');
  const [budgetYear, setBudgetYear] = useState(String(yearsOf(application)[0] ?? ''));
  const [amountCents, setAmountCents] = useState<number | null>(null);

  return (
    <LineFormShell
      {...shell}
      heading={t('fundingApplications.requested.addHeading')}
      submitLabel={t('fundingApplications.common.add')}
      onSubmit={(event) =>
        send(
          event,
          { segment: 'requested-amounts', body: { strand, budgetYear: Number(budgetYear), amountCents } },
          { onSuccess: () => setAmountCents(null) },
        )
      }
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
    <PlanSection
      id="requested"
      heading={t('fundingApplications.requested.heading')}
      empty={t('fundingApplications.requested.empty')}
      caption={t('fundingApplications.requested.caption')}
      columns={[
        { label: t('fundingApplications.requested.strand') },
        { label: t('fundingApplications.requested.year') },
        { label: t('fundingApplications.requested.amount'), amount: true },
      ]}
      lines={application.requestedAmounts}
      editable={editable}
      cells={(row) => (
        <>
          <Table.Td>
            {row.strand}
            <ProblemList problems={problemsOf(problems, `requestedAmounts.${row.id}`)} />
          </Table.Td>
          <Table.Td>{row.budgetYear}</Table.Td>
          <Table.Td style={{ textAlign: 'right' }}>
            <Money cents={row.amountCents} />
          </Table.Td>
        </>
      )}
      actions={(row) => (
        <RemoveLine
          applicationId={application.id}
          segment="requested-amounts"
          line={row}
          label={`${row.strand} ${row.budgetYear}`}
        />
      )}
    >
      {editable ? <RequestedForm application={application} /> : null}
    </PlanSection>
  );
}
