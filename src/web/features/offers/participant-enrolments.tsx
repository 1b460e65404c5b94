// "Angebote / Teilnahmen" on the participant page: the person's enrolments with status, attendance and results;
// enrolling the person into an offer found in the catalogue (free seats and waiting lists shown, the
// eligibility problem of a strand offer explained); changing an enrolment (status incl. drop-out with reason,
// results). Its texts come with it (registered when this module loads, in the participant pages' chunk).
import { Alert, Button, Group, List, NativeSelect, Paper, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Participant } from '../../../participants/participant.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { isProblem, type FieldProblem } from '../../lib/api-request.ts';
import { useMe } from '../../lib/me.ts';
import { can } from '../../lib/permissions.ts';
import { useIdempotency, WorkForm } from '../cases/form-kit.tsx';
import { localDateOf } from '../cases/format.ts';
import { useWorkForm } from '../cases/use-work-form.ts';
import { Section } from '../participants/detail-parts.tsx';
import { useEnrol, useParticipantEnrolments } from './api/enrolments.ts';
import { useOffers } from './api/offers.ts';
import { PagedEnrolments } from './enrolment-list.tsx';
import { enrolmentStatusText, seatsText } from './offer-format.ts';
import { registerOfferTexts } from './offer-texts.ts';
import {
  enrolProblemsOf,
  newEnrolValues,
  toCreateEnrolment,
  type EnrolField,
  type EnrolValues,
} from './enrolment-values.ts';

registerOfferTexts();

const ELIGIBILITY_TEXTS = {
  'eligibility.age.too_young': 'offers.eligibility.codes.age_too_young',
  'eligibility.age.too_old': 'offers.eligibility.codes.age_too_old',
  'eligibility.residence_status.none': 'offers.eligibility.codes.residence_status_none',
  'eligibility.residence_status.not_admitted': 'offers.eligibility.codes.residence_status_not_admitted',
  'eligibility.state_reception_facility.resident': 'offers.eligibility.codes.state_reception_facility_resident',
  'eligibility.offender.excluded': 'offers.eligibility.codes.offender_excluded',
  'eligibility.work_ban.banned': 'offers.eligibility.codes.work_ban_banned',
  'eligibility.evaluation_date.invalid': 'offers.eligibility.codes.evaluation_date_invalid',
} as const;

function isKnownReason(code: string): code is keyof typeof ELIGIBILITY_TEXTS {
  return code in ELIGIBILITY_TEXTS;
}

/** Why the person may not take part in the offer's strand, in plain words (the server's sentence otherwise). */
function EligibilityProblem({ problems }: { problems: FieldProblem[] }) {
  const { t } = useTranslation();
  const reasons = problems.filter((problem) => problem.field === 'offerId');
  const exceptionPossible = problems.some((problem) => problem.code === 'required_for_exception');
  return (
    <Alert color="red.9" variant="outline" role="alert" title={t('offers.eligibility.title')}>
      <List>
        {reasons.map((reason) => (
          <List.Item key={reason.code}>
            {isKnownReason(reason.code) ? t(ELIGIBILITY_TEXTS[reason.code]) : reason.message}
          </List.Item>
        ))}
      </List>
      {exceptionPossible ? <Text mt="xs">{t('offers.eligibility.exceptionPossible')}</Text> : null}
    </Alert>
  );
}

