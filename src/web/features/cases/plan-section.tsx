import type { TFunction } from 'i18next';
import { Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../accounts/profile.schema.ts';
import type { Goal, Step } from '../../../cases/case-work.schema.ts';
import { useAssignableUsers } from './api/assignable-users.ts';
import { useChangePlan } from './api/plan.ts';
import { candidateLabel, stepOwnerCandidates, type Candidate } from './assignment-candidates.ts';
import type { SectionProps } from './case-abilities.ts';
import { useIdempotency, WorkForm } from './form-kit.tsx';
import { useWorkForm } from './use-work-form.ts';
import { formatDate } from './format.ts';
import {
  EMPTY_GOAL,
  EMPTY_STEP,
  GOAL_AREAS,
  GOAL_STATUSES,
  goalProblems,
  goalValuesOf,
  STEP_STATUSES,
  stepProblems,
  stepValuesOf,
  toCreateGoal,
  toCreateStep,
  toUpdateGoal,
  toUpdateStep,
  type GoalField,
  type GoalValues,
  type StepField,
  type StepValues,
} from './plan-values.ts';

type Translate = TFunction;

function goalLabel(t: Translate, field: GoalField): string {
  return {
    title: t('cases.plan.goalTitle'),
    area: t('cases.plan.area'),
    dueOn: t('cases.plan.dueOn'),
    status: t('cases.plan.status'),
  }[field];
}

function stepLabel(t: Translate, field: StepField): string {
  return {
    title: t('cases.plan.step'),
    ownerUserId: t('cases.plan.owner'),
    dueOn: t('cases.plan.dueOn'),
    status: t('cases.plan.status'),
    doneOn: t('cases.plan.doneOn'),
  }[field];
}

/** A goal's form: to add one (without status) or to change one (with status, If-Match of its version). */
function GoalForm({
  caseId,
  goal,
  onDone,
  onReload,
  reloading,
}: {
  caseId: string;
  goal?: Goal;
  onDone?: () => void;
  onReload: SectionProps['onReload'];
  reloading: boolean;
}) {
  const { t } = useTranslation();
  const change = useChangePlan(caseId);
  const idempotency = useIdempotency();
  const prefix = goal ? `goal-${goal.id}` : 'goal-new';
  const form = useWorkForm<GoalValues, GoalField>(() => (goal ? goalValuesOf(goal) : EMPTY_GOAL));
  const { values, set, errorOf } = form;

  const submit = () =>
    goal
      ? form.submit({
          checked: toUpdateGoal(values, goal),
          skipEmpty: true,
          problemsOf: goalProblems,
          send: async (body) => {
            await change.mutateAsync({ kind: 'updateGoal', goal, body });
            return t('cases.plan.goalSaved');
          },
          onStale: async () => {
            const result = await onReload();
            const current = result.data?.goals.find((item) => item.id === goal.id);
            if (current) form.setValues(goalValuesOf(current));
            return t('cases.plan.goalStale');
          },
        })
      : form.submit({
          checked: toCreateGoal(values),
          problemsOf: goalProblems,
          send: async (body) => {
            await idempotency.send(body, (idempotencyKey) =>
              change.mutateAsync({ kind: 'createGoal', body, idempotencyKey }),
            );
            form.setValues(EMPTY_GOAL);
            return t('cases.plan.goalCreated');
          },
        });

  return (
    <WorkForm
      id={`${prefix}-form`}
      title={goal ? t('cases.plan.editGoal', { goal: goal.title }) : t('cases.plan.addGoal')}
      order={goal ? 4 : 3}
      problems={form.summary(
        (field) => goalLabel(t, field),
        (field) => `${prefix}-${field}`,
      )}
      notice={form.notice}
      round={form.round}
      onSubmit={() => void submit()}
      reloading={reloading}
      submitLabel={goal ? t('cases.common.save') : t('cases.plan.submitGoal')}
      busy={change.isPending}
      extraActions={
        onDone ? (
          <Button type="button" variant="default" onClick={onDone}>
            {t('cases.common.cancel')}
          </Button>
        ) : null
      }
    >
      <TextInput
        id={`${prefix}-title`}
        label={goalLabel(t, 'title')}
        required
        value={values.title}
        error={errorOf('title')}
        onChange={(event) => set('title', event.currentTarget.value)}
        autoFocus={goal !== undefined}
      />
      <Group align="flex-start" gap="md">
        <NativeSelect
          id={`${prefix}-area`}
          label={goalLabel(t, 'area')}
          value={values.area}
          error={errorOf('area')}
          onChange={(event) => set('area', GOAL_AREAS.find((area) => area === event.currentTarget.value) ?? '')}
          data={[
            { value: '', label: t('cases.plan.noArea') },
            ...GOAL_AREAS.map((area) => ({ value: area, label: t(`cases.areas.${area}`) })),
          ]}
        />
        <TextInput
          id={`${prefix}-dueOn`}
          type="date"
          label={goalLabel(t, 'dueOn')}
          value={values.dueOn}
          error={errorOf('dueOn')}
          onChange={(event) => set('dueOn', event.currentTarget.value)}
        />
        {goal ? (
          <NativeSelect
            id={`${prefix}-status`}
            label={goalLabel(t, 'status')}
            value={values.status}
            error={errorOf('status')}
            onChange={(event) =>
              set('status', GOAL_STATUSES.find((status) => status === event.currentTarget.value) ?? 'open')
            }
            data={GOAL_STATUSES.map((status) => ({ value: status, label: t(`cases.goalStatuses.${status}`) }))}
          />
        ) : null}
      </Group>
    </WorkForm>
  );
}

function ownerOptions(t: Translate, candidates: readonly Candidate[], current: { id: string; name: string } | null) {
  const known = current && !candidates.some((candidate) => candidate.userId === current.id) ? [current] : [];
  return [
    { value: '', label: t('cases.plan.noOwner') },
    ...candidates.map((candidate) => ({
      value: candidate.userId,
      label: candidateLabel(candidate, (name) => t('cases.assignments.me', { name })),
    })),
    ...known.map((owner) => ({ value: owner.id, label: owner.name })),
  ];
}

/** A step's form: to add one to a goal, or to change one (status, done on; If-Match of its version). */
function StepForm({
  caseId,
  goal,
  step,
  candidates,
  onDone,
  onReload,
}: {
  caseId: string;
  goal: Goal;
  step?: Step;
  candidates: readonly Candidate[];
  onDone?: () => void;
  onReload: SectionProps['onReload'];
}) {
  const { t } = useTranslation();
  const change = useChangePlan(caseId);
  const idempotency = useIdempotency();
  const prefix = step ? `step-${step.id}` : `step-new-${goal.id}`;
  const form = useWorkForm<StepValues, StepField>(() => (step ? stepValuesOf(step) : EMPTY_STEP));
  const { values, set, errorOf } = form;

  const submit = () =>
    step
      ? form.submit({
          checked: toUpdateStep(values, step),
          skipEmpty: true,
          problemsOf: stepProblems,
          send: async (body) => {
            await change.mutateAsync({ kind: 'updateStep', step, body });
            return t('cases.plan.stepSaved');
          },
          onStale: async () => {
            const result = await onReload();
            const current = result.data?.goals.flatMap((item) => item.steps).find((item) => item.id === step.id);
            if (current) form.setValues(stepValuesOf(current));
            return t('cases.plan.stepStale');
          },
        })
      : form.submit({
          checked: toCreateStep(values),
          problemsOf: stepProblems,
          send: async (body) => {
            await idempotency.send(body, (idempotencyKey) =>
              change.mutateAsync({ kind: 'createStep', goalId: goal.id, body, idempotencyKey }),
            );
            form.setValues(EMPTY_STEP);
            return t('cases.plan.stepCreated');
          },
        });

  const current = step?.ownerUserId ? { id: step.ownerUserId, name: step.ownerName ?? step.ownerUserId } : null;
  return (
    <WorkForm
      id={`${prefix}-form`}
      title={step ? t('cases.plan.editStep', { step: step.title }) : t('cases.plan.addStep', { goal: goal.title })}
      order={4}
      problems={form.summary(
        (field) => stepLabel(t, field),
        (field) => `${prefix}-${field}`,
      )}
      notice={form.notice}
      round={form.round}
      onSubmit={() => void submit()}
      submitLabel={step ? t('cases.common.save') : t('cases.plan.submitStep')}
      busy={change.isPending}
      extraActions={
        onDone ? (
          <Button type="button" variant="default" onClick={onDone}>
            {t('cases.common.cancel')}
          </Button>
        ) : null
      }
    >
      <TextInput
        id={`${prefix}-title`}
        label={stepLabel(t, 'title')}
        required
        value={values.title}
        error={errorOf('title')}
        onChange={(event) => set('title', event.currentTarget.value)}
        autoFocus={step !== undefined}
      />
      <Group align="flex-start" gap="md">
        <NativeSelect
          id={`${prefix}-ownerUserId`}
          label={stepLabel(t, 'ownerUserId')}
          value={values.ownerUserId}
          error={errorOf('ownerUserId')}
          onChange={(event) => set('ownerUserId', event.currentTarget.value)}
          data={ownerOptions(t, candidates, current)}
        />
        <TextInput
          id={`${prefix}-dueOn`}
          type="date"
          label={stepLabel(t, 'dueOn')}
          value={values.dueOn}
          error={errorOf('dueOn')}
          onChange={(event) => set('dueOn', event.currentTarget.value)}
        />
        {step ? (
          <NativeSelect
            id={`${prefix}-status`}
            label={stepLabel(t, 'status')}
            value={values.status}
            error={errorOf('status')}
            onChange={(event) =>
              set('status', STEP_STATUSES.find((status) => status === event.currentTarget.value) ?? 'open')
            }
            data={STEP_STATUSES.map((status) => ({ value: status, label: t(`cases.stepStatuses.${status}`) }))}
          />
        ) : null}
        {step && values.status === 'done' ? (
          <TextInput
            id={`${prefix}-doneOn`}
            type="date"
            label={stepLabel(t, 'doneOn')}
            value={values.doneOn}
            error={errorOf('doneOn')}
            onChange={(event) => set('doneOn', event.currentTarget.value)}
          />
        ) : null}
      </Group>
    </WorkForm>
  );
}

function StepsTable({
  goal,
  editable,
  onEdit,
}: {
  goal: Goal;
  editable: boolean;
  onEdit: (step: Step, button: HTMLButtonElement) => void;
}) {
  const { t, i18n } = useTranslation();
  if (goal.steps.length === 0) return <Text>{t('cases.plan.noSteps')}</Text>;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table withTableBorder striped verticalSpacing="xs" captionSide="top">
        <Table.Caption>{t('cases.plan.stepsCaption', { goal: goal.title })}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('cases.plan.step')}</Table.Th>
            <Table.Th scope="col">{t('cases.plan.owner')}</Table.Th>
            <Table.Th scope="col">{t('cases.plan.dueOn')}</Table.Th>
            <Table.Th scope="col">{t('cases.plan.status')}</Table.Th>
            {editable ? <Table.Th scope="col">{t('cases.assignments.actions')}</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {goal.steps.map((step) => (
            <Table.Tr key={step.id}>
              <Table.Th scope="row" fw={400} style={{ overflowWrap: 'anywhere' }}>
                {step.title}
              </Table.Th>
              <Table.Td>{step.ownerName ?? t('cases.plan.noOwner')}</Table.Td>
              <Table.Td>
                {step.dueOn ? formatDate(step.dueOn, i18n.language) : '–'}
                {step.overdue ? (
                  <Text span fw={700} c="red.9">
                    {' '}
                    ({t('cases.plan.overdue')})
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                {t(`cases.stepStatuses.${step.status}`)}
                {step.doneOn ? ` (${formatDate(step.doneOn, i18n.language)})` : ''}
              </Table.Td>
              {editable ? (
                <Table.Td>
                  <Button
                    variant="default"
                    size="xs"
                    aria-label={t('cases.plan.editStep', { step: step.title })}
                    onClick={(event) => onEdit(step, event.currentTarget)}
                  >
                    {t('cases.common.edit')}
                  </Button>
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function GoalCard({
  goal,
  editable,
  candidates,
  caseId,
  onReload,
  reloading,
}: {
  goal: Goal;
  editable: boolean;
  candidates: readonly Candidate[];
  caseId: string;
  onReload: SectionProps['onReload'];
  reloading: boolean;
}) {
  const { t, i18n } = useTranslation();
  const [editingGoal, setEditingGoal] = useState(false);
  const [editingStep, setEditingStep] = useState<string | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const close = (done: () => void) => () => {
    done();
    // Back to the button that opened the form, so that keyboard users continue where they were.
    requestAnimationFrame(() => opener.current?.focus());
  };
  const step = goal.steps.find((item) => item.id === editingStep);
  const titleId = `goal-${goal.id}-title`;
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Title order={3} id={titleId} style={{ overflowWrap: 'anywhere' }}>
          {goal.title}
        </Title>
        <Text>
          {t('cases.plan.area')}: {goal.area ? t(`cases.areas.${goal.area}`) : t('cases.plan.noArea')} ·{' '}
          {t('cases.plan.dueOn')}: {goal.dueOn ? formatDate(goal.dueOn, i18n.language) : '–'} · {t('cases.plan.status')}
          :{' '}
          <Text span fw={700}>
            {t(`cases.goalStatuses.${goal.status}`)}
          </Text>
        </Text>
        {editable && !editingGoal ? (
          <div>
            <Button
              variant="default"
              size="sm"
              onClick={(event) => {
                opener.current = event.currentTarget;
                setEditingGoal(true);
              }}
            >
              {t('cases.plan.editGoal', { goal: goal.title })}
            </Button>
          </div>
        ) : null}
        {editable && editingGoal ? (
          <GoalForm
            caseId={caseId}
            goal={goal}
            onDone={close(() => setEditingGoal(false))}
            onReload={onReload}
            reloading={reloading}
          />
        ) : null}
        <Title order={4}>{t('cases.plan.steps')}</Title>
        <StepsTable
          goal={goal}
          editable={editable}
          onEdit={(item, button) => {
            opener.current = button;
            setEditingStep(item.id);
          }}
        />
        {editable && step ? (
          <StepForm
            key={step.id}
            caseId={caseId}
            goal={goal}
            step={step}
            candidates={candidates}
            onDone={close(() => setEditingStep(null))}
            onReload={onReload}
          />
        ) : null}
        {editable ? <StepForm caseId={caseId} goal={goal} candidates={candidates} onReload={onReload} /> : null}
      </Stack>
    </Paper>
  );
}

/** The plan: goals with their steps (owner, due date, status), adding and changing them. */
export function PlanSection(props: SectionProps & { me: Me }) {
  const { t } = useTranslation();
  const { record, abilities, me, onReload, reloading } = props;
  // Participation managers may list everyone who can work on the case; a coach picks among those assigned.
  const listColleagues = abilities.work && abilities.assign;
  const managers = useAssignableUsers(record.id, 'participation_manager', listColleagues);
  const coaches = useAssignableUsers(record.id, 'coach', listColleagues);
  const candidates = stepOwnerCandidates(record, me, [...(managers.data?.items ?? []), ...(coaches.data?.items ?? [])]);
  return (
    <Stack gap="lg">
      <Title order={2} id="case-section-title">
        {t('cases.plan.title')}
      </Title>
      {record.goals.length === 0 ? <Text>{t('cases.plan.none')}</Text> : null}
      {record.goals.map((goal) => (
        <GoalCard
          key={goal.id}
          goal={goal}
          editable={abilities.work}
          candidates={candidates}
          caseId={record.id}
          onReload={onReload}
          reloading={reloading}
        />
      ))}
      {abilities.work ? (
        <Paper withBorder p="md">
          <GoalForm caseId={record.id} onReload={onReload} reloading={reloading} />
        </Paper>
      ) : null}
    </Stack>
  );
}
