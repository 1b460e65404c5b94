// The posts of the plan (FB1 coaches, FB6 participation managers, KIM case management): the programme's post
// rate, FTE, employer, period and the annual amount; each post's problems in its row.
import { Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../../../funding/application.schema.ts';
import { Money, MoneyInput } from '../../components/money.tsx';
import { fieldError, germanDate, useFailureText } from './application-kit.tsx';
import { useLineChange } from './applications-api.ts';
import {
  decimalInput,
  ProblemList,
  problemsOf,
  LineFormShell,
  RemoveLine,
  StrandSelect,
  type Problems,
} from './plan-kit.tsx';

function PositionForm({ application }: { application: Application }) {
  const { t } = useTranslation();
  const change = useLineChange(application.id);
  const failure = useFailureText();
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
  const [attempt, setAttempt] = useState(0);

  function submit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    change.mutate(
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
    );
  }

  if (withRates.length === 0) return null;
  return (
    <LineFormShell
      heading={t('fundingApplications.positions.addHeading')}
      failure={change.isError ? failure(change.error) : null}
      attempt={attempt}
      pending={change.isPending}
      submitLabel={t('fundingApplications.common.add')}
      onSubmit={submit}
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
    <section aria-labelledby="positions-heading">
      <Stack gap="sm">
        <Title order={3} id="positions-heading">
          {t('fundingApplications.positions.heading')}
        </Title>
        <ProblemList problems={problems.filter((p) => p.field === 'positions')} />
        {application.positions.length === 0 ? (
          <Text>{t('fundingApplications.positions.empty')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table striped>
              <Table.Caption>{t('fundingApplications.positions.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('fundingApplications.positions.strand')}</Table.Th>
                  <Table.Th scope="col">{t('fundingApplications.positions.title')}</Table.Th>
                  <Table.Th scope="col">{t('fundingApplications.positions.fte')}</Table.Th>
                  <Table.Th scope="col">{t('fundingApplications.positions.employer')}</Table.Th>
                  <Table.Th scope="col">{t('fundingApplications.positions.startsOn')}</Table.Th>
                  <Table.Th scope="col">{t('fundingApplications.positions.endsOn')}</Table.Th>
                  <Table.Th scope="col" style={{ textAlign: 'right' }}>
                    {t('fundingApplications.positions.annual')}
                  </Table.Th>
                  {editable ? <Table.Th scope="col">{t('fundingApplications.costLines.actions')}</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {application.positions.map((row) => (
                  <Table.Tr key={row.id}>
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
                    {editable ? (
                      <Table.Td>
                        <RemoveLine applicationId={application.id} segment="positions" line={row} label={row.title} />
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {editable ? <PositionForm application={application} /> : null}
      </Stack>
    </section>
  );
}
