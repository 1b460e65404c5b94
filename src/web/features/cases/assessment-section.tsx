import type { TFunction } from 'i18next';
import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { assessmentAreas, type AssessmentArea } from '../../../cases/case.codes.ts';
import {
  accommodations,
  benefitKinds,
  cefrLevels,
  residenceStatuses,
  schoolQualifications,
  workPermissions,
} from '../../../participants/participant.codes.ts';
import { Loading } from '../../components/loading.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { useAssessments, useCreateAssessment } from './api/assessments.ts';
import {
  assessmentProblems,
  assessmentValuesFrom,
  toAssessmentRequest,
  type AreaValues,
  type AssessmentField,
  type AssessmentValues,
} from './assessment-values.ts';
import { AssessmentView } from './assessment-view.tsx';
import type { SectionProps } from './case-abilities.ts';
import type { FieldProblem } from './form-problems.ts';
import { LoadFailed, useFailureText, useIdempotency, useProblemText, WorkForm, type Notice } from './form-kit.tsx';
import { formatDate, localDateOf } from './format.ts';

/** The id of a field's control; "language.germanLevel" → "assessment-language-germanLevel". */
export const assessmentFieldId = (field: AssessmentField) => `assessment-${field.replace('.', '-')}`;

type Translate = TFunction;

function fieldLabel(t: Translate, field: AssessmentField): string {
  if (field === 'assessedOn') return t('cases.assessment.assessedOn');
  if (field === 'notes') return t('cases.assessment.notes');
  if (field === 'areas') return t('cases.assessment.title');
  const [area, name] = field.split('.') as [AssessmentArea, string];
  const areaName = t(`cases.areas.${area}`);
  if (name === 'needsSupport') return `${areaName}: ${t('cases.assessment.needsSupport')}`;
  if (name === 'notes') return t('cases.assessment.areaNotes', { area: areaName });
  return `${areaName}: ${t(`cases.assessment.fields.${name as 'germanLevel'}`)}`;
}

function options<T extends string>(t: Translate, values: readonly T[], label: (value: T) => string) {
  return [
    { value: '', label: t('cases.common.chooseOne') },
    ...values.map((value) => ({ value, label: label(value) })),
  ];
}

