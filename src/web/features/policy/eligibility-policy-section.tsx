import {
  Button,
  Checkbox,
  DataList,
  Fieldset,
  Group,
  List,
  NumberInput,
  Paper,
  Radio,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { residenceStatuses, strands } from '../../../participants/participant.codes.ts';
import type { MunicipalityEligibilityPolicy } from '../../../participants/participant.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { useEligibilityPolicy, useSetEligibilityPolicy } from './api/eligibility-policy.ts';
import { LoadFailed } from './feedback.tsx';
import {
  eligibilityChanged,
  eligibilityProblems,
  eligibilityValuesOf,
  toEligibilityRequest,
  type EligibilityField,
  type EligibilityFormValues,
  type EligibilityProblem,
} from './policy-form-values.ts';
import { PolicyFeedback, usePolicyForm } from './use-policy-form.tsx';

const fieldId = (field: EligibilityField) => `eligibility-${field}`;

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue style={{ overflowWrap: 'anywhere' }}>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

/** The rules in force, marking where the municipality departs from the programme (in words, not colour). */
function RulesInForce({ policy }: { policy: MunicipalityEligibilityPolicy }) {
  const { t } = useTranslation();
  const narrow = useMediaQuery('(max-width: 48em)') ?? false;
  const { effective, defaults } = policy;
  const differs = (changed: boolean) => (changed ? ` (${t('cases.policy.eligibility.differsFromDefault')})` : '');
  const workBan = strands.filter((strand) => effective.strands[strand]?.excludeWorkBan);
  const defaultWorkBan = strands.filter((strand) => defaults.strands[strand]?.excludeWorkBan);
  const sameList = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((x) => b.includes(x));
  return (
    <DataList labelWidth="18rem" orientation={narrow ? 'vertical' : 'horizontal'} withDivider>
      <Item label={t('cases.policy.eligibility.minAge')}>
        {effective.minAge}
        {differs(effective.minAge !== defaults.minAge)}
      </Item>
      <Item label={t('cases.policy.eligibility.maxAge')}>
        {effective.maxAge}
        {differs(effective.maxAge !== defaults.maxAge)}
      </Item>
      <Item label={t('cases.policy.eligibility.admittedStatuses')}>
        <List spacing={2}>
          {effective.admittedStatuses.map((status) => (
            <List.Item key={status}>{t(`cases.codes.residenceStatuses.${status}`)}</List.Item>
          ))}
        </List>
        {differs(!sameList(effective.admittedStatuses, defaults.admittedStatuses))}
      </Item>
      <Item label={t('cases.policy.eligibility.excludeStateReceptionFacility')}>
        {effective.excludeStateReceptionFacility ? t('cases.common.yes') : t('cases.common.no')}
        {differs(effective.excludeStateReceptionFacility !== defaults.excludeStateReceptionFacility)}
      </Item>
      <Item label={t('cases.policy.eligibility.strandsExcludingWorkBan')}>
        {workBan.length === 0 ? t('cases.common.none') : workBan.join(', ')}
        {differs(!sameList(workBan, defaultWorkBan))}
      </Item>
    </DataList>
  );
}

function problemText(t: TFunction, problem: EligibilityProblem): string {
  switch (problem) {
    case 'minAboveMax':
      return t('cases.policy.eligibility.minAboveMax');
    case 'statusesRequired':
      return t('cases.policy.eligibility.statusesRequired');
    case 'required':
      return t('cases.common.errors.required');
    case 'whole':
      return t('cases.common.errors.whole');
    default:
      return t('cases.common.errors.invalid');
  }
}

function EligibilityForm({
  policy,
  municipalityId,
  onReload,
  reloading,
}: {
  policy: MunicipalityEligibilityPolicy;
  municipalityId: string;
  onReload: () => Promise<{ data?: MunicipalityEligibilityPolicy }>;
  reloading: boolean;
}) {
  const { t } = useTranslation();
  const save = useSetEligibilityPolicy(municipalityId);
  const form = usePolicyForm({
    policy,
    valuesOf: eligibilityValuesOf,
    check: (current: EligibilityFormValues) => toEligibilityRequest(current, policy.defaults),
    changed: (body) => eligibilityChanged(body, policy),
    // The form continues from what was stored (e.g. own rules equal to the programme's become "programme rules").
    save: (body) => save.mutateAsync({ version: policy.version, body }),
    busy: save.isPending,
    problemsOf: eligibilityProblems,
    onReload,
  });
  const { values, problems } = form;
  const set = <K extends keyof EligibilityFormValues>(key: K, value: EligibilityFormValues[K]) =>
    form.setValues((current) => ({ ...current, [key]: value }));
  const errorOf = (field: EligibilityField) => {
    const found = problems.find((item) => item.field === field);
    return found ? problemText(t, found.problem) : undefined;
  };

  const labels: Record<EligibilityField, string> = {
    minAge: t('cases.policy.eligibility.minAge'),
    maxAge: t('cases.policy.eligibility.maxAge'),
    admittedStatuses: t('cases.policy.eligibility.admittedStatuses'),
    excludeStateReceptionFacility: t('cases.policy.eligibility.excludeStateReceptionFacility'),
    strandsExcludingWorkBan: t('cases.policy.eligibility.strandsExcludingWorkBan'),
  };

  return (
    <>
      {/* Outside the form: the dialog has a form of its own. */}
      {form.stepUpDialog}
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-labelledby="eligibility-policy-title">
        <Stack gap="md">
          <PolicyFeedback
            form={form}
            summary={problems.map((item) => ({
              id: fieldId(item.field),
              text: `${labels[item.field]}: ${problemText(t, item.problem)}`,
            }))}
            reloading={reloading}
          />
          <Radio.Group
            label={t('cases.policy.eligibility.mode')}
            value={values.mode}
            onChange={(mode) => set('mode', mode === 'own' ? 'own' : 'defaults')}
          >
            <Stack gap="xs" mt="xs">
              <Radio value="defaults" label={t('cases.policy.eligibility.useDefaults')} />
              <Radio value="own" label={t('cases.policy.eligibility.useOwn')} />
            </Stack>
          </Radio.Group>
          {values.mode === 'own' ? (
            <Fieldset legend={t('cases.policy.eligibility.ownRules')} variant="filled">
              <Stack gap="md">
                <Group align="flex-start" gap="md">
                  <NumberInput
                    id={fieldId('minAge')}
                    label={labels.minAge}
                    description={t('cases.policy.eligibility.defaultsLabel') + `: ${policy.defaults.minAge}`}
                    required
                    min={0}
                    max={99}
                    allowDecimal={false}
                    clampBehavior="none"
                    allowNegative={false}
                    value={values.minAge}
                    error={errorOf('minAge')}
                    onChange={(value) => set('minAge', String(value))}
                    maw={240}
                  />
                  <NumberInput
                    id={fieldId('maxAge')}
                    label={labels.maxAge}
                    description={`${t('cases.policy.eligibility.maxAgeHint')} ${t('cases.policy.eligibility.defaultsLabel')}: ${policy.defaults.maxAge}`}
                    required
                    min={0}
                    max={99}
                    allowDecimal={false}
                    clampBehavior="none"
                    allowNegative={false}
                    value={values.maxAge}
                    error={errorOf('maxAge')}
                    onChange={(value) => set('maxAge', String(value))}
                    maw={320}
                  />
                </Group>
                <Checkbox.Group
                  label={labels.admittedStatuses}
                  value={values.admittedStatuses}
                  onChange={(selected) =>
                    set(
                      'admittedStatuses',
                      residenceStatuses.filter((status) => selected.includes(status)),
                    )
                  }
                  error={errorOf('admittedStatuses')}
                  withAsterisk
                >
                  <Stack gap="xs" mt="xs">
                    {residenceStatuses.map((status, index) => (
                      <Checkbox
                        key={status}
                        id={index === 0 ? fieldId('admittedStatuses') : undefined}
                        value={status}
                        label={t(`cases.codes.residenceStatuses.${status}`)}
                      />
                    ))}
                  </Stack>
                </Checkbox.Group>
                <Checkbox
                  id={fieldId('excludeStateReceptionFacility')}
                  label={labels.excludeStateReceptionFacility}
                  checked={values.excludeStateReceptionFacility}
                  onChange={(event) => set('excludeStateReceptionFacility', event.currentTarget.checked)}
                />
                <Checkbox.Group
                  label={labels.strandsExcludingWorkBan}
                  value={values.strandsExcludingWorkBan}
                  onChange={(selected) =>
                    set(
                      'strandsExcludingWorkBan',
                      strands.filter((strand) => selected.includes(strand)),
                    )
                  }
                  error={errorOf('strandsExcludingWorkBan')}
                >
                  <Stack gap="xs" mt="xs">
                    {strands.map((strand, index) => (
                      <Checkbox
                        key={strand}
                        id={index === 0 ? fieldId('strandsExcludingWorkBan') : undefined}
                        value={strand}
                        label={t(`cases.strands.${strand}`)}
                      />
                    ))}
                  </Stack>
                </Checkbox.Group>
                <Text size="sm">{t('cases.policy.eligibility.offenders')}</Text>
              </Stack>
            </Fieldset>
          ) : null}
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('cases.policy.eligibility.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}

/** Eligibility rules of the active municipality: read by participation managers, set by its administration. */
export function EligibilityPolicySection({ municipalityId, editable }: { municipalityId: string; editable: boolean }) {
  const { t } = useTranslation();
  const policy = useEligibilityPolicy(municipalityId);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="eligibility-policy-title">
      <Stack gap="md">
        <Title order={2} id="eligibility-policy-title">
          {t('cases.policy.eligibility.title')}
        </Title>
        <Text>{t('cases.policy.eligibility.intro')}</Text>
        {policy.isPending ? <Loading text={t('cases.common.loading')} /> : null}
        {policy.isError && !policy.data ? (
          <LoadFailed error={policy.error} onRetry={() => void policy.refetch()} />
        ) : null}
        {policy.data ? (
          <>
            <Title order={3} size="h4">
              {t('cases.policy.eligibility.effective')}
            </Title>
            <RulesInForce policy={policy.data} />
            <Text size="sm">{t('cases.policy.eligibility.offenders')}</Text>
            {editable ? (
              <EligibilityForm
                policy={policy.data}
                municipalityId={municipalityId}
                onReload={() => policy.refetch()}
                reloading={policy.isFetching}
              />
            ) : null}
          </>
        ) : null}
      </Stack>
    </Paper>
  );
}
