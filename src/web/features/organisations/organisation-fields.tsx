import {
  Alert,
  Box,
  Checkbox,
  Fieldset,
  Group,
  Loader,
  NativeSelect,
  Radio,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { municipalityKinds, organisationKinds, type Organisation } from '../../../organisations/organisation.schema.ts';
import { sectionsFor, type FormField, type OrganisationFormValues } from './organisation-form-values.ts';

/** The id of a field's control (the first option of a group), the target of the error summary's links. */
export function fieldId(field: FormField): string {
  return `organisation-${field}`;
}

export interface MunicipalityChoices {
  items: Organisation[] | undefined;
  loading: boolean;
  failed: boolean;
}

interface FieldsProps {
  mode: 'create' | 'edit';
  values: OrganisationFormValues;
  onChange: (values: OrganisationFormValues) => void;
  errors: Partial<Record<FormField, string>>;
  municipalities: MunicipalityChoices;
  /** The organisation being edited: it cannot be its own district. */
  selfId?: string;
}

function ChoicesState({ choices }: { choices: MunicipalityChoices }) {
  const { t } = useTranslation();
  if (choices.loading) {
    return (
      <Group gap="sm" role="status">
        <Loader size="xs" aria-hidden="true" />
        <Text size="sm">{t('organisations.form.optionsLoading')}</Text>
      </Group>
    );
  }
  if (choices.failed) {
    return (
      <Alert color="red.9" variant="outline" role="alert">
        {t('organisations.form.optionsFailed')}
      </Alert>
    );
  }
  return null;
}

/**
 * A provider's municipalities: checkboxes with a filter rather than a combobox. There are a few hundred
 * municipalities; a plain list of checkboxes works with every screen reader, the filter keeps it short.
 */
function MunicipalityPicker({
  selected,
  onChange,
  error,
  choices,
}: {
  selected: string[];
  onChange: (ids: string[]) => void;
  error: string | undefined;
  choices: MunicipalityChoices;
}) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const items = choices.items ?? [];
  const needle = filter.trim().toLocaleLowerCase();
  // Chosen ones stay visible while filtering, so that they can be unticked.
  const shown = items.filter(
    (item) =>
      !needle ||
      selected.includes(item.id) ||
      item.name.toLocaleLowerCase().includes(needle) ||
      (item.shortName?.toLocaleLowerCase().includes(needle) ?? false),
  );
  return (
    <Stack gap="xs">
      <ChoicesState choices={choices} />
      {choices.items ? (
        <>
          <TextInput
            id={filterId}
            label={t('organisations.form.municipalityFilter')}
            description={t('organisations.form.municipalityIdsHint')}
            value={filter}
            autoComplete="off"
            onChange={(event) => setFilter(event.currentTarget.value)}
          />
          <Checkbox.Group
            label={t('organisations.form.municipalityIds')}
            value={selected}
            onChange={onChange}
            error={error}
          >
            <Box mah={260} mt="xs" style={{ overflowY: 'auto' }}>
              <Stack gap="xs" py={4} px={4}>
                {shown.length === 0 ? <Text size="sm">{t('organisations.form.noMunicipalities')}</Text> : null}
                {shown.map((item, index) => (
                  <Checkbox
                    key={item.id}
                    id={index === 0 ? fieldId('municipalityIds') : undefined}
                    value={item.id}
                    label={item.name}
                  />
                ))}
              </Stack>
            </Box>
          </Checkbox.Group>
        </>
      ) : null}
    </Stack>
  );
}

