// The intake form: the person, the current residence status, languages, schooling and the strands in view.
// It only collects and shows problems; the page runs the duplicate check and creates the record.
import { Button, Checkbox, Fieldset, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { strands as allStrands } from '../../../participants/participant.codes.ts';
import { fieldId, ProblemSummary, useProblemTexts } from './form-parts.tsx';
import {
  EMPTY_LANGUAGE,
  EMPTY_SCHOOLING,
  type IntakeValues,
  type LanguageValues,
  type SchoolingValues,
} from './participant-form-values.ts';
import { type FormProblem } from './form-problems.ts';
import { PersonFields } from './person-fields.tsx';
import { LanguageFields, ResidenceStatusFields, SchoolingFields } from './record-fields.tsx';

export const INTAKE_PREFIX = 'intake';
const MAX_ROWS = 20;

/** The path of the intake's one residence status in the request: its fields' problems come back under it. */
const RESIDENCE_PATH = 'residenceStatuses.0';

function Rows<T>({
  title,
  rowTitle,
  addLabel,
  removeLabel,
  rows,
  empty,
  onChange,
  render,
  firstField,
}: {
  title: string;
  rowTitle: (n: number) => string;
  addLabel: string;
  removeLabel: (n: number) => string;
  rows: T[];
  empty: T;
  onChange: (rows: T[]) => void;
  render: (row: T, index: number, change: (next: T) => void) => ReactNode;
  /** The id of a row's first field: focused when the row is added. */
  firstField: (index: number) => string;
}) {
  const [focus, setFocus] = useState<string | null>(null);
  const addId = `${firstField(0)}-add`;
  useEffect(() => {
    if (!focus) return;
    document.getElementById(focus)?.focus();
    setFocus(null);
  }, [focus, rows.length]);
  return (
    <Fieldset legend={title}>
      <Stack gap="md">
        {rows.map((row, index) => (
          <Paper key={index} withBorder p="sm" component="fieldset" style={{ margin: 0 }}>
            <Text component="legend" fw={600} px={4}>
              {rowTitle(index + 1)}
            </Text>
            <Stack gap="sm">
              {render(row, index, (next) => onChange(rows.map((item, i) => (i === index ? next : item))))}
              <Group>
                <Button
                  variant="default"
                  size="compact-sm"
                  onClick={() => {
                    onChange(rows.filter((_, i) => i !== index));
                    setFocus(addId);
                  }}
                >
                  {removeLabel(index + 1)}
                </Button>
              </Group>
            </Stack>
          </Paper>
        ))}
        <Group>
          <Button
            id={addId}
            variant="default"
            disabled={rows.length >= MAX_ROWS}
            onClick={() => {
              onChange([...rows, empty]);
              setFocus(firstField(rows.length));
            }}
          >
            {addLabel}
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}

export function IntakeForm({
  values,
  onChange,
  problems,
  attempt,
  busy,
  onSubmit,
}: {
  values: IntakeValues;
  onChange: (next: IntakeValues) => void;
  problems: FormProblem[];
  /** Changes with every submission, so that the error summary is announced again. */
  attempt: number;
  busy: boolean;
  onSubmit: () => void;
}) {
  const { t } = useTranslation();
  const errors = useProblemTexts(problems);
  // The residence status's problems come back under its place in the request.
  const residenceErrors = Object.fromEntries(
    Object.entries(errors)
      .filter(([field]) => field.startsWith(`${RESIDENCE_PATH}.`))
      .map(([field, text]) => [field.slice(RESIDENCE_PATH.length + 1), text]),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!busy) onSubmit();
  };
  const set = <K extends keyof IntakeValues>(key: K, value: IntakeValues[K]) => onChange({ ...values, [key]: value });

  return (
    <form onSubmit={submit} noValidate aria-labelledby="page-title">
      <Stack gap="lg">
        {problems.length > 0 ? <ProblemSummary key={attempt} problems={problems} prefix={INTAKE_PREFIX} /> : null}
        <PersonFields
          prefix={INTAKE_PREFIX}
          values={values}
          onChange={(person) => onChange({ ...values, ...person })}
          errors={errors}
        />

        <Title order={2} size="h3">
          {t('participants.create.recordsTitle')}
        </Title>
        <Fieldset legend={t('participants.create.residenceTitle')}>
          <Stack gap="sm">
            <Text size="sm">{t('participants.create.residenceHint')}</Text>
            <ResidenceStatusFields
              prefix={`${INTAKE_PREFIX}-${RESIDENCE_PATH.replace('.', '-')}`}
              path=""
              values={values.residence}
              onChange={(residence) => set('residence', residence)}
              errors={residenceErrors}
              required={false}
            />
          </Stack>
        </Fieldset>
        <Rows<LanguageValues>
          title={t('participants.create.languagesTitle')}
          rowTitle={(n) => t('participants.create.languageN', { n })}
          addLabel={t('participants.create.addLanguage')}
          removeLabel={(n) => t('participants.create.removeLanguage', { n })}
          rows={values.languages}
          empty={EMPTY_LANGUAGE}
          onChange={(rows) => set('languages', rows)}
          firstField={(index) => fieldId(INTAKE_PREFIX, `languages.${index}.language`)}
          render={(row, index, change) => (
            <LanguageFields
              prefix={INTAKE_PREFIX}
              path={`languages.${index}`}
              values={row}
              onChange={change}
              errors={errors}
            />
          )}
        />
        <Rows<SchoolingValues>
          title={t('participants.create.schoolingTitle')}
          rowTitle={(n) => t('participants.create.schoolingN', { n })}
          addLabel={t('participants.create.addSchooling')}
          removeLabel={(n) => t('participants.create.removeSchooling', { n })}
          rows={values.schooling}
          empty={EMPTY_SCHOOLING}
          onChange={(rows) => set('schooling', rows)}
          firstField={(index) => fieldId(INTAKE_PREFIX, `schooling.${index}.qualification`)}
          render={(row, index, change) => (
            <SchoolingFields
              prefix={INTAKE_PREFIX}
              path={`schooling.${index}`}
              values={row}
              onChange={change}
              errors={errors}
            />
          )}
        />

        <Fieldset legend={t('participants.create.programmeTitle')}>
          <Checkbox.Group
            label={t('participants.fields.strands')}
            description={t('participants.create.programmeHint')}
            withAsterisk
            value={values.strands}
            onChange={(next) =>
              set(
                'strands',
                allStrands.filter((strand) => next.includes(strand)),
              )
            }
            error={errors.strands}
          >
            <Stack gap="xs" mt="xs">
              {allStrands.map((strand, index) => (
                <Checkbox
                  key={strand}
                  id={index === 0 ? fieldId(INTAKE_PREFIX, 'strands') : undefined}
                  value={strand}
                  label={t(`participants.strandNames.${strand}`)}
                />
              ))}
            </Stack>
          </Checkbox.Group>
        </Fieldset>

        <Group>
          <Button type="submit" loading={busy}>
            {t('participants.create.continue')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