function AreaFieldset({
  area,
  values,
  onChange,
  errorOf,
  children,
}: {
  area: AssessmentArea;
  values: AreaValues[AssessmentArea];
  onChange: (change: Partial<AreaValues[AssessmentArea]>) => void;
  errorOf: (field: AssessmentField) => string | undefined;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const areaName = t(`cases.areas.${area}`);
  const id = (field: string) => assessmentFieldId(`${area}.${field}`);
  return (
    <Fieldset legend={areaName} variant="filled">
      <Stack gap="sm">
        <Checkbox
          id={`assessment-${area}-include`}
          label={t('cases.assessment.include', { area: areaName })}
          checked={values.include}
          onChange={(event) => onChange({ include: event.currentTarget.checked })}
        />
        {values.include ? (
          <>
            {children}
            <Checkbox
              id={id('needsSupport')}
              label={t('cases.assessment.needsSupport')}
              checked={values.needsSupport}
              onChange={(event) => onChange({ needsSupport: event.currentTarget.checked })}
            />
            <Textarea
              id={id('notes')}
              label={t('cases.assessment.areaNotes', { area: areaName })}
              autosize
              minRows={2}
              maxRows={8}
              value={values.notes}
              error={errorOf(`${area}.notes`)}
              onChange={(event) => onChange({ notes: event.currentTarget.value })}
            />
          </>
        ) : null}
      </Stack>
    </Fieldset>
  );
}

function AreaFields({
  area,
  values,
  set,
  errorOf,
}: {
  area: AssessmentArea;
  values: AreaValues;
  set: <A extends AssessmentArea>(area: A, change: Partial<AreaValues[A]>) => void;
  errorOf: (field: AssessmentField) => string | undefined;
}) {
  const { t } = useTranslation();
  const id = (field: string) => assessmentFieldId(`${area}.${field}`);
  const field = (name: string) => ({ id: id(name), error: errorOf(`${area}.${name}`) });
  const label = (name: 'germanLevel') => t(`cases.assessment.fields.${name}`);
  switch (area) {
    case 'language': {
      const v = values.language;
      return (
        <>
          <NativeSelect
            {...field('germanLevel')}
            label={label('germanLevel')}
            required
            value={v.germanLevel}
            onChange={(event) =>
              set('language', { germanLevel: cefrLevels.find((l) => l === event.currentTarget.value) ?? '' })
            }
            data={options(t, cefrLevels, (level) => t(`cases.codes.cefr.${level}`))}
            maw={320}
          />
          <Checkbox
            id={id('literacySupport')}
            label={t('cases.assessment.fields.literacySupport')}
            checked={v.literacySupport}
            onChange={(event) => set('language', { literacySupport: event.currentTarget.checked })}
          />
        </>
      );
    }
    case 'schooling': {
      const v = values.schooling;
      return (
        <>
          <NativeSelect
            {...field('highestQualification')}
            label={t('cases.assessment.fields.highestQualification')}
            required
            value={v.highestQualification}
            onChange={(event) =>
              set('schooling', {
                highestQualification: schoolQualifications.find((q) => q === event.currentTarget.value) ?? '',
              })
            }
            data={options(t, schoolQualifications, (q) => t(`cases.codes.qualifications.${q}`))}
            maw={420}
          />
          <TextInput
            {...field('yearsOfSchooling')}
            label={t('cases.assessment.fields.yearsOfSchooling')}
            inputMode="numeric"
            value={v.yearsOfSchooling}
            onChange={(event) => set('schooling', { yearsOfSchooling: event.currentTarget.value })}
            maw={200}
          />
          <Checkbox
            id={id('recognised')}
            label={t('cases.assessment.fields.recognised')}
            checked={v.recognised}
            onChange={(event) => set('schooling', { recognised: event.currentTarget.checked })}
          />
        </>
      );
    }
    case 'vocational': {
      const v = values.vocational;
      return (
        <>
          <TextInput
            {...field('workExperienceMonths')}
            label={t('cases.assessment.fields.workExperienceMonths')}
            inputMode="numeric"
            value={v.workExperienceMonths}
            onChange={(event) => set('vocational', { workExperienceMonths: event.currentTarget.value })}
            maw={240}
          />
          <TextInput
            {...field('occupations')}
            label={t('cases.assessment.fields.occupations')}
            value={v.occupations}
            onChange={(event) => set('vocational', { occupations: event.currentTarget.value })}
          />
          <TextInput
            {...field('vocationalGoal')}
            label={t('cases.assessment.fields.vocationalGoal')}
            value={v.vocationalGoal}
            onChange={(event) => set('vocational', { vocationalGoal: event.currentTarget.value })}
          />
        </>
      );
    }
    case 'health':
      return (
        <>
          <Text size="sm">{t('cases.assessment.fields.healthHint')}</Text>
          <Checkbox
            id={id('limitsWorkOrTraining')}
            label={t('cases.assessment.fields.limitsWorkOrTraining')}
            checked={values.health.limitsWorkOrTraining}
            onChange={(event) => set('health', { limitsWorkOrTraining: event.currentTarget.checked })}
          />
        </>
      );
    case 'childcare': {
      const v = values.childcare;
      return (
        <>
          <TextInput
            {...field('children')}
            label={t('cases.assessment.fields.children')}
            required
            inputMode="numeric"
            value={v.children}
            onChange={(event) => set('childcare', { children: event.currentTarget.value })}
            maw={200}
          />
          <Checkbox
            id={id('needsCare')}
            label={t('cases.assessment.fields.needsCare')}
            checked={v.needsCare}
            onChange={(event) => set('childcare', { needsCare: event.currentTarget.checked })}
          />
        </>
      );
    }
    case 'housing': {
      const v = values.housing;
      return (
        <>
          <NativeSelect
            {...field('accommodation')}
            label={t('cases.assessment.fields.accommodation')}
            required
            value={v.accommodation}
            onChange={(event) =>
              set('housing', { accommodation: accommodations.find((a) => a === event.currentTarget.value) ?? '' })
            }
            data={options(t, accommodations, (a) => t(`cases.codes.accommodations.${a}`))}
            maw={360}
          />
          <Checkbox
            id={id('housingSecured')}
            label={t('cases.assessment.fields.housingSecured')}
            checked={v.housingSecured}
            onChange={(event) => set('housing', { housingSecured: event.currentTarget.checked })}
          />
        </>
      );
    }
    case 'legal_status': {
      const v = values.legal_status;
      return (
        <>
          <NativeSelect
            {...field('residenceStatus')}
            label={t('cases.assessment.fields.residenceStatus')}
            value={v.residenceStatus}
            onChange={(event) =>
              set('legal_status', {
                residenceStatus: residenceStatuses.find((s) => s === event.currentTarget.value) ?? '',
              })
            }
            data={options(t, residenceStatuses, (s) => t(`cases.codes.residenceStatuses.${s}`))}
          />
          <NativeSelect
            {...field('workPermission')}
            label={t('cases.assessment.fields.workPermission')}
            value={v.workPermission}
            onChange={(event) =>
              set('legal_status', {
                workPermission: workPermissions.find((w) => w === event.currentTarget.value) ?? '',
              })
            }
            data={options(t, workPermissions, (w) => t(`cases.codes.workPermissions.${w}`))}
            maw={420}
          />
          <TextInput
            {...field('documentExpiry')}
            type="date"
            label={t('cases.assessment.fields.documentExpiry')}
            value={v.documentExpiry}
            onChange={(event) => set('legal_status', { documentExpiry: event.currentTarget.value })}
            maw={240}
          />
        </>
      );
    }
    case 'finances': {
      const v = values.finances;
      return (
        <>
          <Checkbox.Group
            label={t('cases.assessment.fields.benefits')}
            value={v.benefits}
            onChange={(selected) =>
              set('finances', { benefits: benefitKinds.filter((kind) => selected.includes(kind)) })
            }
            error={errorOf('finances.benefits')}
          >
            <Group gap="md" mt="xs">
              {benefitKinds.map((kind, index) => (
                <Checkbox
                  key={kind}
                  id={index === 0 ? id('benefits') : undefined}
                  value={kind}
                  label={t(`cases.codes.benefits.${kind}`)}
                />
              ))}
            </Group>
          </Checkbox.Group>
          <Checkbox
            id={id('debts')}
            label={t('cases.assessment.fields.debts')}
            checked={v.debts}
            onChange={(event) => set('finances', { debts: event.currentTarget.checked })}
          />
        </>
      );
    }
  }
}

function AssessmentForm({ record }: SectionProps) {
  const { t } = useTranslation();
  const create = useCreateAssessment(record.id);
  const idempotency = useIdempotency();
  const problemText = useProblemText();
  const failureText = useFailureText();
  const [values, setValues] = useState<AssessmentValues>(() =>
    assessmentValuesFrom(record.latestAssessment, localDateOf(new Date())),
  );
  const [problems, setProblems] = useState<FieldProblem<AssessmentField>[]>([]);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [round, setRound] = useState(0);
  const errorOf = (field: AssessmentField) => {
    const found = problems.find((item) => item.field === field);
    if (!found) return undefined;
    return field === 'areas' ? t('cases.assessment.noArea') : problemText(found.key);
  };
  const set = <A extends AssessmentArea>(area: A, change: Partial<AreaValues[A]>) =>
    setValues((current) => ({
      ...current,
      areas: { ...current.areas, [area]: { ...current.areas[area], ...change } },
    }));

  const submit = async () => {
    const next = round + 1;
    setRound(next);
    setNotice(null);
    const checked = toAssessmentRequest(values);
    if (!checked.ok) {
      setProblems(checked.problems);
      if (checked.problems.length === 0)
        setNotice({ kind: 'error', text: t('cases.common.errors.invalid'), round: next });
      return;
    }
    setProblems([]);
    try {
      await idempotency.send(checked.body, (idempotencyKey) =>
        create.mutateAsync({ body: checked.body, idempotencyKey }),
      );
      setNotice({ kind: 'success', text: t('cases.assessment.created'), round: next });
    } catch (error) {
      if (isProblem(error, 'validation_failed')) {
        const mapped = assessmentProblems(error.fieldErrors);
        if (mapped.length > 0) {
          setProblems(mapped);
          return;
        }
      }
      setNotice({ kind: 'error', text: failureText(error), round: next });
    }
  };

  return (
    <Paper withBorder p="md">
      <WorkForm
        id="assessment-form"
        title={t('cases.assessment.newTitle')}
        problems={problems.map((item) => ({
          id: item.field === 'areas' ? 'assessment-language-include' : assessmentFieldId(item.field),
          text: `${fieldLabel(t, item.field)}: ${item.field === 'areas' ? t('cases.assessment.noArea') : problemText(item.key)}`,
        }))}
        notice={notice}
        round={round}
        onSubmit={() => void submit()}
        submitLabel={t('cases.assessment.submit')}
        busy={create.isPending}
      >
        <Text>{t('cases.assessment.newHint')}</Text>
        <TextInput
          id={assessmentFieldId('assessedOn')}
          type="date"
          label={t('cases.assessment.assessedOn')}
          required
          value={values.assessedOn}
          error={errorOf('assessedOn')}
          onChange={(event) => {
            const assessedOn = event.currentTarget.value;
            setValues((current) => ({ ...current, assessedOn }));
          }}
          maw={240}
        />
        {errorOf('areas') ? (
          <Text c="red.9" size="sm" fw={600}>
            {errorOf('areas')}
          </Text>
        ) : null}
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          {assessmentAreas.map((area) => (
            <AreaFieldset
              key={area}
              area={area}
              values={values.areas[area]}
              onChange={(change) => set(area, change)}
              errorOf={errorOf}
            >
              <AreaFields area={area} values={values.areas} set={set} errorOf={errorOf} />
            </AreaFieldset>
          ))}
        </SimpleGrid>
        <Textarea
          id={assessmentFieldId('notes')}
          label={t('cases.assessment.notes')}
          autosize
          minRows={3}
          maxRows={12}
          value={values.notes}
          error={errorOf('notes')}
          onChange={(event) => {
            const notes = event.currentTarget.value;
            setValues((current) => ({ ...current, notes }));
          }}
        />
      </WorkForm>
    </Paper>
  );
}

function History({ caseId, latestId }: { caseId: string; latestId: string | null }) {
  const { t, i18n } = useTranslation();
  const list = useAssessments(caseId);
  const items = (list.data?.pages.flatMap((page) => page.items) ?? []).filter((item) => item.id !== latestId);
  return (
    <section aria-labelledby="assessment-history-title">
      <Title order={3} id="assessment-history-title" mb="sm">
        {t('cases.assessment.history')}
      </Title>
      {list.isPending ? <Loading text={t('cases.common.loading')} /> : null}
      {list.isError && !list.data ? (
        <LoadFailed error={list.error} failed={t('cases.assessment.loadFailed')} onRetry={() => void list.refetch()} />
      ) : null}
      {list.data && items.length === 0 ? <Text>{t('cases.common.none')}</Text> : null}
      {items.length > 0 ? (
        <Table.ScrollContainer minWidth={560}>
          <Table withTableBorder striped verticalSpacing="xs" captionSide="top">
            <Table.Caption>{t('cases.assessment.historyCaption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('cases.assessment.assessedOn')}</Table.Th>
                <Table.Th scope="col">{t('cases.assessment.supportAreas')}</Table.Th>
                <Table.Th scope="col">{t('cases.assessment.notes')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <Table.Tr key={item.id}>
                  <Table.Th scope="row" fw={400}>
                    {formatDate(item.assessedOn, i18n.language)}
                  </Table.Th>
                  <Table.Td>
                    {item.supportAreas.length > 0
                      ? item.supportAreas.map((area) => t(`cases.areas.${area}`)).join(', ')
                      : t('cases.assessment.noSupport')}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{item.notes ?? '–'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {list.hasNextPage ? (
        <Group mt="sm">
          <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('cases.common.loadMore')}
          </Button>
        </Group>
      ) : null}
    </section>
  );
}

/** The needs assessment: the latest one in full, earlier ones, and recording a new one. */
export function AssessmentSection(props: SectionProps) {
  const { t, i18n } = useTranslation();
  const { record, abilities } = props;
  const latest = record.latestAssessment;
  return (
    <Stack gap="lg">
      <Title order={2} id="case-section-title">
        {t('cases.assessment.title')}
      </Title>
      {latest ? (
        <Stack gap="xs">
          <AssessmentView
            assessment={latest}
            caption={t('cases.assessment.latest', { date: formatDate(latest.assessedOn, i18n.language) })}
          />
          <Text>
            <Text span fw={700}>
              {t('cases.assessment.supportAreas')}:
            </Text>{' '}
            {latest.supportAreas.length > 0
              ? latest.supportAreas.map((area) => t(`cases.areas.${area}`)).join(', ')
              : t('cases.assessment.noSupport')}
          </Text>
        </Stack>
      ) : (
        <Text>{t('cases.assessment.none')}</Text>
      )}
      {abilities.work ? <AssessmentForm {...props} /> : null}
      {record.counts.assessments > 1 ? <History caseId={record.id} latestId={latest?.id ?? null} /> : null}
    </Stack>
  );
}