/** The fields of an organisation; which ones appear depends on its kind. */
export function OrganisationFields({ mode, values, onChange, errors, municipalities, selfId }: FieldsProps) {
  const { t } = useTranslation();
  const sections = sectionsFor(values);
  const set = <K extends keyof OrganisationFormValues>(key: K, value: OrganisationFormValues[K]) =>
    onChange({ ...values, [key]: value });
  const text = (field: 'name' | 'shortName' | 'contactEmail' | 'officialKey') => ({
    id: fieldId(field),
    value: values[field],
    error: errors[field],
    onChange: (event: { currentTarget: { value: string } }) => set(field, event.currentTarget.value),
  });
  const districts = (municipalities.items ?? []).filter(
    (item) => item.municipalityKind === 'district' && item.id !== selfId,
  );

  return (
    <Stack gap="md">
      {mode === 'create' ? (
        <Radio.Group
          label={t('organisations.form.kind')}
          description={t('organisations.form.kindHint')}
          value={values.kind}
          onChange={(kind) => set('kind', kind)}
          error={errors.kind}
          withAsterisk
        >
          <Stack gap="xs" mt="xs">
            {organisationKinds.map((kind, index) => (
              <Radio
                key={kind}
                id={index === 0 ? fieldId('kind') : undefined}
                value={kind}
                label={t(`organisations.kinds.${kind}`)}
              />
            ))}
          </Stack>
        </Radio.Group>
      ) : null}
      <TextInput
        label={t('organisations.form.name')}
        description={t('organisations.form.nameHint')}
        required
        autoComplete="off"
        {...text('name')}
      />
      <TextInput
        label={t('organisations.form.shortName')}
        description={t('organisations.form.shortNameHint')}
        autoComplete="off"
        {...text('shortName')}
      />
      <TextInput
        label={t('organisations.form.contactEmail')}
        description={t('organisations.form.contactEmailHint')}
        type="email"
        autoComplete="off"
        spellCheck={false}
        {...text('contactEmail')}
      />

      {sections.municipality ? (
        <Fieldset legend={t('organisations.form.municipalityTitle')} variant="filled">
          <Stack gap="md">
            <Radio.Group
              label={t('organisations.form.municipalityKind')}
              value={values.municipalityKind}
              onChange={(kind) => set('municipalityKind', kind)}
              error={errors.municipalityKind}
              withAsterisk
            >
              <Stack gap="xs" mt="xs">
                {municipalityKinds.map((kind, index) => (
                  <Radio
                    key={kind}
                    id={index === 0 ? fieldId('municipalityKind') : undefined}
                    value={kind}
                    label={t(`organisations.municipalityKinds.${kind}`)}
                  />
                ))}
              </Stack>
            </Radio.Group>
            {sections.district ? (
              <>
                <ChoicesState choices={municipalities} />
                {municipalities.items && districts.length === 0 ? (
                  <Alert color="blue.9" variant="outline">
                    {t('organisations.form.noDistricts')}
                  </Alert>
                ) : null}
                {municipalities.items && districts.length > 0 ? (
                  <NativeSelect
                    id={fieldId('districtId')}
                    label={t('organisations.form.districtId')}
                    description={t('organisations.form.districtHint')}
                    required
                    value={values.districtId}
                    error={errors.districtId}
                    onChange={(event) => set('districtId', event.currentTarget.value)}
                    data={[
                      { value: '', label: t('organisations.form.chooseDistrict') },
                      ...districts.map((district) => ({ value: district.id, label: district.name })),
                    ]}
                  />
                ) : null}
              </>
            ) : null}
            <TextInput
              label={t('organisations.form.officialKey')}
              description={t('organisations.form.officialKeyHint')}
              inputMode="numeric"
              autoComplete="off"
              spellCheck={false}
              maw={320}
              {...text('officialKey')}
            />
            <Checkbox
              id={fieldId('allianceMember')}
              label={t('organisations.form.allianceMember')}
              checked={values.allianceMember}
              error={errors.allianceMember}
              onChange={(event) => set('allianceMember', event.currentTarget.checked)}
            />
            <Checkbox
              id={fieldId('budgetRecovery')}
              label={t('organisations.form.budgetRecovery')}
              checked={values.budgetRecovery}
              error={errors.budgetRecovery}
              onChange={(event) => set('budgetRecovery', event.currentTarget.checked)}
            />
          </Stack>
        </Fieldset>
      ) : null}

      {sections.provider ? (
        <Fieldset legend={t('organisations.form.providerTitle')} variant="filled">
          <MunicipalityPicker
            selected={values.municipalityIds}
            onChange={(ids) => set('municipalityIds', ids)}
            error={errors.municipalityIds}
            choices={municipalities}
          />
        </Fieldset>
      ) : null}
    </Stack>
  );
}
