import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  goalSchema,
  stepSchema,
  type CreateGoal,
  type CreateStep,
  type Goal,
  type Step,
  type UpdateGoal,
  type UpdateStep,
} from '../../../../cases/case-work.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { casePath, ifMatch, refreshCase } from './case-keys.ts';

export function createGoal(caseId: string, body: CreateGoal, idempotencyKey: string): Promise<Goal> {
  return requestJson('POST', casePath(caseId, 'goals'), {
    body,
    schema: goalSchema,
    headers: { 'idempotency-key': idempotencyKey },
  });
}

export function updateGoal(caseId: string, goal: Pick<Goal, 'id' | 'version'>, body: UpdateGoal): Promise<Goal> {
  return requestJson('PATCH', casePath(caseId, 'goals', goal.id), {
    body,
    schema: goalSchema,
    headers: ifMatch(goal.version),
  });
}

export function createStep(caseId: string, goalId: string, body: CreateStep, idempotencyKey: string): Promise<Step> {
  return requestJson('POST', casePath(caseId, 'goals', goalId, 'steps'), {
    body,
    schema: stepSchema,
    headers: { 'idempotency-key': idempotencyKey },
  });
}

export function updateStep(caseId: string, step: Pick<Step, 'id' | 'version'>, body: UpdateStep): Promise<Step> {
  return requestJson('PATCH', casePath(caseId, 'steps', step.id), {
    body,
    schema: stepSchema,
    headers: ifMatch(step.version),
  });
}

type PlanChange =
  | { kind: 'createGoal'; body: CreateGoal; idempotencyKey: string }
  | { kind: 'updateGoal'; goal: Pick<Goal, 'id' | 'version'>; body: UpdateGoal }
  | { kind: 'createStep'; goalId: string; body: CreateStep; idempotencyKey: string }
  | { kind: 'updateStep'; step: Pick<Step, 'id' | 'version'>; body: UpdateStep };

function send(caseId: string, change: PlanChange): Promise<Goal | Step> {
  switch (change.kind) {
    case 'createGoal':
      return createGoal(caseId, change.body, change.idempotencyKey);
    case 'updateGoal':
      return updateGoal(caseId, change.goal, change.body);
    case 'createStep':
      return createStep(caseId, change.goalId, change.body, change.idempotencyKey);
    case 'updateStep':
      return updateStep(caseId, change.step, change.body);
  }
}

/** Changes of the plan; the goals come with the case, which is reloaded after each (status, warnings). */
export function useChangePlan(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: PlanChange) => send(caseId, change),
    onSuccess: () => refreshCase(queryClient, caseId),
  });
}
