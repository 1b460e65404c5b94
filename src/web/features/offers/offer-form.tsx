// Creating (/offers/new) and changing (/offers/$offerId/edit) an offer of the catalogue: one form for both. The
// provider is chosen among those serving the municipality (a provider's staff get their own only).
import type { TFunction } from 'i18next';
import { Checkbox, Group, NativeSelect, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Offer } from '../../../offers/offer.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { LoadFailed, useIdempotency, WorkForm } from '../cases/form-kit.tsx';
import { useWorkForm } from '../cases/use-work-form.ts';
import { useCreateOffer, useOffer, useUpdateOffer } from './api/offers.ts';
import { useProviders } from './api/providers.ts';
import {
  CEFR_LEVELS,
  newOfferValues,
  OFFER_STATUSES,
  OFFER_STRANDS,
  OFFER_TYPES,
  offerProblemsOf,
  offerValuesOf,
  SCHOOL_QUALIFICATIONS,
  toCreateOffer,
  toUpdateOffer,
  type OfferField,
  type OfferValues,
} from './offer-values.ts';

type TextField = {
  [K in keyof OfferValues]: OfferValues[K] extends string ? K : never;
}[keyof OfferValues];

function OfferFields({
  form,
  providers,
  creating,
}: {
  form: ReturnType<typeof useWorkForm<OfferValues, OfferField>>;
  providers: { id: string; name: string }[];
  creating: boolean;
}) {
  const { t } = useTranslation();
  const { values, set, errorOf } = form;
  const id = (field: OfferField) => `offer-form-${field}`;
  const error = (field: TextField) => errorOf(field === 'cost' ? 'costCents' : field);
  const text = (field: TextField, options: { type?: string; required?: boolean; description?: string } = {}) => (
    <TextInput
      id={id(field === 'cost' ? 'costCents' : field)}
      type={options.type ?? 'text'}
      label={t(`offers.fields.${field}`)}
      description={options.description}
      required={options.required}
      value={values[field]}
      error={error(field)}
      onChange={(event) => set(field, event.currentTarget.value)}
    />
  );
  const area = (field: TextField) => (
    <Textarea
      id={id(field as OfferField)}
      label={t(`offers.fields.${field}`)}
      autosize
      minRows={2}
      value={values[field]}
      error={error(field)}
      onChange={(event) => set(field, event.currentTarget.value)}
    />
  );
  const select = (field: TextField, data: { value: string; label: string }[], required = false) => (
    <NativeSelect
      id={id(field as OfferField)}
      label={t(`offers.fields.${field}`)}
      required={required}
      value={values[field]}
      error={error(field)}
      onChange={(event) => set(field, event.currentTarget.value)}
      data={data}
    />
  );
  const notSet = { value: '', label: t('offers.common.notSet') };
  const flag = (field: 'childcare' | 'accessible' | 'leadsToVocationalQualification') => (
    <Checkbox
      id={id(field)}
      label={t(`offers.fields.${field}`)}
      checked={values[field]}
      onChange={(event) => set(field, event.currentTarget.checked)}
    />
  );
  return (
    <Stack gap="sm">
      {creating
        ? select(
            'providerId',
            [
              { value: '', label: t('offers.form.chooseProvider') },
              ...providers.map((p) => ({ value: p.id, label: p.name })),
            ],
            true,
          )
        : null}
      {text('title', { required: true })}
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        {select(
          'type',
          [notSet, ...OFFER_TYPES.map((type) => ({ value: type, label: t(`offers.types.${type}`) }))],
          true,
        )}
        {select('strand', [
          { value: '', label: t('offers.strands.none') },
          ...OFFER_STRANDS.map((strand) => ({ value: strand, label: t(`offers.strands.${strand}`) })),
        ])}
        {select(
          'status',
          OFFER_STATUSES.map((status) => ({ value: status, label: t(`offers.statuses.${status}`) })),
        )}
      </SimpleGrid>
      {area('description')}
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        {text('place', { required: true, description: t('offers.form.placeHint') })}
        {text('startsOn', { type: 'date' })}
        {text('endsOn', { type: 'date' })}
        {text('weeklyHours')}
        {text('teachingUnits')}
        {text('capacity', { description: t('offers.form.capacityHint') })}
        {select('entryLevel', [
          notSet,
          ...CEFR_LEVELS.map((level) => ({ value: level, label: t(`offers.levels.${level}`) })),
        ])}
        {select('targetLevel', [
          notSet,
          ...CEFR_LEVELS.map((level) => ({ value: level, label: t(`offers.levels.${level}`) })),
        ])}
        {select('targetQualification', [
          notSet,
          ...SCHOOL_QUALIFICATIONS.map((value) => ({ value, label: t(`offers.schoolQualifications.${value}`) })),
        ])}
      </SimpleGrid>
      {area('entryRequirements')}
      {text('supportLanguages', { description: t('offers.form.supportLanguagesHint') })}
      <Group gap="lg">
        {flag('childcare')}
        {flag('accessible')}
        {flag('leadsToVocationalQualification')}
      </Group>
      {area('accessibilityNotes')}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {text('cost', { description: t('offers.form.costHint') })}
        {area('costNotes')}
      </SimpleGrid>
    </Stack>
  );
}

