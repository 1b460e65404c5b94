// What the sections of the plan editor share: the section with its table of lines, the problems of a line shown
// in its row, the years of the application's period, the strand choices, the remove button of a line (If-Match
// of that line), and the frame and state of a line's form.
import { Button, Group, List, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application, ApplicationCheck } from '../../../funding/application.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { useFailureText } from './application-kit.tsx';
import { useLineChange, type LineSegment } from './applications-api.ts';

export type Problems = ApplicationCheck['problems'];

/** The problems about one part ("costLines.<id>", "years.2021"), the part itself and its fields. */
export function problemsOf(problems: Problems, prefix: string): Problems {
  return problems.filter((problem) => problem.field === prefix || problem.field.startsWith(`${prefix}.`));
}

/** The problems of a part, next to it: announced only by being read, in the order of the form. */
export function ProblemList({ problems, id }: { problems: Problems; id?: string }) {
  if (problems.length === 0) return null;
  return (
    <List id={id} size="sm" c="red.9">
      {problems.map((problem, index) => (
        <List.Item key={`${problem.field}-${problem.code}-${index}`}>{problem.message}</List.Item>
      ))}
    </List>
  );
}

export function yearsOf(application: Pick<Application, 'periodFrom' | 'periodTo'>): number[] {
  const from = Number(application.periodFrom.slice(0, 4));
  const to = Number(application.periodTo.slice(0, 4));
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index);
}

export function YearSelect({
  id,
  application,
  value,
  onChange,
  label,
}: {
  id?: string;
  application: Pick<Application, 'periodFrom' | 'periodTo'>;
  value: string;
  onChange: (year: string) => void;
  label: string;
}) {
  return (
    <NativeSelect
      id={id}
      label={label}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      data={yearsOf(application).map(String)}
      required
    />
  );
}

export function StrandSelect({
  id,
  application,
  value,
  onChange,
  label,
  filter,
}: {
  id?: string;
  application: Pick<Application, 'strands'>;
  value: string;
  onChange: (strand: string) => void;
  label: string;
  filter?: (strand: Application['strands'][number]) => boolean;
}) {
  return (
    <NativeSelect
      id={id}
      label={label}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      data={application.strands
        .filter((strand) => (filter ? filter(strand) : true))
        .map((strand) => ({ value: strand.code, label: `${strand.code} – ${strand.name}` }))}
      required
    />
  );
}

/** A typed decimal ("12,5" or "12.5") as the API's decimal string, or null when empty. */
export function decimalInput(text: string): string | null {
  const trimmed = text.trim().replace(',', '.');
  return trimmed === '' ? null : trimmed;
}

/** The remove button of a line; the line's own version guards against removing what someone just changed. */
export function RemoveLine({
  applicationId,
  segment,
  line,
  label,
}: {
  applicationId: string;
  segment: LineSegment;
  line: { id: string; version: number };
  label: string;
}) {
  const { t } = useTranslation();
  const change = useLineChange(applicationId);
  return (
    <>
      <Button
        size="xs"
        variant="outline"
        color="red.9"
        aria-label={`${t('fundingApplications.common.remove')}: ${label}`}
        loading={change.isPending}
        onClick={() => change.mutate({ segment, line, remove: true })}
      >
        {t('fundingApplications.common.remove')}
      </Button>
      {change.isError ? (
        <Text size="sm" c="red.9" role="alert">
          {t('fundingApplications.common.stale')}
        </Text>
      ) : null}
    </>
  );
}

/** The frame of a line's form: heading (also the form's name), the failure (focused, per attempt), the buttons. */
export function LineFormShell({
  heading,
  failure,
  attempt,
  pending,
  submitLabel,
  onSubmit,
  extraButtons,
  children,
}: {
  heading: string;
  failure: string | null;
  attempt: number;
  pending: boolean;
  submitLabel: string;
  onSubmit: (event: FormEvent) => void;
  extraButtons?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="md">
      <form onSubmit={onSubmit} noValidate aria-label={heading}>
        <Stack gap="sm">
          <Title order={4}>{heading}</Title>
          {failure ? <FormError key={attempt}>{failure}</FormError> : null}
          {children}
          <Group>
            <Button type="submit" loading={pending}>
              {submitLabel}
            </Button>
            {extraButtons}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** The state of a line's form: the change, and what its frame shows (the failure in words, per attempt). */
export function useLineForm(applicationId: string) {
  const change = useLineChange(applicationId);
  const failureText = useFailureText();
  const [attempt, setAttempt] = useState(0);
  return {
    change,
    shell: { failure: change.isError ? failureText(change.error) : null, attempt, pending: change.isPending },
    /** Sends the form: a new attempt, so that a failure takes focus again even if its text is the same. */
    send: (event: FormEvent, ...request: Parameters<typeof change.mutate>) => {
      event.preventDefault();
      setAttempt((n) => n + 1);
      change.mutate(...request);
    },
  };
}

/** A column of a plan table; amounts align right. */
export interface PlanColumn {
  label: string;
  amount?: boolean;
}

/**
 * A part of the plan: its heading, its lines as a table (or a sentence when there are none) with the actions of
 * each line while the plan is open, and below it the forms (children). `cells` gives a line's cells; the line's
 * problems belong into one of them.
 */
export function PlanSection<Line extends { id: string }>({
  id,
  heading,
  before,
  empty,
  caption,
  columns,
  lines,
  wide = false,
  editable,
  cells,
  actions,
  children,
}: {
  id: string;
  heading: string;
  before?: ReactNode;
  empty: string;
  caption: string;
  columns: readonly PlanColumn[];
  lines: readonly Line[];
  wide?: boolean;
  editable: boolean;
  cells: (line: Line) => ReactNode;
  actions: (line: Line) => ReactNode;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const table = (
    <Table striped>
      <Table.Caption>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          {columns.map((column) => (
            <Table.Th key={column.label} scope="col" style={column.amount ? { textAlign: 'right' } : undefined}>
              {column.label}
            </Table.Th>
          ))}
          {editable ? <Table.Th scope="col">{t('fundingApplications.costLines.actions')}</Table.Th> : null}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {lines.map((line) => (
          <Table.Tr key={line.id}>
            {cells(line)}
            {editable ? <Table.Td>{actions(line)}</Table.Td> : null}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
  return (
    <section aria-labelledby={`${id}-heading`}>
      <Stack gap="sm">
        <Title order={3} id={`${id}-heading`}>
          {heading}
        </Title>
        {before}
        {lines.length === 0 ? (
          <Text>{empty}</Text>
        ) : wide ? (
          <Table.ScrollContainer minWidth={720}>{table}</Table.ScrollContainer>
        ) : (
          table
        )}
        {children}
      </Stack>
    </section>
  );
}
