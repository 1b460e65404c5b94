import { Button, Checkbox, Group, NativeSelect, NumberInput, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RetentionPolicy } from '../../../data-rights/data-rights.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { useRetentionPolicy, useSetRetentionPolicy } from './api/retention-policy.ts';
import { LoadFailed } from './feedback.tsx';
import {
  RETENTION_CLASSES,
  retentionChanged,
  retentionProblems,
  retentionValuesOf,
  toRetentionRequest,
  type RetentionClassKey,
  type RetentionFormValues,
  type RetentionProblem,
  type RetentionRowValues,
} from './policy-form-values.ts';
import { PolicyFeedback, usePolicyForm } from './use-policy-form.tsx';

const ACTIONS = ['anonymise', 'delete'] as const;
const periodId = (key: RetentionClassKey) => `retention-${key}-period`;

function ClassName({ classKey, isDefault }: { classKey: RetentionClassKey; isDefault: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Text fw={600}>
        {t(`cases.policy.retention.classes.${classKey}`)}
        {isDefault ? ` (${t('cases.policy.retention.isDefault')})` : ''}
      </Text>
      <Text size="sm">{t(`cases.policy.retention.classHints.${classKey}`)}</Text>
    </>
  );
}

function ReadOnlyTable({ policy }: { policy: RetentionPolicy }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table withTableBorder verticalSpacing="xs" captionSide="top">
        <Table.Caption>{t('cases.policy.retention.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('cases.policy.retention.class')}</Table.Th>
            <Table.Th scope="col">{t('cases.policy.retention.period')}</Table.Th>
            <Table.Th scope="col">{t('cases.policy.retention.action')}</Table.Th>
            <Table.Th scope="col">{t('cases.policy.retention.enabled')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {RETENTION_CLASSES.map((key) => (
            <Table.Tr key={key}>
              <Table.Th scope="row" fw={400}>
                <ClassName classKey={key} isDefault={policy[key].isDefault} />
              </Table.Th>
              <Table.Td>{policy[key].periodMonths}</Table.Td>
              <Table.Td>{t(`cases.policy.retention.actions.${policy[key].action}`)}</Table.Td>
              <Table.Td>{policy[key].enabled ? t('cases.common.yes') : t('cases.common.no')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function RetentionForm({
  policy,
  municipalityId,
  onReload,
  reloading,
}: {
  policy: RetentionPolicy;
  municipalityId: string;
  onReload: () => Promise<{ data?: RetentionPolicy }>;
  reloading: boolean;
}) {
  const { t } = useTranslation();
  const save = useSetRetentionPolicy(municipalityId);
  const form = usePolicyForm({
    policy,
    valuesOf: retentionValuesOf,
    check: (current: RetentionFormValues) => toRetentionRequest(current, policy),
    changed: (body) => retentionChanged(body, policy),
    save: (body) => save.mutateAsync({ version: policy.version, body }),
    busy: save.isPending,
    problemsOf: retentionProblems,
    onReload,
  });
  const { values, problems } = form;

  const setRow = (key: RetentionClassKey, change: Partial<RetentionRowValues>) =>
    form.setValues((current) => ({ ...current, [key]: { ...current[key], ...change } }));
  const className = (key: RetentionClassKey) => t(`cases.policy.retention.classes.${key}`);
  const problemText = (key: RetentionClassKey, problem: RetentionProblem) => {
    switch (problem) {
      case 'tooShort':
        return t('cases.policy.retention.tooShort', {
          class: className(key),
          count: policy[key].minimumPeriodMonths,
        });
      case 'tooLong':
        return t('cases.policy.retention.tooLong');
      case 'required':
        return t('cases.common.errors.required');
      case 'whole':
        return t('cases.common.errors.whole');
      default:
        return t('cases.common.errors.invalid');
    }
  };
  const errorOf = (key: RetentionClassKey) => {
    const found = problems.find((item) => item.field === key);
    return found ? problemText(key, found.problem) : undefined;
  };

  return (
    <>
      {/* Outside the form: the dialog has a form of its own. */}
      {form.stepUpDialog}
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-labelledby="retention-policy-title">
        <Stack gap="md">
          <PolicyFeedback
            form={form}
            summary={problems.map((item) => ({
              id: periodId(item.field),
              text: problemText(item.field, item.problem),
            }))}
            reloading={reloading}
          />
          <Table.ScrollContainer minWidth={680}>
            <Table withTableBorder verticalSpacing="sm" captionSide="top">
              <Table.Caption>{t('cases.policy.retention.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('cases.policy.retention.class')}</Table.Th>
                  <Table.Th scope="col">{t('cases.policy.retention.period')}</Table.Th>
                  <Table.Th scope="col">{t('cases.policy.retention.action')}</Table.Th>
                  <Table.Th scope="col">{t('cases.policy.retention.enabled')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {RETENTION_CLASSES.map((key) => (
                  <Table.Tr key={key}>
                    <Table.Th scope="row" fw={400}>
                      <ClassName classKey={key} isDefault={policy[key].isDefault} />
                    </Table.Th>
                    <Table.Td>
                      <NumberInput
                        id={periodId(key)}
                        aria-label={t('cases.policy.retention.periodOf', { class: className(key) })}
                        description={t('cases.policy.retention.minimum', { count: policy[key].minimumPeriodMonths })}
                        min={policy[key].minimumPeriodMonths}
                        max={600}
                        allowDecimal={false}
                        clampBehavior="none"
                        allowNegative={false}
                        value={values[key].periodMonths}
                        error={errorOf(key)}
                        onChange={(value) => setRow(key, { periodMonths: String(value) })}
                        maw={180}
                      />
                    </Table.Td>
                    <Table.Td>
                      <NativeSelect
                        aria-label={t('cases.policy.retention.actionOf', { class: className(key) })}
                        value={values[key].action}
                        onChange={(event) =>
                          setRow(key, { action: event.currentTarget.value === 'delete' ? 'delete' : 'anonymise' })
                        }
                        data={ACTIONS.map((action) => ({
                          value: action,
                          label: t(`cases.policy.retention.actions.${action}`),
                        }))}
                        maw={200}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Checkbox
                        aria-label={t('cases.policy.retention.enabledOf', { class: className(key) })}
                        checked={values[key].enabled}
                        onChange={(event) => setRow(key, { enabled: event.currentTarget.checked })}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('cases.policy.retention.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}

/** Deletion classes of the active municipality (period, action, enabled); changing them needs a recent sign-in. */
export function RetentionPolicySection({ municipalityId, editable }: { municipalityId: string; editable: boolean }) {
  const { t } = useTranslation();
  const policy = useRetentionPolicy(municipalityId);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="retention-policy-title">
      <Stack gap="md">
        <Title order={2} id="retention-policy-title">
          {t('cases.policy.retention.title')}
        </Title>
        <Text>{t('cases.policy.retention.intro')}</Text>
        {policy.isPending ? <Loading text={t('cases.common.loading')} /> : null}
        {policy.isError && !policy.data ? (
          <LoadFailed error={policy.error} onRetry={() => void policy.refetch()} />
        ) : null}
        {policy.data && !editable ? <ReadOnlyTable policy={policy.data} /> : null}
        {policy.data && editable ? (
          <RetentionForm
            policy={policy.data}
            municipalityId={municipalityId}
            onReload={() => policy.refetch()}
            reloading={policy.isFetching}
          />
        ) : null}
      </Stack>
    </Paper>
  );
}
