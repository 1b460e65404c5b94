import { Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { genders, residenceStatuses } from '../../../participants/participant.codes.ts';
import type { ParticipantSummary } from '../../../participants/participant.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { SignedOutPrompt } from '../../components/signed-out-prompt.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { useAuthSession } from '../../lib/auth-session.ts';
import { useMe } from '../../lib/me.ts';
import { can } from '../../lib/permissions.ts';
import { useParticipants } from './api/list-participants.ts';
import { formatBirthDate } from './birth-date.ts';
import { LoadFailed } from './feedback.tsx';
import { listName } from './format.ts';
import { ParticipantBadges } from './participant-badges.tsx';
import {
  activeFilters,
  DEFAULT_SORT,
  SEARCH_SORTS,
  type ParticipantSearchParams,
  type SearchSort,
} from './participant-search.ts';
import { intlLocale } from '../../lib/language.ts';

const linkId = (participant: ParticipantSummary) => `participant-link-${participant.id}`;

type Flag = '' | 'true' | 'false';
const flagOf = (value: boolean | undefined): Flag => (value === undefined ? '' : value ? 'true' : 'false');
const flagValue = (value: Flag): boolean | undefined => (value === '' ? undefined : value === 'true');

interface Fields {
  q: string;
  birthDate: string;
  residenceStatus: string;
  gender: string;
  cityDistrict: string;
  hasOpenCase: Flag;
  blocked: Flag;
  sort: SearchSort;
}

function fieldsOf(search: ParticipantSearchParams): Fields {
  return {
    q: search.q ?? '',
    birthDate: search.birthDate ?? '',
    residenceStatus: search.residenceStatus ?? '',
    gender: search.gender ?? '',
    cityDistrict: search.cityDistrict ?? '',
    hasOpenCase: flagOf(search.hasOpenCase),
    blocked: flagOf(search.blocked),
    sort: search.sort ?? DEFAULT_SORT,
  };
}

function SearchForm({
  search,
  onSearch,
}: {
  search: ParticipantSearchParams;
  onSearch: (next: ParticipantSearchParams) => void;
}) {
  const { t } = useTranslation();
  const [fields, setFields] = useState(() => fieldsOf(search));
  // The address changes with the back button too: the fields follow it (compared by content, not identity).
  const searchKey = JSON.stringify(search);
  useEffect(() => setFields(fieldsOf(JSON.parse(searchKey) as ParticipantSearchParams)), [searchKey]);
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) =>
    setFields((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next: ParticipantSearchParams = {};
    if (fields.q.trim()) next.q = fields.q.trim();
    if (fields.birthDate) next.birthDate = fields.birthDate;
    const status = residenceStatuses.find((value) => value === fields.residenceStatus);
    if (status) next.residenceStatus = status;
    const gender = genders.find((value) => value === fields.gender);
    if (gender) next.gender = gender;
    if (fields.cityDistrict.trim()) next.cityDistrict = fields.cityDistrict.trim();
    const hasOpenCase = flagValue(fields.hasOpenCase);
    if (hasOpenCase !== undefined) next.hasOpenCase = hasOpenCase;
    const blocked = flagValue(fields.blocked);
    if (blocked !== undefined) next.blocked = blocked;
    if (fields.sort !== DEFAULT_SORT) next.sort = fields.sort;
    onSearch(next);
  };

  const flagChoices = [
    { value: '', label: t('participants.search.any') },
    { value: 'true', label: t('participants.yes') },
    { value: 'false', label: t('participants.no') },
  ];
  const sortChoices = SEARCH_SORTS.flatMap((field) => [
    { value: field, label: t(`participants.search.sorts.${field}`) },
    { value: `-${field}`, label: t(`participants.search.sorts.${field}Desc`) },
  ]);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="participants-search-title">
      <form onSubmit={submit} role="search" aria-labelledby="participants-search-title" noValidate>
        <Title order={2} size="h3" id="participants-search-title" mb="sm">
          {t('participants.search.title')}
        </Title>
        <Stack gap="md">
          <TextInput
            id="participants-q"
            label={t('participants.search.q')}
            description={t('participants.search.qHint')}
            value={fields.q}
            maxLength={200}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => set('q', event.currentTarget.value)}
          />
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
            <TextInput
              id="participants-birth-date"
              type="date"
              label={t('participants.search.birthDate')}
              description={t('participants.search.birthDateHint')}
              value={fields.birthDate}
              onChange={(event) => set('birthDate', event.currentTarget.value)}
            />
            <NativeSelect
              id="participants-status"
              label={t('participants.search.residenceStatus')}
              value={fields.residenceStatus}
              onChange={(event) => set('residenceStatus', event.currentTarget.value)}
              data={[
                { value: '', label: t('participants.search.anyStatus') },
                ...residenceStatuses.map((value) => ({ value, label: t(`participants.statuses.${value}`) })),
              ]}
            />
            <NativeSelect
              id="participants-gender"
              label={t('participants.search.gender')}
              value={fields.gender}
              onChange={(event) => set('gender', event.currentTarget.value)}
              data={[
                { value: '', label: t('participants.search.any') },
                ...genders.map((value) => ({ value, label: t(`participants.genders.${value}`) })),
              ]}
            />
            <TextInput
              id="participants-district"
              label={t('participants.search.cityDistrict')}
              value={fields.cityDistrict}
              maxLength={120}
              autoComplete="off"
              onChange={(event) => set('cityDistrict', event.currentTarget.value)}
            />
            <NativeSelect
              id="participants-open-case"
              label={t('participants.search.hasOpenCase')}
              value={fields.hasOpenCase}
              onChange={(event) => set('hasOpenCase', event.currentTarget.value as Flag)}
              data={flagChoices}
            />
            <NativeSelect
              id="participants-blocked"
              label={t('participants.search.blocked')}
              value={fields.blocked}
              onChange={(event) => set('blocked', event.currentTarget.value as Flag)}
              data={flagChoices}
            />
            <NativeSelect
              id="participants-sort"
              label={t('participants.search.sort')}
              value={fields.sort}
              onChange={(event) => set('sort', event.currentTarget.value as SearchSort)}
              data={sortChoices}
            />
          </SimpleGrid>
          <Group>
            <Button type="submit">{t('participants.search.submit')}</Button>
            {Object.keys(search).length > 0 ? (
              <Button type="button" variant="default" onClick={() => onSearch({})}>
                {t('participants.search.reset')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function ResultRow({ participant }: { participant: ParticipantSummary }) {
  const { t, i18n } = useTranslation();
  const birthDate = formatBirthDate(participant.birthDate, participant.birthDatePrecision, intlLocale(i18n.language));
  return (
    <Table.Tr>
      <Table.Th scope="row" fw={400} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
        <AnchorLink
          id={linkId(participant)}
          to="/participants/$participantId"
          params={{ participantId: participant.id }}
        >
          {participant.number}
        </AnchorLink>
      </Table.Th>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>
        <Stack gap={4}>
          <span>{listName(participant)}</span>
          <ParticipantBadges
            restricted={participant.restricted}
            blocked={participant.blocked}
            merged={participant.mergedIntoId !== null}
          />
        </Stack>
      </Table.Td>
      <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{birthDate ?? t('participants.unknown')}</Table.Td>
      <Table.Td>
        {participant.currentResidenceStatus
          ? t(`participants.statuses.${participant.currentResidenceStatus}`)
          : t('participants.none')}
      </Table.Td>
      <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{participant.openCaseCount}</Table.Td>
    </Table.Tr>
  );
}

function Results({ search }: { search: ParticipantSearchParams }) {
  const { t } = useTranslation();
  const result = useParticipants(search);
  const items = result.data?.pages.flatMap((page) => page.items) ?? [];
  // After "load more", keyboard users continue at the first record that was added (the button may be gone).
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
  const filtered = activeFilters(search).length > 0;

  return (
    <section aria-labelledby="participants-results">
      <Title order={2} size="h3" id="participants-results" mb="sm">
        {t('participants.results.title')}
      </Title>
      <Stack gap="sm">
        <div role="status">
          {result.isPending ? <Loading text={t('participants.results.loading')} /> : null}
          {result.data && !result.isError ? (
            <Text>
              {items.length === 0
                ? filtered
                  ? t('participants.results.noneFound')
                  : t('participants.results.empty')
                : t('participants.results.count', { count: items.length })}
              {result.hasNextPage ? ` ${t('participants.results.moreAvailable')}` : ''}
            </Text>
          ) : null}
        </div>
        {result.isError && !result.data ? (
          <LoadFailed error={result.error} onRetry={() => void result.refetch()} />
        ) : null}
        {items.length > 0 ? (
          <Table.ScrollContainer minWidth={720}>
            <Table striped withTableBorder verticalSpacing="xs">
              <Table.Caption>{t('participants.results.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('participants.fields.number')}</Table.Th>
                  <Table.Th scope="col">{t('participants.fields.name')}</Table.Th>
                  <Table.Th scope="col">{t('participants.fields.birthDate')}</Table.Th>
                  <Table.Th scope="col">{t('participants.fields.currentStatus')}</Table.Th>
                  <Table.Th scope="col">{t('participants.fields.openCases')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((participant) => (
                  <ResultRow key={participant.id} participant={participant} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        {result.isError && result.data ? (
          <LoadFailed error={result.error} onRetry={() => void result.fetchNextPage()} />
        ) : null}
        {result.hasNextPage ? (
          <Group>
            <Button variant="default" loading={result.isFetchingNextPage} onClick={() => void loadMore()}>
              {t('participants.results.loadMore')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </section>
  );
}

function SignedIn({
  search,
  onSearch,
}: {
  search: ParticipantSearchParams;
  onSearch: (next: ParticipantSearchParams) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) return <LoadFailed error={me.error} onRetry={() => void me.refetch()} />;
  if (!can(me.data, 'read', 'participant')) return <Text>{t('participants.noAccess')}</Text>;
  const mayCreate = can(me.data, 'create', 'participant');
  return (
    <>
      {mayCreate ? (
        <Group gap="lg">
          <AnchorLink to="/participants/new" fw={600}>
            {t('participants.create.link')}
          </AnchorLink>
          <AnchorLink to="/participants/import" fw={600}>
            {t('participants.import.link')}
          </AnchorLink>
        </Group>
      ) : null}
      <SearchForm search={search} onSearch={onSearch} />
      <Results search={search} />
    </>
  );
}

/**
 * The search for participants. Signed out, the page says how to get in (it is public like the other area
 * pages, so the navigation never leads to a login wall).
 */
export function ParticipantsPage({
  search,
  onSearch,
}: {
  search: ParticipantSearchParams;
  onSearch: (next: ParticipantSearchParams) => void;
}) {
  const { t } = useTranslation();
  const session = useAuthSession();
  const stage = session.data?.stage;
  return (
    <Stack gap="lg">
      <PageTitle>{t('participants.title')}</PageTitle>
      <Text>{t('participants.intro')}</Text>
      {session.isPending ? <Loading /> : null}
      {session.isError ? <LoadFailed error={session.error} onRetry={() => void session.refetch()} /> : null}
      {session.data && stage !== 'active' ? (
        <SignedOutPrompt message={t('participants.signedOut')} redirect="/participants" />
      ) : null}
      {stage === 'active' ? <SignedIn search={search} onSearch={onSearch} /> : null}
    </Stack>
  );
}
