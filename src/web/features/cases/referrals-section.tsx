import { Button, Group, NativeSelect, Paper, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Referral } from '../../../cases/case-work.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { useCreateReferral, useReferrals, useUpdateReferral } from './api/referrals.ts';
import type { SectionProps } from './case-abilities.ts';
import { LoadFailed, useIdempotency, WorkForm } from './form-kit.tsx';
import { useWorkForm } from './use-work-form.ts';
import { formatDate, localDateOf } from './format.ts';
import {
  newReferralValues,
  outcomeProblems,
  outcomeValuesOf,
  REFERRAL_OUTCOMES,
  REFERRAL_SERVICES,
  referralProblems,
  toCreateReferral,
  toRecordOutcome,
  type OutcomeField,
  type OutcomeValues,
  type ReferralField,
  type ReferralValues,
} from './work-values.ts';

function ReferralForm({ record }: SectionProps) {
  const { t } = useTranslation();
  const create = useCreateReferral(record.id);
  const idempotency = useIdempotency();
  const form = useWorkForm<ReferralValues, ReferralField>(() => newReferralValues(localDateOf(new Date())));
  const { values, set, errorOf } = form;
  const labels: Record<ReferralField, string> = {
    service: t('cases.referrals.service'),
    referredOn: t('cases.referrals.referredOn'),
    description: t('cases.referrals.description'),
  };

  const submit = () =>
    form.submit({
      checked: toCreateReferral(values),
      problemsOf: referralProblems,
      send: async (body) => {
        await idempotency.send(body, (idempotencyKey) => create.mutateAsync({ body, idempotencyKey }));
        form.setValues(newReferralValues(localDateOf(new Date())));
        return t('cases.referrals.created');
      },
    });

  return (
    <Paper withBorder p="md">
      <WorkForm
        id="referral-form"
        title={t('cases.referrals.add')}
        problems={form.summary(
          (field) => labels[field],
          (field) => `referral-${field}`,
        )}
        notice={form.notice}
        round={form.round}
        onSubmit={() => void submit()}
        submitLabel={t('cases.referrals.submit')}
        busy={create.isPending}
      >
        <Group align="flex-start" gap="md">
          <NativeSelect
            id="referral-service"
            label={labels.service}
            required
            value={values.service}
            error={errorOf('service')}
            onChange={(event) =>
              set('service', REFERRAL_SERVICES.find((service) => service === event.currentTarget.value) ?? '')
            }
            data={[
              { value: '', label: t('cases.common.chooseOne') },
              ...REFERRAL_SERVICES.map((service) => ({ value: service, label: t(`cases.services.${service}`) })),
            ]}
          />
          <TextInput
            id="referral-referredOn"
            type="date"
            label={labels.referredOn}
            required
            value={values.referredOn}
            error={errorOf('referredOn')}
            onChange={(event) => set('referredOn', event.currentTarget.value)}
          />
        </Group>
        <Textarea
          id="referral-description"
          label={labels.description}
          autosize
          minRows={2}
          maxRows={8}
          value={values.description}
          error={errorOf('description')}
          onChange={(event) => set('description', event.currentTarget.value)}
        />
      </WorkForm>
    </Paper>
  );
}

function OutcomeForm({
  caseId,
  referral,
  onDone,
  onReload,
}: {
  caseId: string;
  referral: Referral;
  onDone: () => void;
  onReload: () => Promise<{ data?: { pages: { items: Referral[] }[] } }>;
}) {
  const { t, i18n } = useTranslation();
  const update = useUpdateReferral(caseId);
  const form = useWorkForm<OutcomeValues, OutcomeField>(() => outcomeValuesOf(referral, localDateOf(new Date())));
  const { values, set, errorOf } = form;
  const prefix = `referral-${referral.id}`;
  const labels: Record<OutcomeField, string> = {
    outcome: t('cases.referrals.outcome'),
    outcomeOn: t('cases.referrals.outcomeOn'),
    outcomeNotes: t('cases.referrals.outcomeNotes'),
  };

  const submit = () =>
    form.submit({
      checked: toRecordOutcome(values, referral),
      skipEmpty: true,
      problemsOf: outcomeProblems,
      send: async (body) => {
        await update.mutateAsync({ referral, body });
        return t('cases.referrals.outcomeSaved');
      },
      onStale: async () => {
        const result = await onReload();
        const current = result.data?.pages.flatMap((page) => page.items).find((item) => item.id === referral.id);
        if (current) form.setValues(outcomeValuesOf(current, localDateOf(new Date())));
        return t('cases.referrals.stale');
      },
    });

  return (
    <WorkForm
      id={`${prefix}-outcome-form`}
      title={t('cases.referrals.recordOutcomeFor', {
        service: t(`cases.services.${referral.service}`),
        date: formatDate(referral.referredOn, i18n.language),
      })}
      order={4}
      problems={form.summary(
        (field) => labels[field],
        (field) => `${prefix}-${field}`,
      )}
      notice={form.notice}
      round={form.round}
      onSubmit={() => void submit()}
      submitLabel={t('cases.referrals.saveOutcome')}
      busy={update.isPending}
      extraActions={
        <Button type="button" variant="default" onClick={onDone}>
          {t('cases.common.cancel')}
        </Button>
      }
    >
      <Group align="flex-start" gap="md">
        <NativeSelect
          id={`${prefix}-outcome`}
          label={labels.outcome}
          required
          value={values.outcome}
          error={errorOf('outcome')}
          onChange={(event) =>
            set('outcome', REFERRAL_OUTCOMES.find((outcome) => outcome === event.currentTarget.value) ?? 'pending')
          }
          data={REFERRAL_OUTCOMES.map((outcome) => ({ value: outcome, label: t(`cases.referralOutcomes.${outcome}`) }))}
          // The form opens at the user's request: its first field takes focus.
          autoFocus
        />
        {values.outcome === 'pending' ? null : (
          <TextInput
            id={`${prefix}-outcomeOn`}
            type="date"
            label={labels.outcomeOn}
            value={values.outcomeOn}
            error={errorOf('outcomeOn')}
            onChange={(event) => set('outcomeOn', event.currentTarget.value)}
          />
        )}
      </Group>
      <Textarea
        id={`${prefix}-outcomeNotes`}
        label={labels.outcomeNotes}
        autosize
        minRows={2}
        maxRows={8}
        value={values.outcomeNotes}
        error={errorOf('outcomeNotes')}
        onChange={(event) => set('outcomeNotes', event.currentTarget.value)}
      />
    </WorkForm>
  );
}

