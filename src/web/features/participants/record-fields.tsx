// The fields of one sub-record (residence status, language, schooling), shared by the intake and the forms that
// add a record on the participant page. `path` is the record's place in the request ("languages.0"; '' for a
// record sent on its own), so that problems and the error summary's links find the field.
import { Checkbox, Group, NativeSelect, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  cefrLevels,
  legalParagraphOf,
  residenceStatuses,
  schoolQualifications,
} from '../../../participants/participant.codes.ts';
import { COMMON_LANGUAGES, languageName } from './format.ts';
import { fieldId } from './form-parts.tsx';
import type { LanguageValues, ResidenceStatusValues, SchoolingValues } from './participant-form-values.ts';
import { useCountryOptions } from './person-fields.tsx';

const OTHER_LANGUAGE = '__other';

function at(path: string, field: string): string {
  return path ? `${path}.${field}` : field;
}

interface RecordProps<T> {
  prefix: string;
  path: string;
  values: T;
  onChange: (next: T) => void;
  errors: Record<string, string>;
}

export function ResidenceStatusFields({
  prefix,
  path,
  values,
  onChange,
  errors,
  required = true,
}: RecordProps<ResidenceStatusValues> & { required?: boolean }) {
  const { t } = useTranslation();
  const set = <K extends keyof ResidenceStatusValues>(key: K, value: ResidenceStatusValues[K]) =>
    onChange({ ...values, [key]: value });
  const props = (field: keyof ResidenceStatusValues) => ({
    id: fieldId(prefix, at(path, field)),
    error: errors[at(path, field)],
  });
  return (
    <Stack gap="md">
      <NativeSelect
        {...props('status')}
        label={t('participants.fields.residenceStatus')}
        required={required}
        value={values.status}
        onChange={(event) => set('status', event.currentTarget.value as ResidenceStatusValues['status'])}
        data={[
          { value: '', label: t('participants.form.choose') },
          ...residenceStatuses.map((value) => ({ value, label: t(`participants.statuses.${value}`) })),
        ]}
      />
      <TextInput
        {...props('legalParagraph')}
        label={t('participants.fields.legalParagraph')}
        description={
          values.status && legalParagraphOf[values.status]
            ? t('participants.form.legalParagraphDefault', { paragraph: legalParagraphOf[values.status] })
            : t('participants.form.legalParagraphHint')
        }
        autoComplete="off"
        value={values.legalParagraph}
        onChange={(event) => set('legalParagraph', event.currentTarget.value)}
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        <TextInput
          {...props('validFrom')}
          type="date"
          label={t('participants.fields.validFrom')}
          required={required}
          value={values.validFrom}
          onChange={(event) => set('validFrom', event.currentTarget.value)}
        />
        <TextInput
          {...props('validTo')}
          type="date"
          label={t('participants.fields.validTo')}
          description={t('participants.form.validToHint')}
          value={values.validTo}
          onChange={(event) => set('validTo', event.currentTarget.value)}
        />
        <TextInput
          {...props('documentExpiry')}
          type="date"
          label={t('participants.fields.documentExpiry')}
          value={values.documentExpiry}
          onChange={(event) => set('documentExpiry', event.currentTarget.value)}
        />
      </SimpleGrid>
      <Textarea
        {...props('notes')}
        label={t('participants.fields.notes')}
        autosize
        minRows={1}
        maxRows={5}
        value={values.notes}
        onChange={(event) => set('notes', event.currentTarget.value)}
      />
    </Stack>
  );
}

function isCommon(code: string): boolean {
  return (COMMON_LANGUAGES as readonly string[]).includes(code);
}

