// One offer (/offers/$offerId): its data and seats, the provider's contact persons, and its enrolments with the
// waiting list for those who may see them (the provider's staff enter attendance and results there).
import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Offer } from '../../../offers/offer.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { useMe } from '../../lib/me.ts';
import { can } from '../../lib/permissions.ts';
import { LoadFailed } from '../cases/form-kit.tsx';
import { Fact, Facts } from '../participants/detail-parts.tsx';
import { useOfferEnrolments } from './api/enrolments.ts';
import { useOffer } from './api/offers.ts';
import { PagedEnrolments } from './enrolment-list.tsx';
import { euro, periodText, seatsText } from './offer-format.ts';
import { ProviderContacts } from './provider-contacts.tsx';

function OfferFacts({ offer }: { offer: Offer }) {
  const { t, i18n } = useTranslation();
  const yes = (value: boolean) => (value ? t('offers.common.yes') : t('offers.common.no'));
  const orNone = (value: string | null | undefined) => (value ? value : t('offers.common.notSet'));
  return (
    <Facts>
      <Fact label={t('offers.fields.type')}>{t(`offers.types.${offer.type}`)}</Fact>
      <Fact label={t('offers.fields.strand')}>{t(`offers.strands.${offer.strand ?? 'none'}`)}</Fact>
      <Fact label={t('offers.fields.provider')}>{offer.provider.name}</Fact>
      <Fact label={t('offers.fields.place')}>{offer.place}</Fact>
      <Fact label={t('offers.catalogue.period')}>{periodText(t, offer.startsOn, offer.endsOn, i18n.language)}</Fact>
      <Fact label={t('offers.fields.weeklyHours')}>{orNone(offer.weeklyHours?.toLocaleString(i18n.language))}</Fact>
      <Fact label={t('offers.fields.teachingUnits')}>{orNone(offer.teachingUnits?.toString())}</Fact>
      <Fact label={t('offers.catalogue.seats')}>
        {offer.capacity === null
          ? seatsText(t, offer.seats)
          : `${t('offers.seats.capacity', { count: offer.capacity })}: ${seatsText(t, offer.seats)}`}
      </Fact>
      <Fact label={t('offers.fields.entryLevel')}>
        {offer.entryLevel ? t(`offers.levels.${offer.entryLevel}`) : t('offers.common.notSet')}
        {offer.entryRequirements ? ` – ${offer.entryRequirements}` : ''}
      </Fact>
      <Fact label={t('offers.detail.leadsTo')}>
        {[
          offer.targetLevel ? t(`offers.levels.${offer.targetLevel}`) : null,
          offer.targetQualification ? t(`offers.schoolQualifications.${offer.targetQualification}`) : null,
          offer.leadsToVocationalQualification ? t('offers.fields.leadsToVocationalQualification') : null,
        ]
          .filter((part): part is string => part !== null)
          .join(', ') || t('offers.common.notSet')}
      </Fact>
      <Fact label={t('offers.fields.supportLanguages')}>{orNone(offer.supportLanguages.join(', '))}</Fact>
      <Fact label={t('offers.fields.childcare')}>{yes(offer.childcare)}</Fact>
      <Fact label={t('offers.fields.accessible')}>
        {yes(offer.accessible)}
        {offer.accessibilityNotes ? ` – ${offer.accessibilityNotes}` : ''}
      </Fact>
      <Fact label={t('offers.fields.cost')}>
        {offer.costCents === null ? t('offers.common.notSet') : euro(offer.costCents, i18n.language)}
        {offer.costNotes ? ` – ${offer.costNotes}` : ''}
      </Fact>
      {offer.description ? <Fact label={t('offers.fields.description')}>{offer.description}</Fact> : null}
    </Facts>
  );
}

function OfferEnrolments({ offer }: { offer: Offer }) {
  const { t } = useTranslation();
  const me = useMe();
  const person = me.data;
  const query = useOfferEnrolments(offer.id, true);
  const mayUpdate = person ? can(person, 'update', 'enrolment') : false;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="offer-enrolments-title">
      <Stack gap="md">
        <Title order={2} id="offer-enrolments-title">
          {t('offers.detail.enrolmentsTitle')}
        </Title>
        <Text size="sm">{t('offers.detail.enrolmentsHint')}</Text>
        <PagedEnrolments
          query={query}
          view="offer"
          empty={t('offers.detail.noEnrolments')}
          forbidden={t('offers.detail.enrolmentsForbidden')}
          mayChange={() => mayUpdate}
          confirms={() => person?.organisation.id === offer.provider.id}
        />
      </Stack>
    </Paper>
  );
}

export function OfferDetailPage({ offerId }: { offerId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const query = useOffer(offerId);
  const offer = query.data;
  const mayReadEnrolments = me.data ? can(me.data, 'read', 'enrolment') : false;
  return (
    <Stack gap="lg" maw={1100}>
      <PageTitle>{offer ? offer.title : t('offers.detail.title')}</PageTitle>
      <Group>
        <AnchorLink to="/offers">{t('offers.common.backToCatalogue')}</AnchorLink>
        {offer?.canEdit ? (
          <AnchorLink to="/offers/$offerId/edit" params={{ offerId }}>
            {t('offers.detail.edit')}
          </AnchorLink>
        ) : null}
      </Group>
      {query.isPending ? <Loading text={t('offers.common.loading')} /> : null}
      {query.isError ? (
        <LoadFailed
          error={query.error}
          failed={t('offers.detail.failed')}
          notFound={t('offers.detail.notFound')}
          onRetry={() => void query.refetch()}
        />
      ) : null}
      {offer ? (
        <>
          <Group gap="xs">
            <Badge variant="outline" color="blue.9" tt="none">
              {t(`offers.statuses.${offer.status}`)}
            </Badge>
            {offer.isDemo ? (
              <Badge variant="outline" color="gray.8" tt="none">
                {t('offers.common.demo')}
              </Badge>
            ) : null}
          </Group>
          <Paper withBorder p="md" component="section" aria-labelledby="offer-facts-title">
            <Title order={2} id="offer-facts-title" mb="sm">
              {t('offers.detail.factsTitle')}
            </Title>
            <OfferFacts offer={offer} />
          </Paper>
          <Paper withBorder p="md" component="section" aria-labelledby="offer-contacts-title">
            <Title order={2} id="offer-contacts-title" mb="sm">
              {t('offers.detail.contactsTitle', { provider: offer.provider.name })}
            </Title>
            <ProviderContacts providerId={offer.provider.id} canEdit={offer.canEdit} />
          </Paper>
          {mayReadEnrolments ? <OfferEnrolments offer={offer} /> : null}
        </>
      ) : null}
    </Stack>
  );
}
