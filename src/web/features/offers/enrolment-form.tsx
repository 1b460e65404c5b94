// Changing one enrolment: status (a waiting one takes a free seat; a drop-out with its reason), dates,
// attendance (confirmed by the offer's provider), results and the next step. Used on the participant page and
// on the offer page (attendance entry); the server decides who may change what.
import { Button, Checkbox, Group, NativeSelect, SimpleGrid, Textarea, TextInput, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Enrolment } from '../../../offers/enrolment.schema.ts';
import { WorkForm } from '../cases/form-kit.tsx';
import { useWorkForm } from '../cases/use-work-form.ts';
import { formatDate } from '../cases/format.ts';
import { useUpdateEnrolment } from './api/enrolments.ts';
import {
  enrolmentProblemsOf,
  enrolmentValuesOf,
  toUpdateEnrolment,
  type EnrolmentField,
  type EnrolmentValues,
} from './enrolment-values.ts';
import {
  CEFR_LEVELS,
  DROPOUT_REASONS,
  ENROLMENT_STATUSES,
  EXAM_RESULTS,
  SCHOOL_QUALIFICATIONS,
} from './offer-values.ts';

/** The statuses an enrolment can move to from its own (the server checks the same). */
const NEXT: Record<Enrolment['status'], readonly Enrolment['status'][]> = {
  waiting: ['waiting', 'active', 'not_started'],
  active: ['active', 'completed', 'dropped_out', 'not_started'],
  completed: ['completed', 'dropped_out'],
  dropped_out: ['dropped_out', 'completed'],
  not_started: ['not_started'],
};

