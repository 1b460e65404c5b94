import {
  Alert,
  Button,
  Code,
  Group,
  Loader,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AuditLogEntry, AuditLogQuery } from '../../../audit/audit.schema.ts';
import { PageTitle } from '../../components/page-title.tsx';
import { ApiError } from '../../lib/api-client.ts';
import { useAuditLog } from './api/search-audit-log.ts';
import { formatEntryTime } from './audit-log-format.ts';
import { EMPTY_FILTERS, filtersToQuery, type FilterField, type FilterValues } from './audit-log-filters.ts';

const OUTCOMES = ['success', 'denied', 'failure'] as const;
// Dark shades: at least 4.5:1 against white (and the striped rows); the word carries the meaning, not the colour.
const OUTCOME_COLORS = { success: 'teal.9', denied: 'red.9', failure: 'violet.9' } as const;
const RESULTS_ID = 'audit-log-results';

function FilterForm({ onSearch }: { onSearch: (query: Partial<AuditLogQuery>) => void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<FilterValues>(EMPTY_FILTERS);
  const [errors, setErrors] = useState<Partial<Record<FilterField, string>>>({});
  const summaryRef = useRef<HTMLDivElement>(null);

  const bind = (field: FilterField) => ({
    id: `audit-filter-${field}`,
    value: values[field],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setValues((current) => ({ ...current, [field]: value }));
    },
    error: errors[field]
      ? t(errors[field] === 'order' ? 'auditLog.errors.order' : `auditLog.errors.${field}`)
      : undefined,
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = filtersToQuery(values);
    if (result.ok) {
      setErrors({});
      onSearch(result.query);
      return;
    }
    setErrors(result.errors);
    // Focus the summary, which lists the problems; each field also shows its own message.
    requestAnimationFrame(() => summaryRef.current?.focus());
  };

  const reset = () => {
    setValues(EMPTY_FILTERS);
    setErrors({});
    onSearch({});
  };

  const failed = Object.keys(errors) as FilterField[];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="audit-filter-title">
      <Title order={2} id="audit-filter-title" size="h3" mb="sm">
        {t('auditLog.filters.title')}
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {failed.length > 0 ? (
            <Alert
              ref={summaryRef}
              tabIndex={-1}
              color="red.9"
              variant="outline"
              title={t('auditLog.filters.errorSummary')}
              role="alert"
            >
              <ul style={{ margin: 0, paddingInlineStart: '1.2rem' }}>
                {failed.map((field) => (
                  <li key={field}>
                    <a
                      href={`#audit-filter-${field}`}
                      onClick={(event) => {
                        event.preventDefault();
                        document.getElementById(`audit-filter-${field}`)?.focus();
                      }}
                    >
                      {t(`auditLog.filters.${field}`)}:{' '}
                      {t(errors[field] === 'order' ? 'auditLog.errors.order' : `auditLog.errors.${field}`)}
                    </a>
                  </li>
                ))}
              </ul>
            </Alert>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              label={t('auditLog.filters.userId')}
              description={t('auditLog.filters.idHint')}
              autoComplete="off"
              spellCheck={false}
              {...bind('userId')}
            />
            <TextInput
              label={t('auditLog.filters.participantId')}
              description={t('auditLog.filters.idHint')}
              autoComplete="off"
              spellCheck={false}
              {...bind('participantId')}
            />
            <TextInput
              label={t('auditLog.filters.resourceType')}
              description={t('auditLog.filters.resourceTypeHint')}
              autoComplete="off"
              spellCheck={false}
              {...bind('resourceType')}
            />
            <TextInput
              label={t('auditLog.filters.action')}
              description={t('auditLog.filters.actionHint')}
              autoComplete="off"
              spellCheck={false}
              {...bind('action')}
            />
            <NativeSelect
              label={t('auditLog.filters.outcome')}
              data={[
                { value: '', label: t('auditLog.filters.outcomeAll') },
                ...OUTCOMES.map((outcome) => ({ value: outcome, label: t(`auditLog.outcome.${outcome}`) })),
              ]}
              {...bind('outcome')}
            />
            <div />
            <TextInput type="datetime-local" step={1} label={t('auditLog.filters.from')} {...bind('from')} />
            <TextInput type="datetime-local" step={1} label={t('auditLog.filters.to')} {...bind('to')} />
          </SimpleGrid>
          <Group gap="sm">
            <Button type="submit">{t('auditLog.filters.submit')}</Button>
            <Button type="button" variant="default" onClick={reset}>
              {t('auditLog.filters.reset')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function EntryRow({ entry, language }: { entry: AuditLogEntry; language: string }) {
  const { t } = useTranslation();
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <time dateTime={entry.occurredAt}>{formatEntryTime(entry.occurredAt, language)}</time>
      </Table.Td>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>
        {entry.actorUserId ? <Code>{entry.actorUserId}</Code> : <Text size="sm">{t('auditLog.table.noUser')}</Text>}
        {entry.actorRoles.length > 0 ? (
          <Text size="sm">{t('auditLog.table.roles', { roles: entry.actorRoles.join(', ') })}</Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Code>{entry.action}</Code>
      </Table.Td>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>
        <Text size="sm">
          <Code>{entry.resourceType}</Code> {entry.resourceId ?? ''}
        </Text>
        {entry.participantId && entry.participantId !== entry.resourceId ? (
          <Text size="sm">{t('auditLog.table.participant', { id: entry.participantId })}</Text>
        ) : null}
        {entry.changedFields.length > 0 ? (
          <Text size="sm">{t('auditLog.table.changedFields', { fields: entry.changedFields.join(', ') })}</Text>
        ) : null}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text component="span" fw={700} c={OUTCOME_COLORS[entry.outcome]}>
          {t(`auditLog.outcome.${entry.outcome}`)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

function failureText(error: Error, t: TFunction): string {
  if (error instanceof ApiError && error.status === 401) return t('auditLog.failed.unauthenticated');
  if (error instanceof ApiError && error.status === 403) return t('auditLog.failed.forbidden');
  return t('auditLog.failed.other', { detail: error.message });
}

export function AuditLogPage() {
  const { t, i18n } = useTranslation();
  const [query, setQuery] = useState<Partial<AuditLogQuery>>({});
  // Cursors of the pages visited so far: undefined is the first (newest) page.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const result = useAuditLog(query, cursor);
  const resultsRef = useRef<HTMLHeadingElement>(null);

  const search = (next: Partial<AuditLogQuery>) => {
    setQuery(next);
    setCursors([undefined]);
  };
  const turn = (next: (string | undefined)[]) => {
    setCursors(next);
    // Keep the keyboard user at the results, which are replaced.
    requestAnimationFrame(() => resultsRef.current?.focus());
  };

  const data = result.data;
  return (
    <Stack gap="lg">
      <Stack gap="sm">
        <PageTitle>{t('auditLog.title')}</PageTitle>
        <Text>{t('auditLog.intro')}</Text>
      </Stack>
      <FilterForm onSearch={search} />
      <section aria-labelledby={RESULTS_ID}>
        <Title order={2} size="h3" id={RESULTS_ID} ref={resultsRef} tabIndex={-1} mb="sm">
          {data ? t(`auditLog.scope.${data.scope}`) : t('auditLog.title')}
        </Title>
        <Stack gap="md">
          <div role="status">
            {result.isFetching ? (
              <Group gap="sm">
                <Loader size="sm" aria-hidden="true" />
                <Text>{t('auditLog.loading')}</Text>
              </Group>
            ) : data && !result.isError ? (
              <Text>
                {data.items.length === 0
                  ? t('auditLog.empty')
                  : t('auditLog.resultCount', { count: data.items.length })}
              </Text>
            ) : null}
          </div>
          {result.isError ? (
            <Alert color="red.9" variant="outline" title={t('auditLog.failed.title')} role="alert">
              <Text mb="sm">{failureText(result.error, t)}</Text>
              {result.error instanceof ApiError && result.error.status < 500 ? null : (
                <Button onClick={() => void result.refetch()} loading={result.isFetching}>
                  {t('auditLog.failed.retry')}
                </Button>
              )}
            </Alert>
          ) : null}
          {data && !result.isError && data.items.length > 0 ? (
            <Table.ScrollContainer minWidth={720}>
              <Table striped withTableBorder verticalSpacing="xs" captionSide="top">
                <Table.Caption>{t('auditLog.table.caption')}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('auditLog.table.time')}</Table.Th>
                    <Table.Th scope="col">{t('auditLog.table.user')}</Table.Th>
                    <Table.Th scope="col">{t('auditLog.table.action')}</Table.Th>
                    <Table.Th scope="col">{t('auditLog.table.resource')}</Table.Th>
                    <Table.Th scope="col">{t('auditLog.table.outcome')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((entry) => (
                    <EntryRow key={entry.id} entry={entry} language={i18n.language} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : null}
          {data && !result.isError && (cursors.length > 1 || data.nextCursor) ? (
            <nav aria-label={t('auditLog.pagination.label')}>
              <Group gap="sm">
                <Button
                  variant="default"
                  disabled={cursors.length <= 1 || result.isFetching}
                  onClick={() => turn(cursors.slice(0, -1))}
                >
                  {t('auditLog.pagination.newer')}
                </Button>
                <Text>{t('auditLog.pagination.page', { page: cursors.length })}</Text>
                <Button
                  variant="default"
                  disabled={!data.nextCursor || result.isFetching}
                  onClick={() => data.nextCursor && turn([...cursors, data.nextCursor])}
                >
                  {t('auditLog.pagination.older')}
                </Button>
              </Group>
            </nav>
          ) : null}
        </Stack>
      </section>
    </Stack>
  );
}