export function LanguageFields({ prefix, path, values, onChange, errors }: RecordProps<LanguageValues>) {
  const { t, i18n } = useTranslation();
  const set = <K extends keyof LanguageValues>(key: K, value: LanguageValues[K]) =>
    onChange({ ...values, [key]: value });
  const props = (field: keyof LanguageValues) => ({
    id: fieldId(prefix, at(path, field)),
    error: errors[at(path, field)],
  });
  // A code outside the common list is typed in; the choice "other" stays until another language is chosen.
  const [other, setOther] = useState(() => values.language !== '' && !isCommon(values.language));
  const options = useMemo(() => {
    const collator = new Intl.Collator(i18n.language);
    return COMMON_LANGUAGES.map((code) => ({ value: code, label: languageName(code, i18n.language) })).sort((a, b) =>
      collator.compare(a.label, b.label),
    );
  }, [i18n.language]);
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <NativeSelect
          id={other ? fieldId(prefix, at(path, 'languageChoice')) : props('language').id}
          error={other ? undefined : props('language').error}
          label={t('participants.fields.language')}
          required
          value={other ? OTHER_LANGUAGE : values.language}
          onChange={(event) => {
            const next = event.currentTarget.value;
            setOther(next === OTHER_LANGUAGE);
            set('language', next === OTHER_LANGUAGE ? '' : next);
          }}
          data={[
            { value: '', label: t('participants.form.choose') },
            ...options,
            { value: OTHER_LANGUAGE, label: t('participants.form.otherLanguage') },
          ]}
        />
        {other ? (
          <TextInput
            {...props('language')}
            label={t('participants.form.languageCode')}
            description={t('participants.form.languageCodeHint')}
            required
            autoComplete="off"
            spellCheck={false}
            maxLength={3}
            value={values.language}
            onChange={(event) => set('language', event.currentTarget.value)}
          />
        ) : null}
        <NativeSelect
          {...props('level')}
          label={t('participants.fields.level')}
          required
          value={values.level}
          onChange={(event) => set('level', event.currentTarget.value as LanguageValues['level'])}
          data={[
            { value: '', label: t('participants.form.choose') },
            ...cefrLevels.map((value) => ({ value, label: t(`participants.levels.${value}`) })),
          ]}
        />
        <TextInput
          {...props('evidenceDate')}
          type="date"
          label={t('participants.fields.evidenceDate')}
          value={values.evidenceDate}
          onChange={(event) => set('evidenceDate', event.currentTarget.value)}
        />
        <TextInput
          {...props('evidence')}
          label={t('participants.fields.evidence')}
          description={t('participants.form.evidenceHint')}
          autoComplete="off"
          value={values.evidence}
          onChange={(event) => set('evidence', event.currentTarget.value)}
        />
      </SimpleGrid>
    </Stack>
  );
}

export function SchoolingFields({ prefix, path, values, onChange, errors }: RecordProps<SchoolingValues>) {
  const { t } = useTranslation();
  const countries = useCountryOptions();
  const set = <K extends keyof SchoolingValues>(key: K, value: SchoolingValues[K]) =>
    onChange({ ...values, [key]: value });
  const props = (field: keyof SchoolingValues) => ({
    id: fieldId(prefix, at(path, field)),
    error: errors[at(path, field)],
  });
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        <NativeSelect
          {...props('qualification')}
          label={t('participants.fields.qualification')}
          required
          value={values.qualification}
          onChange={(event) => set('qualification', event.currentTarget.value as SchoolingValues['qualification'])}
          data={[
            { value: '', label: t('participants.form.choose') },
            ...schoolQualifications.map((value) => ({ value, label: t(`participants.qualifications.${value}`) })),
          ]}
        />
        <NativeSelect
          {...props('country')}
          label={t('participants.fields.schoolCountry')}
          value={values.country}
          onChange={(event) => set('country', event.currentTarget.value)}
          data={[{ value: '', label: t('participants.form.notStated') }, ...countries]}
        />
        <TextInput
          {...props('years')}
          label={t('participants.fields.years')}
          inputMode="numeric"
          autoComplete="off"
          maxLength={2}
          value={values.years}
          onChange={(event) => set('years', event.currentTarget.value)}
        />
      </SimpleGrid>
      <Group>
        <Checkbox
          {...props('recognised')}
          label={t('participants.fields.recognised')}
          checked={values.recognised}
          onChange={(event) => set('recognised', event.currentTarget.checked)}
        />
      </Group>
      <Textarea
        {...props('notes')}
        label={t('participants.fields.notes')}
        autosize
        minRows={1}
        maxRows={5}
        value={values.notes}
        onChange={(event) => set('notes', event.currentTarget.value)}
      />
    </Stack>
  );
}
