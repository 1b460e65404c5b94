import { Badge, Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { organisationKinds, type Organisation } from '../../../organisations/organisation.schema.ts';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { mayManageOrganisations } from '../../lib/admin-capabilities.ts';
import { useMe } from '../../lib/me.ts';
import { useOrganisations } from './api/list-organisations.ts';
import { DEMO_COLOR, LoadFailed } from './feedback.tsx';
import { Loading } from '../../components/loading.tsx';
import type { OrganisationKind } from './organisation-form-values.ts';
import type { OrganisationSearchParams } from './organisation-search.ts';

const linkId = (organisation: Organisation) => `organisation-link-${organisation.id}`;

function SearchForm({
  search,
  onSearch,
}: {
  search: OrganisationSearchParams;
  onSearch: (next: OrganisationSearchParams) => void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState(search.q ?? '');
  const [kind, setKind] = useState<OrganisationKind | ''>(search.kind ?? '');
  // The address changes with the back button too: the fields follow it.
  useEffect(() => {
    setQ(search.q ?? '');
    setKind(search.kind ?? '');
  }, [search.q, search.kind]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next: OrganisationSearchParams = {};
    if (q.trim()) next.q = q.trim();
    if (kind) next.kind = kind;
    onSearch(next);
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="organisations-search-title">
      <form onSubmit={submit} role="search" aria-labelledby="organisations-search-title">
        <Title order={2} size="h3" id="organisations-search-title" mb="sm">
          {t('organisations.search.title')}
        </Title>
        <Group align="flex-end" gap="md">
          <TextInput
            id="organisations-q"
            label={t('organisations.search.q')}
            description={t('organisations.search.qHint')}
            value={q}
            maxLength={100}
            autoComplete="off"
            onChange={(event) => setQ(event.currentTarget.value)}
          />
          <NativeSelect
            id="organisations-kind"
            label={t('organisations.search.kind')}
            value={kind}
            onChange={(event) => setKind(event.currentTarget.value as OrganisationKind | '')}
            data={[
              { value: '', label: t('organisations.search.allKinds') },
              ...organisationKinds.map((value) => ({ value, label: t(`organisations.kinds.${value}`) })),
            ]}
          />
          <Button type="submit">{t('organisations.search.submit')}</Button>
          {search.q || search.kind ? (
            <Button type="button" variant="default" onClick={() => onSearch({})}>
              {t('organisations.search.reset')}
            </Button>
          ) : null}
        </Group>
      </form>
    </Paper>
  );
}

function OrganisationRow({ organisation }: { organisation: Organisation }) {
  const { t } = useTranslation();
  const yesNo = (value: boolean) => (value ? t('organisations.yes') : t('organisations.no'));
  const municipality = organisation.kind === 'municipality';
  return (
    <Table.Tr>
      <Table.Th scope="row" fw={400} style={{ overflowWrap: 'anywhere' }}>
        <AnchorLink
          id={linkId(organisation)}
          to="/admin/organisations/$organisationId"
          params={{ organisationId: organisation.id }}
        >
          {organisation.name}
        </AnchorLink>
        {organisation.isDemo ? (
          <Badge color={DEMO_COLOR} variant="outline" tt="none" ml="xs">
            {t('organisations.demo')}
          </Badge>
        ) : null}
      </Table.Th>
      <Table.Td>{t(`organisations.kinds.${organisation.kind}`)}</Table.Td>
      <Table.Td>
        {organisation.municipalityKind ? t(`organisations.municipalityKinds.${organisation.municipalityKind}`) : '–'}
      </Table.Td>
      <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{organisation.officialKey ?? '–'}</Table.Td>
      <Table.Td>{municipality ? yesNo(organisation.allianceMember) : '–'}</Table.Td>
      <Table.Td>{municipality ? yesNo(organisation.budgetRecovery) : '–'}</Table.Td>
    </Table.Tr>
  );
}

export function OrganisationsPage({
  search,
  onSearch,
}: {
  search: OrganisationSearchParams;
  onSearch: (next: OrganisationSearchParams) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const result = useOrganisations({ q: search.q, kind: search.kind });
  const items = result.data?.pages.flatMap((page) => page.items) ?? [];
  // After "load more", keyboard users continue at the first organisation that was added (the button may be
  // gone): focused once its row has rendered.
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
    if (first) setFocusTarget(linkId(first));
  };

  return (
    <Stack gap="lg">
      <PageTitle>{t('organisations.title')}</PageTitle>
      <Text>{t('organisations.intro')}</Text>
      {me.data && mayManageOrganisations(me.data.roles) ? (
        <Group>
          <AnchorLink to="/admin/organisations/new" fw={600}>
            {t('organisations.create.link')}
          </AnchorLink>
        </Group>
      ) : null}
      <SearchForm search={search} onSearch={onSearch} />
      <section aria-labelledby="organisations-results">
        <Title order={2} size="h3" id="organisations-results" mb="sm">
          {t('organisations.table.caption')}
        </Title>
        <Stack gap="sm">
          <div role="status">
            {result.isPending ? <Loading text={t('organisations.loading')} /> : null}
            {result.data && !result.isError ? (
              <Text>
                {items.length === 0 ? t('organisations.empty') : t('organisations.count', { count: items.length })}
                {result.hasNextPage ? ` ${t('organisations.moreAvailable')}` : ''}
              </Text>
            ) : null}
          </div>
          {result.isError && !result.data ? (
            <LoadFailed
              error={result.error}
              forbidden={t('organisations.forbidden')}
              failed={t('organisations.failed')}
              onRetry={() => void result.refetch()}
            />
          ) : null}
          {items.length > 0 ? (
            <Table.ScrollContainer minWidth={760}>
              <Table striped withTableBorder verticalSpacing="xs" aria-labelledby="organisations-results">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('organisations.table.name')}</Table.Th>
                    <Table.Th scope="col">{t('organisations.table.kind')}</Table.Th>
                    <Table.Th scope="col">{t('organisations.table.municipalityKind')}</Table.Th>
                    <Table.Th scope="col">
                      <abbr title={t('organisations.table.officialKeyLong')}>
                        {t('organisations.table.officialKey')}
                      </abbr>
                    </Table.Th>
                    <Table.Th scope="col">{t('organisations.table.allianceMember')}</Table.Th>
                    <Table.Th scope="col">{t('organisations.table.budgetRecovery')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((organisation) => (
                    <OrganisationRow key={organisation.id} organisation={organisation} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : null}
          {result.isError && result.data ? (
            <LoadFailed
              error={result.error}
              forbidden={t('organisations.forbidden')}
              failed={t('organisations.failed')}
              onRetry={() => void result.fetchNextPage()}
            />
          ) : null}
          {result.hasNextPage ? (
            <Group>
              <Button variant="default" loading={result.isFetchingNextPage} onClick={() => void loadMore()}>
                {t('organisations.loadMore')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </section>
    </Stack>
  );
}
