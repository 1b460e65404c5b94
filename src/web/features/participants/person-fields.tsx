// The person's own fields (names, date of birth, origin, contact, living situation, exclusions), shared by the
// intake and the edit form of the participant page.
import { Checkbox, Fieldset, Group, NativeSelect, Radio, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  accommodations,
  benefitKinds,
  birthDatePrecisions,
  genders,
  workPermissions,
} from '../../../participants/participant.codes.ts';
import { isCountryCode } from '../../../participants/participant.schema.ts';
import type { BirthDateInput } from './birth-date.ts';
import { countryOptions } from './format.ts';
import { CodeListPicker, fieldId } from './form-parts.tsx';
import type { PersonValues } from './participant-form-values.ts';

const MONTHS = Array.from({ length: 12 }, (_, index) => index + 1);

/** Countries in the UI language, plus "stateless / unknown" (XX). */
export function useCountryOptions() {
  const { t, i18n } = useTranslation();
  return useMemo(
    () => [{ value: 'XX', label: t('participants.form.stateless') }, ...countryOptions(i18n.language, isCountryCode)],
    [i18n.language, t],
  );
}

function BirthDateFields({
  prefix,
  value,
  onChange,
  error,
}: {
  prefix: string;
  value: BirthDateInput;
  onChange: (next: BirthDateInput) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const set = <K extends keyof BirthDateInput>(key: K, next: BirthDateInput[K]) => onChange({ ...value, [key]: next });
  const id = fieldId(prefix, 'birthDate');
  return (
    <Fieldset legend={t('participants.fields.birthDate')} variant="unstyled">
      <Stack gap="sm">
        <Radio.Group
          label={t('participants.form.birthDatePrecision')}
          description={t('participants.form.birthDatePrecisionHint')}
          value={value.precision === '' ? 'none' : value.precision}
          onChange={(next) => set('precision', next === 'none' ? '' : (next as BirthDateInput['precision']))}
        >
          <Group gap="md" mt="xs">
            {birthDatePrecisions.map((precision) => (
              <Radio key={precision} value={precision} label={t(`participants.precisions.${precision}`)} />
            ))}
            <Radio value="none" label={t('participants.precisions.none')} />
          </Group>
        </Radio.Group>
        {value.precision === 'day' ? (
          <TextInput
            id={id}
            type="date"
            label={t('participants.fields.birthDate')}
            required
            value={value.day}
            error={error}
            onChange={(event) => set('day', event.currentTarget.value)}
            maw={260}
          />
        ) : null}
        {value.precision === 'month' || value.precision === 'year' ? (
          <Group align="flex-start" gap="md">
            {value.precision === 'month' ? (
              <NativeSelect
                id={id}
                label={t('participants.form.birthMonth')}
                required
                value={value.month}
                error={error}
                onChange={(event) => set('month', event.currentTarget.value)}
                data={[
                  { value: '', label: t('participants.form.choose') },
                  ...MONTHS.map((month) => ({ value: String(month), label: String(month).padStart(2, '0') })),
                ]}
              />
            ) : null}
            <TextInput
              id={value.precision === 'year' ? id : fieldId(prefix, 'birthYear')}
              label={t('participants.form.birthYear')}
              description={t('participants.form.birthYearHint')}
              required
              inputMode="numeric"
              autoComplete="off"
              maxLength={4}
              value={value.year}
              error={value.precision === 'year' ? error : undefined}
              onChange={(event) => set('year', event.currentTarget.value)}
              maw={200}
            />
          </Group>
        ) : null}
      </Stack>
    </Fieldset>
  );
}

/** The fields of the person; `errors` by dotted field path, ids by `fieldId(prefix, field)`. */
export function PersonFields({
  prefix,
  values,
  onChange,
  errors,
}: {
  prefix: string;
  values: PersonValues;
  onChange: (next: PersonValues) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const countries = useCountryOptions();
  const set = <K extends keyof PersonValues>(key: K, value: PersonValues[K]) => onChange({ ...values, [key]: value });
  const text = (
    field: 'familyName' | 'givenNames' | 'phone' | 'email' | 'street' | 'postcode' | 'city' | 'cityDistrict',
  ) => ({
    id: fieldId(prefix, field),
    label: t(`participants.fields.${field}`),
    value: values[field],
    error: errors[field],
    autoComplete: 'off',
    onChange: (event: { currentTarget: { value: string } }) => set(field, event.currentTarget.value),
  });
  const original = (field: 'familyNameOriginal' | 'givenNamesOriginal') => ({
    id: fieldId(prefix, field),
    label: t(`participants.fields.${field}`),
    value: values[field],
    error: errors[field],
    autoComplete: 'off',
    // Arabic, Persian, Tigrinya …: the browser picks the direction from the text itself.
    dir: 'auto' as const,
    spellCheck: false,
    onChange: (event: { currentTarget: { value: string } }) => set(field, event.currentTarget.value),
  });

  return (
    <Stack gap="lg">
      <Fieldset legend={t('participants.form.namesTitle')}>
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput {...text('familyName')} required description={t('participants.form.latinHint')} />
            <TextInput {...text('givenNames')} description={t('participants.form.givenNamesHint')} />
            <TextInput {...original('familyNameOriginal')} description={t('participants.form.originalHint')} />
            <TextInput {...original('givenNamesOriginal')} />
          </SimpleGrid>
          <BirthDateFields
            prefix={prefix}
            value={values.birth}
            onChange={(birth) => set('birth', birth)}
            error={errors.birthDate}
          />
          <Radio.Group
            label={t('participants.fields.gender')}
            value={values.gender}
            onChange={(gender) => set('gender', gender)}
            error={errors.gender}
          >
            <Group gap="md" mt="xs">
              {genders.map((gender, index) => (
                <Radio
                  key={gender}
                  id={index === 0 ? fieldId(prefix, 'gender') : undefined}
                  value={gender}
                  label={t(`participants.genders.${gender}`)}
                />
              ))}
            </Group>
          </Radio.Group>
        </Stack>
      </Fieldset>

      <Fieldset legend={t('participants.form.originTitle')}>
        <Stack gap="md">
          <CodeListPicker
            id={fieldId(prefix, 'countriesOfOrigin')}
            label={t('participants.fields.countriesOfOrigin')}
            addLabel={t('participants.form.addCountryOfOrigin')}
            options={countries}
            value={values.countriesOfOrigin}
            onChange={(next) => set('countriesOfOrigin', next)}
            error={errors.countriesOfOrigin}
            max={10}
          />
          <CodeListPicker
            id={fieldId(prefix, 'nationalities')}
            label={t('participants.fields.nationalities')}
            addLabel={t('participants.form.addNationality')}
            options={countries}
            value={values.nationalities}
            onChange={(next) => set('nationalities', next)}
            error={errors.nationalities}
            max={5}
          />
        </Stack>
      </Fieldset>

      <Fieldset legend={t('participants.form.contactTitle')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput {...text('phone')} type="tel" inputMode="tel" />
          <TextInput {...text('email')} type="email" spellCheck={false} />
          <TextInput {...text('street')} />
          <TextInput {...text('postcode')} inputMode="numeric" maxLength={5} />
          <TextInput {...text('city')} />
          <TextInput {...text('cityDistrict')} description={t('participants.form.cityDistrictHint')} />
        </SimpleGrid>
      </Fieldset>

      <Fieldset legend={t('participants.form.situationTitle')}>
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <NativeSelect
              id={fieldId(prefix, 'accommodation')}
              label={t('participants.fields.accommodation')}
              value={values.accommodation}
              error={errors.accommodation}
              onChange={(event) => set('accommodation', event.currentTarget.value as PersonValues['accommodation'])}
              data={accommodations.map((value) => ({ value, label: t(`participants.accommodations.${value}`) }))}
            />
            <NativeSelect
              id={fieldId(prefix, 'workPermission')}
              label={t('participants.fields.workPermission')}
              value={values.workPermission}
              error={errors.workPermission}
              onChange={(event) => set('workPermission', event.currentTarget.value as PersonValues['workPermission'])}
              data={workPermissions.map((value) => ({ value, label: t(`participants.workPermissions.${value}`) }))}
            />
          </SimpleGrid>
          <Checkbox.Group
            label={t('participants.fields.benefits')}
            value={values.benefits}
            onChange={(next) => set('benefits', next)}
            error={errors.benefits}
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt="xs">
              {benefitKinds.map((benefit, index) => (
                <Checkbox
                  key={benefit}
                  id={index === 0 ? fieldId(prefix, 'benefits') : undefined}
                  value={benefit}
                  label={t(`participants.benefits.${benefit}`)}
                />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <Textarea
            id={fieldId(prefix, 'vocationalExperience')}
            label={t('participants.fields.vocationalExperience')}
            autosize
            minRows={2}
            maxRows={8}
            value={values.vocationalExperience}
            error={errors.vocationalExperience}
            onChange={(event) => set('vocationalExperience', event.currentTarget.value)}
          />
        </Stack>
      </Fieldset>

      <Fieldset legend={t('participants.form.protectionTitle')}>
        <Stack gap="sm">
          <Checkbox
            id={fieldId(prefix, 'excludedOffender')}
            label={t('participants.fields.excludedOffender')}
            description={t('participants.form.excludedOffenderHint')}
            checked={values.excludedOffender}
            error={errors.excludedOffender}
            onChange={(event) => set('excludedOffender', event.currentTarget.checked)}
          />
          <Checkbox
            id={fieldId(prefix, 'restricted')}
            label={t('participants.fields.restricted')}
            description={t('participants.form.restrictedHint')}
            checked={values.restricted}
            error={errors.restricted}
            onChange={(event) => set('restricted', event.currentTarget.checked)}
          />
        </Stack>
      </Fieldset>
    </Stack>
  );
}
