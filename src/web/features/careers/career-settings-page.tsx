// The measure-career rules of the municipality (/admin/careers): per rule on/off and its thresholds, with the
// defaults shown. Municipal administrators save (If-Match; the detector runs again); participation managers read.
import { Alert, Button, Checkbox, Fieldset, Group, NumberInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CareerSettings, CareerSettingsState } from '../../../careers/career.schema.ts';
import { careerRules, type CareerRule } from '../../../careers/career.codes.ts';
import { dropoutReasons } from '../../../offers/offer.codes.ts';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { useMe } from '../../lib/me.ts';
import { can } from '../../lib/permissions.ts';
import { useCareerSettings, useSaveCareerSettings } from './api/alerts.ts';
import { registerCareerTexts } from './career-texts.ts';

registerCareerTexts();

/** The numeric thresholds of each rule, with their label key and bounds (as the API's schema has them). */
type ThresholdLabel =
  `careers.settings.${'minMeasures' | 'withinMonths' | 'minRepetitions' | 'minDropouts' | 'gapMonths' | 'longMonths'}`;
const THRESHOLDS: Record<CareerRule, { field: string; label: ThresholdLabel; min: number; max: number }[]> = {
  no_progress: [
    { field: 'minMeasures', label: 'careers.settings.minMeasures', min: 2, max: 20 },
    { field: 'withinMonths', label: 'careers.settings.withinMonths', min: 1, max: 120 },
  ],
  repeated_same_level: [{ field: 'minRepetitions', label: 'careers.settings.minRepetitions', min: 2, max: 10 }],
  repeated_dropouts: [
    { field: 'minDropouts', label: 'careers.settings.minDropouts', min: 2, max: 10 },
    { field: 'withinMonths', label: 'careers.settings.withinMonths', min: 1, max: 120 },
  ],
  gap_after_measure: [{ field: 'months', label: 'careers.settings.gapMonths', min: 1, max: 36 }],
  long_without_qualification: [{ field: 'months', label: 'careers.settings.longMonths', min: 1, max: 120 }],
};

type Values = CareerSettings;

function valueOf(values: Values, rule: CareerRule, field: string): number {
  return (values[rule] as unknown as Record<string, number>)[field] ?? 0;
}

function SettingsForm({
  state,
  municipalityId,
  editable,
}: {
  state: CareerSettingsState;
  municipalityId: string;
  editable: boolean;
}) {
  const { t } = useTranslation();
  const save = useSaveCareerSettings(municipalityId);
  const [values, setValues] = useState<Values>(() => structuredClone(state.settings));
  const [outcome, setOutcome] = useState<string | null>(null);
  const set = (rule: CareerRule, field: string, value: unknown) =>
    setValues((current) => ({ ...current, [rule]: { ...current[rule], [field]: value } }));
  const errors = new Map(
    isProblem(save.error, 'validation_failed')
      ? save.error.fieldErrors.map((error) => [error.field, error.message])
      : [],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setOutcome(null);
    save.mutate(
      { version: state.version, settings: values },
      {
        onSuccess: (saved) =>
          setOutcome(
            saved.detection
              ? t('careers.settings.saved', {
                  participants: saved.detection.participants,
                  opened: saved.detection.opened,
                  resolved: saved.detection.resolved,
                })
              : t('careers.settings.savedWithoutRun'),
          ),
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {careerRules.map((rule) => (
          <Fieldset key={rule} legend={t(`careers.rules.${rule}`)} disabled={!editable}>
            <Stack gap="sm">
              <Checkbox
                label={t('careers.settings.enabled', { rule: t(`careers.rules.${rule}`) })}
                checked={values[rule].enabled}
                onChange={(event) => set(rule, 'enabled', event.currentTarget.checked)}
              />
              {THRESHOLDS[rule].map((threshold) => (
                <NumberInput
                  key={threshold.field}
                  label={t(threshold.label)}
                  description={t('careers.settings.defaultValue', {
                    value: valueOf(state.defaults, rule, threshold.field),
                  })}
                  min={threshold.min}
                  max={threshold.max}
                  allowDecimal={false}
                  value={valueOf(values, rule, threshold.field)}
                  onChange={(value) => set(rule, threshold.field, typeof value === 'number' ? value : Number(value))}
                  error={errors.get(`${rule}.${threshold.field}`)}
                  maw={320}
                />
              ))}
              {rule === 'repeated_dropouts' ? (
                <Checkbox.Group
                  label={t('careers.settings.ignoredReasons')}
                  value={values.repeated_dropouts.ignoredReasons}
                  onChange={(reasons) => set('repeated_dropouts', 'ignoredReasons', reasons)}
                >
                  <Group gap="md" mt={4}>
                    {dropoutReasons.map((reason) => (
                      <Checkbox key={reason} value={reason} label={t(`offers.dropoutReasons.${reason}`)} />
                    ))}
                  </Group>
                </Checkbox.Group>
              ) : null}
            </Stack>
          </Fieldset>
        ))}
        {save.error ? (
          <Alert color="red.9" variant="outline" role="alert">
            {isProblem(save.error, 'precondition_failed')
              ? t('careers.settings.stale')
              : isProblem(save.error, 'validation_failed')
                ? t('careers.settings.invalid')
                : t('careers.settings.failed')}
          </Alert>
        ) : null}
        {outcome ? (
          <Alert color="teal.9" variant="outline" role="status">
            {outcome}
          </Alert>
        ) : null}
        {editable ? (
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('careers.settings.save')}
            </Button>
            <Button variant="default" onClick={() => setValues(structuredClone(state.defaults))}>
              {t('careers.settings.reset')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}

function Settings({ municipalityId, editable }: { municipalityId: string; editable: boolean }) {
  const { t } = useTranslation();
  const settings = useCareerSettings(municipalityId);
  if (settings.isPending) return <Loading text={t('cases.common.loading')} />;
  if (settings.isError) {
    return (
      <Alert color="red.9" variant="outline" role="alert">
        {t('careers.settings.loadFailed')}
      </Alert>
    );
  }
  // A new version (after saving, or reloaded after a conflict) starts a fresh form.
  return (
    <SettingsForm
      key={settings.data.version}
      state={settings.data}
      municipalityId={municipalityId}
      editable={editable}
    />
  );
}

export function CareerSettingsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const person = me.data;
  const municipalityId = person?.activeMunicipalityId ?? null;
  const readable = person ? can(person, 'read', 'policy') : false;
  const editable = person ? can(person, 'update', 'policy') : false;
  return (
    <Stack gap="lg">
      <PageTitle documentTitle={t('careers.settings.documentTitle')}>{t('careers.settings.title')}</PageTitle>
      <AnchorLink to="/admin">{t('nav.admin')}</AnchorLink>
      <Text>{t('careers.settings.intro')}</Text>
      {me.isPending ? <Loading text={t('cases.common.loading')} /> : null}
      {!me.isPending && !person ? <Text>{t('careers.settings.signedOut')}</Text> : null}
      {person && (!readable || !municipalityId) ? <Text>{t('careers.settings.noAccess')}</Text> : null}
      {person && readable && municipalityId ? (
        <>
          {editable ? null : <Text>{t('careers.settings.readOnly')}</Text>}
          <Settings key={municipalityId} municipalityId={municipalityId} editable={editable} />
        </>
      ) : null}
      {person ? <AnchorLink to="/offers/careers">{t('careers.settings.summaryLink')}</AnchorLink> : null}
    </Stack>
  );
}
