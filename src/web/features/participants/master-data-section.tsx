// The person's own data on the participant page, and their edit form (PATCH with If-Match; on a stale version
// the user is told that the record changed and can load the current state).
import { Button, Group, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Participant } from '../../../participants/participant.schema.ts';
import { intlLocale } from '../../lib/language.ts';
import { useUpdateParticipant } from './api/update-participant.ts';
import { formatBirthDate } from './birth-date.ts';
import { ChangeNotice, Fact, Facts, Section, useChange } from './detail-parts.tsx';
import { Outcome } from './feedback.tsx';
import { countryName, formatDateTime } from './format.ts';
import { fieldId, ProblemSummary, useProblemTexts } from './form-parts.tsx';
import { personValuesOf, toUpdateRequest, type PersonValues } from './participant-form-values.ts';
import { type FormProblem } from './form-problems.ts';
import { PersonFields } from './person-fields.tsx';

const PREFIX = 'edit';

function MasterFacts({ participant }: { participant: Participant }) {
  const { t, i18n } = useTranslation();
  const none = t('participants.notRecorded');
  const countries = (codes: string[]) =>
    codes.length === 0
      ? none
      : codes
          .map((code) => (code === 'XX' ? t('participants.form.stateless') : countryName(code, i18n.language)))
          .join(', ');
  const address = [participant.street, [participant.postcode, participant.city].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  return (
    <Facts>
      <Fact label={t('participants.fields.familyName')}>{participant.familyName}</Fact>
      <Fact label={t('participants.fields.givenNames')}>{participant.givenNames || none}</Fact>
      <Fact label={t('participants.fields.originalName')}>
        {participant.familyNameOriginal || participant.givenNamesOriginal ? (
          <span dir="auto">
            {[participant.givenNamesOriginal, participant.familyNameOriginal].filter(Boolean).join(' ')}
          </span>
        ) : (
          none
        )}
      </Fact>
      <Fact label={t('participants.fields.birthDate')}>
        {formatBirthDate(participant.birthDate, participant.birthDatePrecision, intlLocale(i18n.language)) ??
          t('participants.unknown')}
      </Fact>
      <Fact label={t('participants.fields.gender')}>{t(`participants.genders.${participant.gender}`)}</Fact>
      <Fact label={t('participants.fields.countriesOfOrigin')}>{countries(participant.countriesOfOrigin)}</Fact>
      <Fact label={t('participants.fields.nationalities')}>{countries(participant.nationalities)}</Fact>
      <Fact label={t('participants.fields.phone')}>{participant.phone ?? none}</Fact>
      <Fact label={t('participants.fields.email')}>{participant.email ?? none}</Fact>
      <Fact label={t('participants.form.contactTitle')}>{address || none}</Fact>
      <Fact label={t('participants.fields.cityDistrict')}>{participant.cityDistrict ?? none}</Fact>
      <Fact label={t('participants.fields.accommodation')}>
        {t(`participants.accommodations.${participant.accommodation}`)}
      </Fact>
      <Fact label={t('participants.fields.workPermission')}>
        {t(`participants.workPermissions.${participant.workPermission}`)}
      </Fact>
      <Fact label={t('participants.fields.benefits')}>
        {participant.benefits.length === 0
          ? none
          : participant.benefits.map((benefit) => t(`participants.benefits.${benefit}`)).join(', ')}
      </Fact>
      <Fact label={t('participants.fields.vocationalExperience')}>
        {participant.vocationalExperience ? (
          <Text style={{ whiteSpace: 'pre-wrap' }}>{participant.vocationalExperience}</Text>
        ) : (
          none
        )}
      </Fact>
      <Fact label={t('participants.fields.excludedOffender')}>
        {participant.excludedOffender ? t('participants.yes') : t('participants.no')}
      </Fact>
      <Fact label={t('participants.fields.restricted')}>
        {participant.restricted ? t('participants.yes') : t('participants.no')}
      </Fact>
      <Fact label={t('participants.detail.createdAt')}>{formatDateTime(participant.createdAt, i18n.language)}</Fact>
      <Fact label={t('participants.detail.updatedAt')}>{formatDateTime(participant.updatedAt, i18n.language)}</Fact>
    </Facts>
  );
}

function EditForm({
  participant,
  onSaved,
  onCancel,
  onReload,
  reloading,
}: {
  participant: Participant;
  /** The form closes; the section says what happened. */
  onSaved: (text: string) => void;
  onCancel: () => void;
  onReload: () => Promise<unknown>;
  reloading: boolean;
}) {
  const { t } = useTranslation();
  const update = useUpdateParticipant();
  const change = useChange(participant);
  const [values, setValues] = useState<PersonValues>(() => personValuesOf(participant));
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const errors = useProblemTexts(problems);
  // The edit button is gone: continue at the first field.
  useEffect(() => document.getElementById(fieldId(PREFIX, 'familyName'))?.focus(), []);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (update.isPending) return;
    const checked = toUpdateRequest(values, participant);
    if (!checked.ok) {
      setProblems(checked.problems);
      change.setMessage(null);
      return;
    }
    setProblems([]);
    if (Object.keys(checked.body).length === 0) {
      onSaved(t('participants.detail.noChanges'));
      return;
    }
    const outcome = await change.run(
      () => update.mutateAsync({ id: participant.id, version: participant.version, changes: checked.body }),
      t('participants.detail.saved'),
    );
    if (outcome.ok) onSaved(t('participants.detail.saved'));
    else setProblems(outcome.problems);
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-labelledby="master-data-title">
      <Stack gap="md">
        {problems.length > 0 ? <ProblemSummary key={change.round} problems={problems} prefix={PREFIX} /> : null}
        <ChangeNotice
          message={change.message}
          reloading={reloading}
          onReload={() => void onReload().then(() => onSaved(t('participants.detail.reloaded')))}
        />
        <PersonFields prefix={PREFIX} values={values} onChange={setValues} errors={errors} />
        <Group>
          <Button type="submit" loading={update.isPending}>
            {t('participants.detail.save')}
          </Button>
          <Button type="button" variant="default" onClick={onCancel}>
            {t('participants.detail.cancelEdit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function MasterDataSection({
  participant,
  writable,
  onReload,
  reloading,
}: {
  participant: Participant;
  writable: boolean;
  onReload: () => Promise<unknown>;
  reloading: boolean;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<{ text: string; round: number } | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const saved = (text: string) => {
    setEditing(false);
    // The notice takes focus itself, so that it is read out.
    setNotice({ text, round: (notice?.round ?? 0) + 1 });
  };
  const cancel = () => {
    setEditing(false);
    // Back where the user started: the edit button.
    requestAnimationFrame(() => editButton.current?.focus());
  };
  return (
    <Section id="master-data" title={t('participants.detail.overviewTitle')}>
      {editing ? (
        <EditForm
          participant={participant}
          onSaved={saved}
          onCancel={cancel}
          onReload={onReload}
          reloading={reloading}
        />
      ) : (
        <Stack gap="md">
          {notice ? <Outcome key={notice.round}>{notice.text}</Outcome> : null}
          <MasterFacts participant={participant} />
          {writable ? (
            <Group>
              <Button
                ref={editButton}
                variant="default"
                onClick={() => {
                  setNotice(null);
                  setEditing(true);
                }}
              >
                {t('participants.detail.edit')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      )}
    </Section>
  );
}
