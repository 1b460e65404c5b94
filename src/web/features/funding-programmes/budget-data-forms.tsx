// Entering the data behind an allocation (the approving authority): an allocation key (shares in percent per
// official key, e.g. FlüAG) and population figures (tolerated persons aged 18–27 per official key), each as a
// CSV file or pasted CSV text. Every problem the server finds is listed with its line.
import { Alert, Button, FileInput, Fieldset, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/form-error.tsx';
import { ProblemError } from '../../lib/api-request.ts';
import { useCreateKey, useEnterPopulation } from './api/funding-programmes-api.ts';

function Problems({ error }: { error: Error }) {
  const { t } = useTranslation();
  if (!(error instanceof ProblemError) || error.fieldErrors.length === 0) {
    return <Text>{t('fundingProgrammes.common.saveFailed')}</Text>;
  }
  return (
    <Stack gap={2}>
      <Text>{t('fundingProgrammes.data.problems')}</Text>
      {error.fieldErrors.map((problem) => (
        <Text size="sm" key={`${problem.field}-${problem.code}`}>
          {`${problem.field.replace(/^csv\.(\d+)$/, t('fundingProgrammes.data.line', { line: '$1' }))}: ${problem.message}`}
        </Text>
      ))}
    </Stack>
  );
}

/** A CSV file chosen or text pasted: the file's text replaces the text field's content. */
function CsvInput({ label, value, onChange }: { label: string; value: string; onChange: (text: string) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <FileInput
        label={t('fundingProgrammes.data.file')}
        accept=".csv,text/csv"
        clearable
        onChange={(file) => {
          if (file) void file.text().then(onChange);
        }}
      />
      <Textarea
        label={label}
        description={t('fundingProgrammes.data.csvHelp')}
        autosize
        minRows={4}
        maxRows={12}
        value={value}
        onChange={(event) => onChange(event.currentTarget.value)}
        styles={{ input: { fontFamily: 'monospace' } }}
        required
      />
    </>
  );
}

export function KeyForm() {
  const { t } = useTranslation();
  const create = useCreateKey();
  const [name, setName] = useState('');
  const [referenceDate, setReferenceDate] = useState('');
  const [source, setSource] = useState('');
  const [csv, setCsv] = useState('');
  const [attempt, setAttempt] = useState(0);
  const problem = create.error instanceof ProblemError ? create.error : null;
  const errorOf = (field: string) => problem?.fieldErrors.find((e) => e.field === field)?.message;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    try {
      await create.mutateAsync({ name, referenceDate, source, csv });
      setName('');
      setCsv('');
    } catch {
      // Shown below.
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Fieldset legend={t('fundingProgrammes.data.keyTitle')}>
        <Stack gap="sm">
          <TextInput
            label={t('fundingProgrammes.data.keyName')}
            required
            maxLength={200}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={errorOf('name')}
          />
          <TextInput
            type="date"
            label={t('fundingProgrammes.data.referenceDate')}
            required
            value={referenceDate}
            onChange={(event) => setReferenceDate(event.currentTarget.value)}
            error={errorOf('referenceDate')}
          />
          <TextInput
            label={t('fundingProgrammes.data.source')}
            maxLength={1000}
            value={source}
            onChange={(event) => setSource(event.currentTarget.value)}
          />
          <CsvInput label={t('fundingProgrammes.data.keyCsv')} value={csv} onChange={setCsv} />
          {create.isSuccess ? (
            <Alert color="green.9" variant="outline" role="status">
              {t('fundingProgrammes.data.keySaved', { name: create.data.name, count: create.data.recipients })}
            </Alert>
          ) : null}
          {create.error ? (
            <FormError key={attempt}>
              <Problems error={create.error} />
            </FormError>
          ) : null}
          <Button type="submit" loading={create.isPending} w="fit-content">
            {t('fundingProgrammes.data.keySave')}
          </Button>
        </Stack>
      </Fieldset>
    </form>
  );
}

export function PopulationForm() {
  const { t } = useTranslation();
  const enter = useEnterPopulation();
  const [referenceDate, setReferenceDate] = useState('');
  const [source, setSource] = useState('');
  const [csv, setCsv] = useState('');
  const [attempt, setAttempt] = useState(0);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    try {
      await enter.mutateAsync({ referenceDate, source, csv });
      setCsv('');
    } catch {
      // Shown below.
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Fieldset legend={t('fundingProgrammes.data.populationTitle')}>
        <Stack gap="sm">
          <Text size="sm">{t('fundingProgrammes.data.populationHelp')}</Text>
          <TextInput
            type="date"
            label={t('fundingProgrammes.data.referenceDate')}
            required
            value={referenceDate}
            onChange={(event) => setReferenceDate(event.currentTarget.value)}
          />
          <TextInput
            label={t('fundingProgrammes.data.source')}
            maxLength={1000}
            value={source}
            onChange={(event) => setSource(event.currentTarget.value)}
          />
          <CsvInput label={t('fundingProgrammes.data.populationCsv')} value={csv} onChange={setCsv} />
          {enter.isSuccess ? (
            <Alert color="green.9" variant="outline" role="status">
              {t('fundingProgrammes.data.populationSaved', { count: enter.data.items.length })}
            </Alert>
          ) : null}
          {enter.error ? (
            <FormError key={attempt}>
              <Problems error={enter.error} />
            </FormError>
          ) : null}
          <Button type="submit" loading={enter.isPending} w="fit-content">
            {t('fundingProgrammes.data.populationSave')}
          </Button>
        </Stack>
      </Fieldset>
    </form>
  );
}
