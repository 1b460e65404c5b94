// Import of participants from a CSV file: upload, then the server checks every row and imports (all or, when
// chosen, the valid rows) in the background; the page polls the progress and lists every problem by row and
// column (never cell values: the server does not keep them).
import { Button, Checkbox, Group, Input, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParticipantImport } from '../../../imports/participant-import.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { PageTitle, PAGE_TITLE_ID } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { intlLocale } from '../../lib/language.ts';
import { isRunning, MAX_IMPORT_BYTES, useImport, useStartImport } from './api/participant-imports.ts';
import { LoadFailed, Outcome } from './feedback.tsx';
import { useTranslate } from './form-parts.tsx';

const FILE_ID = 'import-file';
/** Problem codes of the import this version puts into words; others are named with their code. */
export const KNOWN_IMPORT_CODES: ReadonlySet<string> = new Set([
  'unknown_column',
  'duplicate_column',
  'missing_column',
  'invalid_boolean',
  'invalid_date',
  'required',
  'invalid_number',
  'duplicate_in_file',
  'invalid_value',
  'invalid_format',
  'too_big',
  'too_small',
  'in_future',
  'too_early',
  'contradiction',
]);

type Problem = ParticipantImport['problems'][number];

function UploadForm({ onStarted }: { onStarted: (started: ParticipantImport) => void }) {
  const { t } = useTranslation();
  const start = useStartImport();
  const [file, setFile] = useState<File | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (start.isPending) return;
    setAttempt((count) => count + 1);
    setFailure(null);
    const problem = !file
      ? t('participants.import.fileRequired')
      : file.size > MAX_IMPORT_BYTES
        ? t('participants.import.fileTooLarge')
        : null;
    setFileProblem(problem);
    if (problem || !file) {
      document.getElementById(FILE_ID)?.focus();
      return;
    }
    try {
      onStarted(await start.mutateAsync({ file, skipInvalid }));
    } catch (error) {
      setFailure(
        isProblem(error, 'forbidden')
          ? t('participants.errors.forbidden')
          : isProblem(error, 'payload_too_large')
            ? t('participants.import.fileTooLarge')
            : isProblem(error, 'too_many_requests')
              ? t('participants.errors.throttled')
              : t('participants.errors.failed'),
      );
    }
  };

  return (
    <Paper
      withBorder
      p="md"
      component="form"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-labelledby="page-title"
    >
      <Stack gap="md">
        {failure ? <FormError key={attempt}>{failure}</FormError> : null}
        {/* A native file input: every browser and screen reader knows it; Input.Wrapper gives it label, hint and
            error with the ids below (label for=FILE_ID, FILE_ID-description, FILE_ID-error). */}
        <Input.Wrapper
          id={FILE_ID}
          label={t('participants.import.file')}
          description={t('participants.import.fileHint')}
          error={fileProblem ?? undefined}
          required
        >
          <input
            id={FILE_ID}
            type="file"
            accept=".csv,text/csv"
            required
            aria-invalid={fileProblem ? true : undefined}
            aria-describedby={[`${FILE_ID}-description`, fileProblem ? `${FILE_ID}-error` : '']
              .filter(Boolean)
              .join(' ')}
            onChange={(event) => {
              setFile(event.currentTarget.files?.[0] ?? null);
              setFileProblem(null);
            }}
            style={{ display: 'block', marginTop: '0.4rem' }}
          />
        </Input.Wrapper>
        <Checkbox
          label={t('participants.import.skipInvalid')}
          checked={skipInvalid}
          onChange={(event) => setSkipInvalid(event.currentTarget.checked)}
        />
        <Group>
          <Button type="submit" loading={start.isPending}>
            {t('participants.import.submit')}
          </Button>
          <Text role="status" size="sm">
            {start.isPending ? t('participants.import.uploading') : ''}
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}

