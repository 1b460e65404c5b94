// The offer catalogue (/offers): search words, filters and sort in the address; a table of the offers with their
// free seats and waiting lists, page by page; links to an offer, to adding one and to the providers.
import { Button, Checkbox, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Offer } from '../../../offers/offer.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { SignedOutPrompt } from '../../components/signed-out-prompt.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { useAuthSession } from '../../lib/auth-session.ts';
import { useMe } from '../../lib/me.ts';
import { can } from '../../lib/permissions.ts';
import { LoadFailed } from '../cases/form-kit.tsx';
import { useOffers } from './api/offers.ts';
import { periodText, seatsText } from './offer-format.ts';
import { offerFilters, OFFER_SORTS, type OfferSearch } from './offer-search.ts';
import { CEFR_LEVELS, OFFER_STATUSES, OFFER_STRANDS, OFFER_TYPES } from './offer-values.ts';

const offerLinkId = (offer: Offer) => `offer-${offer.id}`;

function SearchForm({ search, onSearch }: { search: OfferSearch; onSearch: (next: OfferSearch) => void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<OfferSearch>(search);
  // The address is the truth: back and forward bring their search into the form.
  useEffect(() => setValues(search), [search]);
  const set = (key: keyof OfferSearch, value: string) =>
    setValues((current) => {
      const next: Record<string, unknown> = { ...current };
      if (value === '') delete next[key];
      else next[key] = value;
      return next;
    });
  const flag = (key: 'hasFreeSeats' | 'childcare' | 'accessible', checked: boolean) => set(key, checked ? 'true' : '');
  const any = { value: '', label: t('offers.catalogue.any') };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSearch(values);
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="offer-search-title">
      <form onSubmit={submit} role="search" aria-labelledby="offer-search-title">
        <Stack gap="sm">
          <Text component="h2" fw={700} size="lg" id="offer-search-title">
            {t('offers.catalogue.searchTitle')}
          </Text>
          <TextInput
            id="offer-q"
            label={t('offers.catalogue.q')}
            description={t('offers.catalogue.qHint')}
            value={values.q ?? ''}
            onChange={(event) => set('q', event.currentTarget.value)}
          />
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
            <NativeSelect
              id="offer-type"
              label={t('offers.fields.type')}
              value={values.type ?? ''}
              onChange={(event) => set('type', event.currentTarget.value)}
              data={[any, ...OFFER_TYPES.map((type) => ({ value: type, label: t(`offers.types.${type}`) }))]}
            />
            <NativeSelect
              id="offer-strand"
              label={t('offers.fields.strand')}
              value={values.strand ?? ''}
              onChange={(event) => set('strand', event.currentTarget.value)}
              data={[
                any,
                ...[...OFFER_STRANDS, 'none' as const].map((strand) => ({
                  value: strand,
                  label: t(`offers.strands.${strand}`),
                })),
              ]}
            />
            <NativeSelect
              id="offer-status"
              label={t('offers.fields.status')}
              value={values.status ?? ''}
              onChange={(event) => set('status', event.currentTarget.value)}
              data={[
                any,
                ...OFFER_STATUSES.map((status) => ({ value: status, label: t(`offers.statuses.${status}`) })),
              ]}
            />
            <NativeSelect
              id="offer-maxEntryLevel"
              label={t('offers.catalogue.maxEntryLevel')}
              value={values.maxEntryLevel ?? ''}
              onChange={(event) => set('maxEntryLevel', event.currentTarget.value)}
              data={[any, ...CEFR_LEVELS.map((level) => ({ value: level, label: t(`offers.levels.${level}`) }))]}
            />
            <TextInput
              id="offer-place"
              label={t('offers.fields.place')}
              value={values.place ?? ''}
              onChange={(event) => set('place', event.currentTarget.value)}
            />
            <TextInput
              id="offer-supportLanguage"
              label={t('offers.catalogue.supportLanguage')}
              description={t('offers.catalogue.supportLanguageHint')}
              value={values.supportLanguage ?? ''}
              onChange={(event) => set('supportLanguage', event.currentTarget.value.toLowerCase())}
            />
            <TextInput
              id="offer-from"
              type="date"
              label={t('offers.catalogue.from')}
              value={values.from ?? ''}
              onChange={(event) => set('from', event.currentTarget.value)}
            />
            <TextInput
              id="offer-to"
              type="date"
              label={t('offers.catalogue.to')}
              value={values.to ?? ''}
              onChange={(event) => set('to', event.currentTarget.value)}
            />
            <NativeSelect
              id="offer-sort"
              label={t('offers.catalogue.sort')}
              value={values.sort ?? 'title'}
              onChange={(event) => set('sort', event.currentTarget.value)}
              data={OFFER_SORTS.map((sort) => ({ value: sort, label: t(`offers.catalogue.sorts.${sort}`) }))}
            />
          </SimpleGrid>
          <Group gap="lg">
            <Checkbox
              id="offer-hasFreeSeats"
              label={t('offers.catalogue.freeSeatsOnly')}
              checked={values.hasFreeSeats === 'true'}
              onChange={(event) => flag('hasFreeSeats', event.currentTarget.checked)}
            />
            <Checkbox
              id="offer-childcare"
              label={t('offers.fields.childcare')}
              checked={values.childcare === 'true'}
              onChange={(event) => flag('childcare', event.currentTarget.checked)}
            />
            <Checkbox
              id="offer-accessible"
              label={t('offers.fields.accessible')}
              checked={values.accessible === 'true'}
              onChange={(event) => flag('accessible', event.currentTarget.checked)}
            />
          </Group>
          <Group>
            <Button type="submit">{t('offers.catalogue.search')}</Button>
            <Button type="button" variant="default" onClick={() => onSearch({})}>
              {t('offers.catalogue.reset')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function OfferTable({ offers }: { offers: Offer[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped withTableBorder>
        <Table.Caption>{t('offers.catalogue.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('offers.fields.title')}</Table.Th>
            <Table.Th scope="col">{t('offers.fields.provider')}</Table.Th>
            <Table.Th scope="col">{t('offers.fields.place')}</Table.Th>
            <Table.Th scope="col">{t('offers.catalogue.period')}</Table.Th>
            <Table.Th scope="col">{t('offers.catalogue.seats')}</Table.Th>
            <Table.Th scope="col">{t('offers.fields.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {offers.map((offer) => (
            <Table.Tr key={offer.id}>
              <Table.Th scope="row" fw={400} style={{ overflowWrap: 'anywhere' }}>
                <AnchorLink id={offerLinkId(offer)} to="/offers/$offerId" params={{ offerId: offer.id }} fw={600}>
                  {offer.title}
                </AnchorLink>
                <Text size="sm">
                  {t(`offers.types.${offer.type}`)}
                  {offer.strand ? ` · ${offer.strand}` : ''}
                </Text>
              </Table.Th>
              <Table.Td>{offer.provider.name}</Table.Td>
              <Table.Td>{offer.place}</Table.Td>
              <Table.Td>{periodText(t, offer.startsOn, offer.endsOn, i18n.language)}</Table.Td>
              <Table.Td>{seatsText(t, offer.seats)}</Table.Td>
              <Table.Td>{t(`offers.statuses.${offer.status}`)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function OfferCataloguePage({
  search,
  onSearch,
}: {
  search: OfferSearch;
  onSearch: (next: OfferSearch) => void;
}) {
  const { t } = useTranslation();
  const session = useAuthSession();
  const stage = session.data?.stage;
  if (stage === 'active') return <SignedInCatalogue search={search} onSearch={onSearch} />;
  return (
    <Stack gap="lg">
      <PageTitle>{t('offers.catalogue.title')}</PageTitle>
      <Text>{t('offers.catalogue.intro')}</Text>
      {session.isPending ? <Loading text={t('offers.common.loading')} /> : null}
      {session.isError ? (
        <LoadFailed
          error={session.error}
          failed={t('offers.catalogue.failed')}
          onRetry={() => void session.refetch()}
        />
      ) : null}
      {session.data ? <SignedOutPrompt message={t('offers.catalogue.signedOut')} redirect="/offers" /> : null}
    </Stack>
  );
}

function SignedInCatalogue({ search, onSearch }: { search: OfferSearch; onSearch: (next: OfferSearch) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const query = useOffers(offerFilters(search));
  const offers = query.data?.pages.flatMap((page) => page.items) ?? [];
  const mayCreate = me.data ? can(me.data, 'create', 'offer') : false;
  const firstNew = useRef<string | null>(null);
  // After "load more", focus moves to the first offer of the new page (keyboard users continue there).
  useEffect(() => {
    if (!firstNew.current) return;
    document.getElementById(firstNew.current)?.focus();
    firstNew.current = null;
  }, [offers.length]);
  const loadMore = () => {
    const next = offers.length;
    void query.fetchNextPage().then((result) => {
      const offer = result.data?.pages.flatMap((page) => page.items)[next];
      if (offer) {
        firstNew.current = offerLinkId(offer);
        document.getElementById(firstNew.current)?.focus();
      }
    });
  };

  return (
    <Stack gap="lg">
      <PageTitle>{t('offers.catalogue.title')}</PageTitle>
      <Text>{t('offers.catalogue.intro')}</Text>
      <Group>
        {mayCreate ? <AnchorLink to="/offers/new">{t('offers.catalogue.newOffer')}</AnchorLink> : null}
        <AnchorLink to="/offers/providers">{t('offers.catalogue.providersLink')}</AnchorLink>
      </Group>
      <SearchForm search={search} onSearch={onSearch} />
      <section aria-labelledby="offer-results-title">
        <Stack gap="sm">
          <Text component="h2" fw={700} size="lg" id="offer-results-title">
            {t('offers.catalogue.results')}
          </Text>
          {query.isPending ? <Loading text={t('offers.common.loading')} /> : null}
          {query.isError ? (
            <LoadFailed
              error={query.error}
              failed={t('offers.catalogue.failed')}
              onRetry={() => void query.refetch()}
            />
          ) : null}
          {query.isSuccess ? (
            <Text role="status">
              {query.hasNextPage
                ? t('offers.catalogue.shownMore', { count: offers.length })
                : t('offers.catalogue.shown', { count: offers.length })}
            </Text>
          ) : null}
          {offers.length > 0 ? <OfferTable offers={offers} /> : null}
          {query.hasNextPage ? (
            <Group>
              <Button variant="default" onClick={loadMore} loading={query.isFetchingNextPage}>
                {t('offers.common.loadMore')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </section>
    </Stack>
  );
}