export function EnrolmentForm({
  enrolment,
  confirms,
  onDone,
  onReload,
}: {
  enrolment: Enrolment;
  /** The signed-in user works for the offer's provider: may confirm the attendance. */
  confirms: boolean;
  onDone: () => void;
  /** Reloads the list the enrolment came from; answers the current version, if still there. */
  onReload: () => Promise<Enrolment | undefined>;
}) {
  const { t, i18n } = useTranslation();
  const update = useUpdateEnrolment();
  const form = useWorkForm<EnrolmentValues, EnrolmentField>(() => enrolmentValuesOf(enrolment));
  const { values, set, errorOf } = form;
  const prefix = `enrolment-${enrolment.id}`;
  const label = (field: EnrolmentField) => t(`offers.fields.${field}`);
  const ended = values.status === 'completed' || values.status === 'dropped_out';
  const started = values.status !== 'waiting' && values.status !== 'not_started';
  const statuses = NEXT[enrolment.status].filter(
    (status) => status !== 'active' || enrolment.status !== 'waiting' || enrolment.seatAvailable,
  );

  const submit = () =>
    form.submit({
      checked: toUpdateEnrolment(values, enrolment, confirms),
      skipEmpty: true,
      problemsOf: enrolmentProblemsOf,
      send: async (body) => {
        const saved = await update.mutateAsync({ enrolment, body });
        form.setValues(enrolmentValuesOf(saved));
        return t('offers.enrolments.saved');
      },
      onStale: async () => {
        const current = await onReload();
        if (current) form.setValues(enrolmentValuesOf(current));
        return t('offers.enrolments.stale');
      },
    });

  const choice = <T extends string>(field: EnrolmentField, options: readonly T[], labelOf: (value: T) => string) => (
    <NativeSelect
      id={`${prefix}-${field}`}
      label={label(field)}
      value={values[field] as string}
      error={errorOf(field)}
      onChange={(event) => set(field, event.currentTarget.value as never)}
      data={[
        { value: '', label: t('offers.common.notSet') },
        ...options.map((option) => ({ value: option, label: labelOf(option) })),
      ]}
    />
  );
  const text = (field: EnrolmentField, type: 'date' | 'text' = 'text', inputMode?: 'numeric' | 'decimal') => (
    <TextInput
      id={`${prefix}-${field}`}
      type={type}
      inputMode={inputMode}
      label={label(field)}
      value={values[field] as string}
      error={errorOf(field)}
      onChange={(event) => set(field, event.currentTarget.value as never)}
    />
  );
  const flag = (field: EnrolmentField, description?: string) => (
    <Checkbox
      id={`${prefix}-${field}`}
      label={label(field)}
      description={description}
      checked={values[field] as boolean}
      error={errorOf(field)}
      onChange={(event) => set(field, event.currentTarget.checked as never)}
    />
  );

  return (
    <WorkForm
      id={`${prefix}-form`}
      title={t('offers.enrolments.changeTitle', { person: enrolment.participant.number, offer: enrolment.offer.title })}
      order={3}
      problems={form.summary(label, (field) => `${prefix}-${field}`)}
      notice={form.notice}
      round={form.round}
      onSubmit={() => void submit()}
      submitLabel={t('offers.common.save')}
      busy={update.isPending}
      extraActions={
        <Button type="button" variant="default" onClick={onDone}>
          {t('offers.common.close')}
        </Button>
      }
    >
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <NativeSelect
          id={`${prefix}-status`}
          label={label('status')}
          value={values.status}
          error={errorOf('status')}
          onChange={(event) => set('status', event.currentTarget.value)}
          data={ENROLMENT_STATUSES.filter((status) => statuses.includes(status)).map((status) => ({
            value: status,
            label: t(`offers.enrolmentStatuses.${status}`),
          }))}
          // The form opens at the user's request: its first field takes focus.
          autoFocus
        />
        {text('startsOn', 'date')}
        {text('endsOn', 'date')}
      </SimpleGrid>
      {enrolment.status === 'waiting' && !enrolment.seatAvailable ? (
        <Text size="sm">{t('offers.enrolments.noSeatYet')}</Text>
      ) : null}
      {values.status === 'dropped_out' ? (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {choice('dropoutReason', DROPOUT_REASONS, (reason) => t(`offers.dropoutReasons.${reason}`))}
          <Textarea
            id={`${prefix}-dropoutNotes`}
            label={label('dropoutNotes')}
            autosize
            minRows={2}
            value={values.dropoutNotes}
            error={errorOf('dropoutNotes')}
            onChange={(event) => set('dropoutNotes', event.currentTarget.value)}
          />
        </SimpleGrid>
      ) : null}
      {started ? (
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontWeight: 600, marginBottom: 4 }}>{t('offers.enrolments.attendanceTitle')}</legend>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            {text('sessionsPlanned', 'text', 'numeric')}
            {text('sessionsAttended', 'text', 'numeric')}
            {text('hoursAttended', 'text', 'decimal')}
          </SimpleGrid>
          {confirms ? (
            <Group mt="xs">{flag('attendanceConfirmed', t('offers.enrolments.confirmHint'))}</Group>
          ) : enrolment.attendance.confirmedBy ? (
            <Text size="sm" mt="xs">
              {t('offers.enrolments.confirmedBy', {
                name: enrolment.attendance.confirmedBy.name,
                date: formatDate(enrolment.attendance.confirmedOn, i18n.language),
              })}
            </Text>
          ) : null}
        </fieldset>
      ) : null}
      {ended ? (
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontWeight: 600, marginBottom: 4 }}>{t('offers.enrolments.resultsTitle')}</legend>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            {choice('examResult', EXAM_RESULTS, (result) => t(`offers.examResults.${result}`))}
            {choice('cefrLevelReached', CEFR_LEVELS, (level) => t(`offers.levels.${level}`))}
            {choice('schoolQualificationReached', SCHOOL_QUALIFICATIONS, (value) =>
              t(`offers.schoolQualifications.${value}`),
            )}
          </SimpleGrid>
          <Group mt="xs" gap="lg">
            {flag('certificate')}
            {flag('vocationalQualificationReached')}
          </Group>
        </fieldset>
      ) : null}
      <Textarea
        id={`${prefix}-nextStep`}
        label={label('nextStep')}
        autosize
        minRows={2}
        value={values.nextStep}
        error={errorOf('nextStep')}
        onChange={(event) => set('nextStep', event.currentTarget.value)}
      />
    </WorkForm>
  );
}
