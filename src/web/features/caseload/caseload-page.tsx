import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { caseStatuses, warningKinds } from '../../../cases/case.codes.ts';
import { caseProgrammes } from '../../../cases/case.schema.ts';
import { strands } from '../../../participants/participant.codes.ts';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { useMe } from '../../lib/me.ts';
import { can } from '../../lib/permissions.ts';
import { useCaseload } from './api/get-caseload.ts';
import { DEFAULT_SORT, SORT_OPTIONS, isFiltered, type CaseloadSearch, type SortOption } from './caseload-search.ts';
import { CaseloadTable, caseLinkId } from './caseload-table.tsx';

/** Whether the user's roles reach their teams' cases (participation managers), not only assigned ones. */
function seesTeamCases(permissions: readonly { action: string; resource: string; scope: string }[]): boolean {
  return permissions.some(
    (permission) =>
      permission.resource === 'case' &&
      (permission.action === 'read' || permission.action === 'manage') &&
      permission.scope !== 'own',
  );
}

function FilterForm({
  search,
  onSearch,
  teamScope,
}: {
  search: CaseloadSearch;
  onSearch: (next: CaseloadSearch) => void;
  teamScope: boolean;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<CaseloadSearch>(search);
  // The address changes with the back button too: the fields follow it.
  useEffect(() => setValues(search), [search]);
  const set = <K extends keyof CaseloadSearch>(key: K, value: CaseloadSearch[K]) =>
    setValues((current) => {
      const next = { ...current, [key]: value };
      if (value === undefined || (Array.isArray(value) && value.length === 0)) delete next[key];
      return next;
    });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSearch(values);
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="caseload-filter-title">
      <form onSubmit={submit} aria-labelledby="caseload-filter-title">
        <Stack gap="md">
          <Title order={2} size="h3" id="caseload-filter-title">
            {t('cases.caseload.filters.title')}
          </Title>
          {teamScope ? (
            <Radio.Group
              label={t('cases.caseload.filters.scope')}
              value={values.scope ?? 'own'}
              onChange={(scope) => set('scope', scope === 'team' ? 'team' : undefined)}
            >
              <Group gap="lg" mt="xs">
                <Radio id="caseload-scope" value="own" label={t('cases.caseload.filters.scopes.own')} />
                <Radio value="team" label={t('cases.caseload.filters.scopes.team')} />
              </Group>
            </Radio.Group>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Checkbox.Group
              label={t('cases.caseload.filters.status')}
              value={values.status ?? []}
              onChange={(selected) =>
                set(
                  'status',
                  caseStatuses.filter((status) => selected.includes(status)),
                )
              }
            >
              <Stack gap={6} mt="xs">
                {caseStatuses.map((status) => (
                  <Checkbox key={status} value={status} label={t(`cases.statuses.${status}`)} />
                ))}
              </Stack>
            </Checkbox.Group>
            <Checkbox.Group
              label={t('cases.caseload.filters.warning')}
              value={values.warning ?? []}
              onChange={(selected) =>
                set(
                  'warning',
                  warningKinds.filter((kind) => selected.includes(kind)),
                )
              }
            >
              <Stack gap={6} mt="xs">
                {warningKinds.map((kind) => (
                  <Checkbox key={kind} value={kind} label={t(`cases.warnings.${kind}`)} />
                ))}
              </Stack>
            </Checkbox.Group>
          </SimpleGrid>
          <Group align="flex-end" gap="md">
            <NativeSelect
              id="caseload-programme"
              label={t('cases.caseload.filters.programme')}
              value={values.programme ?? ''}
              onChange={(event) => set('programme', event.currentTarget.value || undefined)}
              data={[
                { value: '', label: t('cases.caseload.filters.all') },
                ...caseProgrammes.map((programme) => ({ value: programme, label: t(`cases.programmes.${programme}`) })),
              ]}
            />
            <NativeSelect
              id="caseload-strand"
              label={t('cases.caseload.filters.strand')}
              value={values.strand ?? ''}
              onChange={(event) =>
                set(
                  'strand',
                  strands.find((strand) => strand === event.currentTarget.value),
                )
              }
              data={[
                { value: '', label: t('cases.caseload.filters.all') },
                ...strands.map((strand) => ({ value: strand, label: t(`cases.strands.${strand}`) })),
              ]}
              maw={360}
            />
            <NativeSelect
              id="caseload-sort"
              label={t('cases.caseload.filters.sort')}
              value={values.sort ?? DEFAULT_SORT}
              onChange={(event) => {
                const sort = SORT_OPTIONS.find((option) => option === event.currentTarget.value);
                set('sort', sort === DEFAULT_SORT ? undefined : sort);
              }}
              data={SORT_OPTIONS.map((option: SortOption) => ({
                value: option,
                label: t(`cases.caseload.filters.sorts.${option}`),
              }))}
            />
          </Group>
          <Group>
            <Button type="submit">{t('cases.caseload.filters.submit')}</Button>
            {isFiltered(search) ? (
              <Button type="button" variant="default" onClick={() => onSearch({})}>
                {t('cases.caseload.filters.reset')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function LoadFailed({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const { t } = useTranslation();
  const final = isProblem(error) && error.status < 500;
  return (
    <Alert color="red.9" variant="outline" role="alert">
      <Text mb={final ? 0 : 'sm'}>
        {isProblem(error, 'forbidden') ? t('cases.caseload.results.forbidden') : t('cases.caseload.results.failed')}
      </Text>
      {final ? null : (
        <Button variant="default" onClick={onRetry}>
          {t('cases.common.retry')}
        </Button>
      )}
    </Alert>
  );
}

function Results({ search }: { search: CaseloadSearch }) {
  const { t } = useTranslation();
  const result = useCaseload(search);
  const items = result.data?.pages.flatMap((page) => page.items) ?? [];
  // After "load more", keyboard users continue at the first case that was added (the button may be gone).
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  useEffect(() => {
    const element = focusTarget ? document.getElementById(focusTarget) : null;
    if (!element) return;
    element.focus();
    setFocusTarget(null);
  }, [focusTarget, items.length]);

  const loadMore = async () => {
    const before = items.length;
    const next = await result.fetchNextPage();
    const first = next.data?.pages.flatMap((page) => page.items)[before];
    if (first) setFocusTarget(caseLinkId(first));
  };

  const empty =
    isFiltered(search) || search.scope === 'team'
      ? t('cases.caseload.results.empty')
      : t('cases.caseload.results.emptyOwn');
  return (
    <section aria-labelledby="caseload-results-title">
      <Title order={2} size="h3" id="caseload-results-title" mb="sm">
        {t('cases.caseload.results.title')}
      </Title>
      <Stack gap="sm">
        <div role="status">
          {result.isPending ? <Loading text={t('cases.caseload.results.loading')} /> : null}
          {result.data && !result.isError ? (
            <Text>
              {items.length === 0 ? empty : t('cases.caseload.results.count', { count: items.length })}
              {result.hasNextPage ? ` ${t('cases.common.moreAvailable')}` : ''}
            </Text>
          ) : null}
        </div>
        {result.isError && !result.data ? (
          <LoadFailed error={result.error} onRetry={() => void result.refetch()} />
        ) : null}
        {items.length > 0 ? <CaseloadTable items={items} caption={t('cases.caseload.results.caption')} /> : null}
        {result.isError && result.data ? (
          <LoadFailed error={result.error} onRetry={() => void result.fetchNextPage()} />
        ) : null}
        {result.hasNextPage ? (
          <Group>
            <Button variant="default" loading={result.isFetchingNextPage} onClick={() => void loadMore()}>
              {t('cases.common.loadMore')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </section>
  );
}

/** /caseload: the cases of the signed-in user (or their teams'), with filters in the address. */
export function CaseloadPage({
  search,
  onSearch,
}: {
  search: CaseloadSearch;
  onSearch: (next: CaseloadSearch) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const person = me.data;
  const readable = person ? can(person, 'read', 'case') : false;
  return (
    <Stack gap="lg">
      <PageTitle>{t('cases.caseload.title')}</PageTitle>
      <Text>{t('cases.caseload.intro')}</Text>
      {me.isPending ? <Loading text={t('cases.common.loading')} /> : null}
      {person && !readable ? <Text>{t('cases.common.noAccess')}</Text> : null}
      {person && readable ? (
        <>
          <FilterForm search={search} onSearch={onSearch} teamScope={seesTeamCases(person.permissions)} />
          <Results search={search} />
        </>
      ) : null}
    </Stack>
  );
}
