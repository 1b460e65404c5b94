// The posts of the plan (FB1 coaches, FB6 participation managers, KIM case management): the programme's post
// rate, FTE, employer, period and the annual amount; each post's problems in its row.
import { Group, NativeSelect, Table, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../../../funding/application.schema.ts';
import { Money, MoneyInput } from '../../components/money.tsx';
import { fieldError, germanDate } from '../funding-shared/funding-kit.tsx';
import {
  decimalInput,
  LineFormShell,
  PlanSection,
  ProblemList,
  problemsOf,
  RemoveLine,
  StrandSelect,
  useLineForm,
  type Problems,
} from './plan-kit.tsx';

function PositionForm({ application }: { application: Application }) {
  const { t } = useTranslation();
  const { change, shell, send } = useLineForm(application.id);
  const withRates = application.strands.filter((s) => s.postRates.length > 0);
  const [strand, setStrand] = useState(withRates[0]?.code ?? '');
  const rates = withRates.find((s) => s.code === strand)?.postRates ?? [];
  const [rateCode, setRateCode] = useState(rates[0]?.code ?? '');
  const [title, setTitle] = useState('');
  const [fte, setFte] = useState('1');
  const [employerName, setEmployerName] = useState('');
  const [startsOn, setStartsOn] = useState(application.periodFrom);
  const [endsOn, setEndsOn] = useState(application.periodTo);
  const [annualCents, setAnnualCents] = useState<number | null>(null);

  if (withRates.length === 0) return null;
  return (
    <LineFormShell
      {...shell}
      heading={t('fundingApplications.positions.addHeading')}
      submitLabel={t('fundingApplications.common.add')}
      onSubmit={(event) =>
        send(
          event,
          {
            segment: 'positions',
            body: {
              strand,
              title,
              rateCode: rateCode || null,
              fte: decimalInput(fte),
              employerName,
              startsOn,
              endsOn,
              annualCents,
            },
          },
          { onSuccess: () => setTitle('') },
        )
      }
    >
      <Group grow align="start">
        <StrandSelect
          application={application}
          filter={(s) => s.postRates.length > 0}
          label={t('fundingApplications.positions.strand')}
          value={strand}
          onChange={(code) => {
            setStrand(code);
            setRateCode(withRates.find((s) => s.code === code)?.postRates[0]?.code ?? '');
          }}
        />
        <NativeSelect
          label={t('fundingApplications.positions.rate')}
          value={rateCode}
          onChange={(event) => setRateCode(event.currentTarget.value)}
          data={rates.map((rate) => ({ value: rate.code, label: rate.label }))}
          error={fieldError(change.error, 'rateCode')}
        />
      </Group>
      <Group grow align="start">
        <TextInput
          label={t('fundingApplications.positions.title')}
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          error={fieldError(change.error, 'title')}
          required
        />
        <TextInput
          label={t('fundingApplications.positions.fte')}
          value={fte}
          inputMode="decimal"
          onChange={(event) => setFte(event.currentTarget.value)}
          error={fieldError(change.error, 'fte')}
          required
        />
        <TextInput
          label={t('fundingApplications.positions.employer')}
          value={employerName}
          onChange={(event) => setEmployerName(event.currentTarget.value)}
          error={fieldError(change.error, 'employerName')}
          required
        />
      </Group>
      <Group grow align="start">
        <TextInput
          type="date"
          label={t('fundingApplications.positions.startsOn')}
          value={startsOn}
          onChange={(event) => setStartsOn(event.currentTarget.value)}
          error={fieldError(change.error, 'startsOn')}
          required
        />
        <TextInput
          type="date"
          label={t('fundingApplications.positions.endsOn')}
          value={endsOn}
          onChange={(event) => setEndsOn(event.currentTarget.value)}
          error={fieldError(change.error, 'endsOn')}
          required
        />
        <MoneyInput
          label={t('fundingApplications.positions.annual')}
          value={annualCents}
          onChange={setAnnualCents}
          error={fieldError(change.error, 'annualCents')}
          required
        />
      </Group>
    </LineFormShell>
  );
}

export function PositionsSection({
  application,
  problems,
  editable,
}: {
  application: Application;
  problems: Problems;
  editable: boolean;
}) {
  const { t } = useTranslation();
  if (application.positions.length === 0 && !editable) return null;
  return (
    <PlanSection
      id="positions"
      heading={t('fundingApplications.positions.heading')}
      before={<ProblemList problems={problems.filter((p) => p.field === 'positions')} />}
      empty={t('fundingApplications.positions.empty')}
      caption={t('fundingApplications.positions.caption')}
      columns={[
        { label: t('fundingApplications.positions.strand') },
        { label: t('fundingApplications.positions.title') },
        { label: t('fundingApplications.positions.fte') },
        { label: t('fundingApplications.positions.employer') },
        { label: t('fundingApplications.positions.startsOn') },
        { label: t('fundingApplications.positions.endsOn') },
        { label: t('fundingApplications.positions.annual'), amount: true },
      ]}
      lines={application.positions}
      wide
      editable={editable}
      cells={(row) => (
        <>
          <Table.Td>{row.strand}</Table.Td>
          <Table.Td>
            {row.title}
            <ProblemList problems={problemsOf(problems, `positions.${row.id}`)} />
          </Table.Td>
          <Table.Td>{row.fte.replace('.', ',')}</Table.Td>
          <Table.Td>{row.employerName ?? t('fundingApplications.common.none')}</Table.Td>
          <Table.Td>{germanDate(row.startsOn)}</Table.Td>
          <Table.Td>{germanDate(row.endsOn)}</Table.Td>
          <Table.Td style={{ textAlign: 'right' }}>
            <Money cents={row.annualCents} />
          </Table.Td>
        </>
      )}
      actions={(row) => <RemoveLine applicationId={application.id} segment="positions" line={row} label={row.title} />}
    >
      {editable ? <PositionForm application={application} /> : null}
    </PlanSection>
  );
}