function ReferralList({ caseId, editable }: { caseId: string; editable: boolean }) {
  const { t, i18n } = useTranslation();
  const list = useReferrals(caseId);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const [editing, setEditing] = useState<string | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const referral = items.find((item) => item.id === editing);
  const close = () => {
    setEditing(null);
    requestAnimationFrame(() => opener.current?.focus());
  };
  return (
    <section aria-labelledby="referrals-list-title">
      <Stack gap="sm">
        <Title order={3} id="referrals-list-title">
          {t('cases.referrals.caption')}
        </Title>
        {list.isPending ? <Loading text={t('cases.common.loading')} /> : null}
        {list.isError && !list.data ? (
          <LoadFailed error={list.error} failed={t('cases.referrals.failed')} onRetry={() => void list.refetch()} />
        ) : null}
        {list.data && items.length === 0 ? <Text>{t('cases.referrals.none')}</Text> : null}
        {items.length > 0 ? (
          <Table.ScrollContainer minWidth={760}>
            <Table withTableBorder striped verticalSpacing="xs" captionSide="top">
              <Table.Caption>{t('cases.referrals.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('cases.referrals.referredOn')}</Table.Th>
                  <Table.Th scope="col">{t('cases.referrals.service')}</Table.Th>
                  <Table.Th scope="col">{t('cases.referrals.description')}</Table.Th>
                  <Table.Th scope="col">{t('cases.referrals.outcome')}</Table.Th>
                  <Table.Th scope="col">{t('cases.referrals.outcomeNotes')}</Table.Th>
                  {editable ? <Table.Th scope="col">{t('cases.assignments.actions')}</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Th scope="row" fw={400}>
                      {formatDate(item.referredOn, i18n.language)}
                    </Table.Th>
                    <Table.Td>{t(`cases.services.${item.service}`)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      {item.description ?? '–'}
                    </Table.Td>
                    <Table.Td>
                      <Text span fw={item.outcome === 'pending' ? 400 : 700}>
                        {t(`cases.referralOutcomes.${item.outcome}`)}
                      </Text>
                      {item.outcomeOn ? ` (${formatDate(item.outcomeOn, i18n.language)})` : ''}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      {item.outcomeNotes ?? '–'}
                    </Table.Td>
                    {editable ? (
                      <Table.Td>
                        <Button
                          variant="default"
                          size="xs"
                          aria-label={t('cases.referrals.recordOutcomeLabel', {
                            service: t(`cases.services.${item.service}`),
                            date: formatDate(item.referredOn, i18n.language),
                          })}
                          onClick={(event) => {
                            opener.current = event.currentTarget;
                            setEditing(item.id);
                          }}
                        >
                          {t('cases.referrals.recordOutcome')}
                        </Button>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        {editable && referral ? (
          <Paper withBorder p="md">
            <OutcomeForm
              key={referral.id}
              caseId={caseId}
              referral={referral}
              onDone={close}
              onReload={() => list.refetch()}
            />
          </Paper>
        ) : null}
        {list.hasNextPage ? (
          <Group>
            <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {t('cases.common.loadMore')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </section>
  );
}

/** Referrals to regular services (Jobcenter, employment agency, BAMF courses, …) and their outcomes. */
export function ReferralsSection(props: SectionProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <Title order={2} id="case-section-title">
        {t('cases.referrals.title')}
      </Title>
      {props.abilities.work ? <ReferralForm {...props} /> : null}
      <ReferralList caseId={props.record.id} editable={props.abilities.work} />
    </Stack>
  );
}