function ProblemsTable({ problems }: { problems: Problem[] }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const message = (problem: Problem) =>
    KNOWN_IMPORT_CODES.has(problem.code)
      ? translate(`participants.import.problemCodes.${problem.code}`)
      : t('participants.import.problemOther', { code: problem.code });
  return (
    <section aria-labelledby="import-problems-title">
      <Title order={2} size="h3" id="import-problems-title" mb="sm">
        {t('participants.import.errorsTitle')}
      </Title>
      <Table.ScrollContainer minWidth={560}>
        <Table striped withTableBorder verticalSpacing="xs">
          <Table.Caption>{t('participants.import.errorsCaption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('participants.import.row')}</Table.Th>
              <Table.Th scope="col">{t('participants.import.column')}</Table.Th>
              <Table.Th scope="col">{t('participants.import.severity')}</Table.Th>
              <Table.Th scope="col">{t('participants.import.message')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {problems.map((problem, index) => (
              <Table.Tr key={`${problem.row ?? 'file'}-${problem.column ?? ''}-${problem.code}-${index}`}>
                <Table.Th scope="row" fw={400} style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {problem.row ?? t('participants.import.wholeFile')}
                </Table.Th>
                <Table.Td style={{ fontFamily: 'monospace' }}>
                  {problem.column ?? t('participants.import.wholeRow')}
                </Table.Td>
                <Table.Td>{t(`participants.import.severities.${problem.severity}`)}</Table.Td>
                <Table.Td>{message(problem)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </section>
  );
}

function ImportState({ started, onAgain }: { started: ParticipantImport; onAgain: () => void }) {
  const { t, i18n } = useTranslation();
  const query = useImport(started.id, started);
  const current = query.data ?? started;
  const running = isRunning(current.status);
  const percent = current.totalRows > 0 ? Math.round((current.processedRows / current.totalRows) * 100) : 0;
  const number = (value: number) => new Intl.NumberFormat(intlLocale(i18n.language)).format(value);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The form was replaced by the state: continue here.
  useEffect(() => headingRef.current?.focus(), []);

  return (
    <Stack gap="md">
      <Title order={2} size="h3" ref={headingRef} tabIndex={-1}>
        {current.fileName}
      </Title>
      {/* Announced when the state changes (not on every poll: the text changes only with the status). */}
      <div role="status">
        {running ? (
          <Text>{t(`participants.import.statuses.${current.status}`)}</Text>
        ) : current.status === 'succeeded' ? null : (
          <Text fw={600}>{t(`participants.import.statuses.${current.status}`)}</Text>
        )}
      </div>
      {current.status === 'succeeded' ? (
        <Outcome>
          <Text>{t('participants.import.statuses.succeeded')}</Text>
          <Text>
            {t('participants.import.summary', {
              created: number(current.createdRows),
              updated: number(current.updatedRows),
              unchanged: number(current.unchangedRows),
              skipped: number(current.skippedRows),
            })}
          </Text>
        </Outcome>
      ) : null}
      <Stack gap={4}>
        <Text id="import-progress-label">{t('participants.import.progressLabel')}</Text>
        <Progress.Root size="lg">
          <Progress.Section
            value={current.status === 'succeeded' ? 100 : percent}
            aria-labelledby="import-progress-label"
          />
        </Progress.Root>
        <Text size="sm">
          {t('participants.import.progress', {
            processed: number(current.processedRows),
            total: number(current.totalRows),
          })}
        </Text>
      </Stack>
      {query.isError && !running ? <LoadFailed error={query.error} onRetry={() => void query.refetch()} /> : null}
      {current.problems.length > 0 ? <ProblemsTable problems={current.problems} /> : null}
      {running ? null : (
        <Group>
          <Button variant="default" onClick={onAgain}>
            {t('participants.import.again')}
          </Button>
          <AnchorLink to="/participants">{t('participants.import.toSearch')}</AnchorLink>
        </Group>
      )}
    </Stack>
  );
}

export function ParticipantImportPage() {
  const { t } = useTranslation();
  const [started, setStarted] = useState<ParticipantImport | null>(null);
  return (
    <Stack gap="lg" maw={960}>
      <PageTitle>{t('participants.import.title')}</PageTitle>
      <Group>
        <AnchorLink to="/participants">{t('participants.backToSearch')}</AnchorLink>
      </Group>
      <Text>{t('participants.import.intro')}</Text>
      <details>
        <summary>{t('participants.import.columnsTitle')}</summary>
        <Text size="sm" mt="xs">
          {t('participants.import.columnsText')}
        </Text>
      </details>
      {started ? (
        <ImportState
          key={started.id}
          started={started}
          onAgain={() => {
            setStarted(null);
            // The state is gone: continue at the top of the page, above the form.
            requestAnimationFrame(() => document.getElementById(PAGE_TITLE_ID)?.focus());
          }}
        />
      ) : (
        <UploadForm onStarted={setStarted} />
      )}
    </Stack>
  );
}