function EnrolForm({ participant }: { participant: Participant }) {
  const { t } = useTranslation();
  const enrol = useEnrol(participant.id);
  const idempotency = useIdempotency();
  const form = useWorkForm<EnrolValues, EnrolField>(() => newEnrolValues(localDateOf(new Date())));
  const { values, set, errorOf } = form;
  const [words, setWords] = useState('');
  const [searched, setSearched] = useState<string | null>(null);
  const [eligibility, setEligibility] = useState<FieldProblem[] | null>(null);
  const offers = useOffers({ q: searched ?? undefined, sort: 'title' }, { enabled: searched !== null, limit: 20 });
  const found = (offers.data?.pages.flatMap((page) => page.items) ?? []).filter((offer) => offer.status !== 'ended');
  const labels: Record<EnrolField, string> = {
    offerId: t('offers.enrolments.offer'),
    referredOn: t('offers.fields.referredOn'),
    startsOn: t('offers.enrolments.plannedStart'),
    endsOn: t('offers.enrolments.plannedEnd'),
    exceptionJustification: t('offers.fields.exceptionJustification'),
  };

  const submit = () =>
    form.submit({
      checked: toCreateEnrolment(values),
      problemsOf: enrolProblemsOf,
      send: async (body) => {
        setEligibility(null);
        try {
          const created = await idempotency.send(body, (idempotencyKey) => enrol.mutateAsync({ body, idempotencyKey }));
          form.setValues(newEnrolValues(localDateOf(new Date())));
          return created.status === 'waiting'
            ? t('offers.enrolments.enrolledWaiting', { position: created.waitingPosition ?? 0 })
            : t('offers.enrolments.enrolled', { status: enrolmentStatusText(t, created) });
        } catch (error) {
          if (isProblem(error, 'unprocessable')) setEligibility(error.fieldErrors);
          throw error;
        }
      },
    });

  return (
    <Paper withBorder p="md">
      <WorkForm
        id="enrol-form"
        title={t('offers.enrolments.enrolTitle')}
        problems={form.summary(
          (field) => labels[field],
          (field) => `enrol-${field}`,
        )}
        notice={form.notice}
        round={form.round}
        onSubmit={() => void submit()}
        submitLabel={t('offers.enrolments.submitEnrol')}
        busy={enrol.isPending}
      >
        <Group align="flex-end" gap="sm">
          <TextInput
            id="enrol-search"
            label={t('offers.enrolments.searchOffer')}
            description={t('offers.enrolments.searchOfferHint')}
            value={words}
            onChange={(event) => setWords(event.currentTarget.value)}
            onKeyDown={(event) => {
              // Enter searches the catalogue here instead of sending the enrolment.
              if (event.key === 'Enter') {
                event.preventDefault();
                setSearched(words.trim());
              }
            }}
          />
          <Button type="button" variant="default" onClick={() => setSearched(words.trim())}>
            {t('offers.enrolments.searchButton')}
          </Button>
        </Group>
        {offers.isFetching ? <Loading text={t('offers.common.loading')} /> : null}
        {searched !== null && offers.isSuccess ? (
          <Text size="sm" role="status">
            {t('offers.enrolments.found', { count: found.length })}
          </Text>
        ) : null}
        <NativeSelect
          id="enrol-offerId"
          label={labels.offerId}
          required
          value={values.offerId}
          error={errorOf('offerId')}
          onChange={(event) => set('offerId', event.currentTarget.value)}
          data={[
            { value: '', label: t('offers.enrolments.chooseOffer') },
            ...found.map((offer) => ({
              value: offer.id,
              label: t('offers.enrolments.offerOption', {
                title: offer.title,
                provider: offer.provider.name,
                place: offer.place,
                seats: seatsText(t, offer.seats),
              }),
            })),
          ]}
        />
        <Group align="flex-start" gap="md">
          <TextInput
            id="enrol-referredOn"
            type="date"
            label={labels.referredOn}
            value={values.referredOn}
            error={errorOf('referredOn')}
            onChange={(event) => set('referredOn', event.currentTarget.value)}
          />
          <TextInput
            id="enrol-startsOn"
            type="date"
            label={labels.startsOn}
            value={values.startsOn}
            error={errorOf('startsOn')}
            onChange={(event) => set('startsOn', event.currentTarget.value)}
          />
          <TextInput
            id="enrol-endsOn"
            type="date"
            label={labels.endsOn}
            value={values.endsOn}
            error={errorOf('endsOn')}
            onChange={(event) => set('endsOn', event.currentTarget.value)}
          />
        </Group>
        {eligibility ? <EligibilityProblem problems={eligibility} /> : null}
        <Textarea
          id="enrol-exceptionJustification"
          label={labels.exceptionJustification}
          description={t('offers.enrolments.exceptionHint')}
          autosize
          minRows={2}
          value={values.exceptionJustification}
          error={errorOf('exceptionJustification')}
          onChange={(event) => set('exceptionJustification', event.currentTarget.value)}
        />
      </WorkForm>
    </Paper>
  );
}

export function ParticipantEnrolmentsSection({ participant }: { participant: Participant }) {
  const { t } = useTranslation();
  const me = useMe();
  const query = useParticipantEnrolments(participant.id);
  const person = me.data;
  const writable = !participant.blockedAt && !participant.mergedIntoId && !participant.anonymisedAt;
  const mayEnrol = writable && (person ? can(person, 'create', 'enrolment') : false);
  const mayUpdate = writable && (person ? can(person, 'update', 'enrolment') : false);
  return (
    <Section id="enrolments" title={t('offers.enrolments.sectionTitle')}>
      <Stack gap="md">
        <PagedEnrolments
          query={query}
          view="participant"
          empty={t('offers.enrolments.empty')}
          forbidden={t('offers.enrolments.forbidden')}
          notFound={t('offers.enrolments.forbidden')}
          mayChange={() => mayUpdate}
          confirms={(enrolment) => person?.organisation.id === enrolment.offer.provider.id}
        />
        {mayEnrol ? <EnrolForm participant={participant} /> : null}
      </Stack>
    </Section>
  );
}