function labelOf(t: TFunction, field: OfferField): string {
  return t(`offers.fields.${field === 'costCents' ? 'cost' : field}`);
}

export function OfferCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const providers = useProviders();
  const editable = (providers.data?.items ?? []).filter((provider) => provider.canEdit);
  const create = useCreateOffer();
  const idempotency = useIdempotency();
  const form = useWorkForm<OfferValues, OfferField>(() => newOfferValues(''));
  const providerId = form.values.providerId || (editable.length === 1 ? (editable[0]?.id ?? '') : '');

  const submit = () =>
    form.submit({
      checked: toCreateOffer({ ...form.values, providerId }),
      problemsOf: offerProblemsOf,
      send: async (body) => {
        const created = await idempotency.send(body, (idempotencyKey) => create.mutateAsync({ body, idempotencyKey }));
        await navigate({ to: '/offers/$offerId', params: { offerId: created.id } });
        return t('offers.form.created');
      },
    });

  return (
    <Stack gap="lg" maw={1000}>
      <PageTitle>{t('offers.form.createTitle')}</PageTitle>
      <Group>
        <AnchorLink to="/offers">{t('offers.common.backToCatalogue')}</AnchorLink>
      </Group>
      {providers.isPending ? <Loading text={t('offers.common.loading')} /> : null}
      {providers.isError ? (
        <LoadFailed
          error={providers.error}
          failed={t('offers.providers.failed')}
          onRetry={() => void providers.refetch()}
        />
      ) : null}
      {providers.isSuccess ? (
        <OfferWorkForm
          form={form}
          onSubmit={submit}
          submitLabel={t('offers.form.submitCreate')}
          busy={create.isPending}
        >
          <OfferFields form={{ ...form, values: { ...form.values, providerId } }} providers={editable} creating />
        </OfferWorkForm>
      ) : null}
    </Stack>
  );
}

/** The work form around the offer's fields (problem summary, notice, submit), the same for creating and editing. */
function OfferWorkForm({
  form,
  onSubmit,
  submitLabel,
  busy,
  children,
}: {
  form: ReturnType<typeof useWorkForm<OfferValues, OfferField>>;
  onSubmit: () => Promise<unknown>;
  submitLabel: string;
  busy: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <WorkForm
      id="offer-form"
      title={t('offers.form.fieldsTitle')}
      order={2}
      problems={form.summary(
        (field) => labelOf(t, field),
        (field) => `offer-form-${field}`,
      )}
      notice={form.notice}
      round={form.round}
      onSubmit={() => void onSubmit()}
      submitLabel={submitLabel}
      busy={busy}
    >
      {children}
    </WorkForm>
  );
}

function EditForm({ offer }: { offer: Offer }) {
  const { t, i18n } = useTranslation();
  const update = useUpdateOffer();
  const query = useOffer(offer.id);
  const form = useWorkForm<OfferValues, OfferField>(() => offerValuesOf(offer, i18n.language));
  const submit = () =>
    form.submit({
      checked: toUpdateOffer(form.values, offer, i18n.language),
      skipEmpty: true,
      problemsOf: offerProblemsOf,
      fieldCodes: ['validation_failed', 'conflict'],
      send: async (body) => {
        const saved = await update.mutateAsync({ offer, body });
        form.setValues(offerValuesOf(saved, i18n.language));
        return t('offers.form.saved');
      },
      onStale: async () => {
        const current = await query.refetch();
        if (current.data) form.setValues(offerValuesOf(current.data, i18n.language));
        return t('offers.form.stale');
      },
    });
  return (
    <OfferWorkForm form={form} onSubmit={submit} submitLabel={t('offers.common.save')} busy={update.isPending}>
      <OfferFields form={form} providers={[]} creating={false} />
    </OfferWorkForm>
  );
}

export function OfferEditPage({ offerId }: { offerId: string }) {
  const { t } = useTranslation();
  const query = useOffer(offerId);
  const offer = query.data;
  return (
    <Stack gap="lg" maw={1000}>
      <PageTitle>
        {offer ? t('offers.form.editTitle', { title: offer.title }) : t('offers.form.editTitleShort')}
      </PageTitle>
      <Group>
        <AnchorLink to="/offers/$offerId" params={{ offerId }}>
          {t('offers.form.backToOffer')}
        </AnchorLink>
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
      {/* The version loaded first is the one edited; a newer one comes in with a 412 (stale) only. */}
      {offer ? <EditForm key={offer.id} offer={offer} /> : null}
    </Stack>
  );
}
