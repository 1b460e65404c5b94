import { Button, Group, Stack } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { OrganisationFields, type MunicipalityChoices } from './organisation-fields.tsx';
import type { FormField, FormProblem, OrganisationFormValues } from './organisation-form-values.ts';
import { ProblemSummary } from './problem-summary.tsx';

/** What a submission came to: problems at fields (shown in the form), or none (the page says what happened). */
export type SubmitOutcome = { problems: FormProblem[] } | null;

/** The organisation form with its error summary; the page checks, sends and reports the outcome. */
export function OrganisationForm({
  mode,
  initialValues,
  selfId,
  municipalities,
  onValuesChange,
  onSubmit,
  submitLabel,
  busy,
  children,
}: {
  mode: 'create' | 'edit';
  initialValues: OrganisationFormValues;
  selfId?: string;
  municipalities: MunicipalityChoices;
  /** For the page, e.g. to load the list of municipalities once a kind needs it. */
  onValuesChange?: (values: OrganisationFormValues) => void;
  onSubmit: (values: OrganisationFormValues) => Promise<SubmitOutcome>;
  submitLabel: string;
  busy: boolean;
  /** Messages of the page (saved, failed), shown above the fields. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState(initialValues);
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [attempt, setAttempt] = useState(0);

  const change = (next: OrganisationFormValues) => {
    setValues(next);
    onValuesChange?.(next);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const outcome = await onSubmit(values);
    setProblems(outcome?.problems ?? []);
    setAttempt((count) => count + 1);
  };

  const errors: Partial<Record<FormField, string>> = Object.fromEntries(
    problems.map((problem) => [problem.field, t(`organisations.errors.${problem.message}`)]),
  );
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md">
        {problems.length > 0 ? (
          <ProblemSummary
            key={attempt}
            problems={problems.map((problem) => ({
              field: problem.field,
              label: t(`organisations.form.${problem.field}`),
              text: t(`organisations.errors.${problem.message}`),
            }))}
          />
        ) : null}
        {children}
        <OrganisationFields
          mode={mode}
          values={values}
          onChange={change}
          errors={errors}
          municipalities={municipalities}
          selfId={selfId}
        />
        <Group>
          <Button type="submit" loading={busy}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
