// The save flow both policy forms share: check, skip an unchanged policy, save with If-Match of the loaded
// version behind a recent sign-in (step-up), show a stale version (412) with a reload, map field errors.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/form-error.tsx';
import { StepUpCancelled, useStepUp } from '../../components/step-up.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { Outcome, ProblemSummary, StaleNotice } from './feedback.tsx';
import type { Checked } from './policy-form-values.ts';

type Message = { kind: 'saved' | 'noChanges' | 'failed'; round: number };

export function usePolicyForm<P, V, F extends string, Pr extends string, B>({
  policy,
  valuesOf,
  check,
  changed,
  save,
  busy,
  problemsOf,
  onReload,
}: {
  policy: P;
  /** The form's values for a stored policy (also after saving: the form continues from what was stored). */
  valuesOf: (policy: P) => V;
  check: (values: V) => Checked<B, F, Pr>;
  changed: (body: B) => boolean;
  /** Saves with If-Match of the loaded version; answers the stored policy. */
  save: (body: B) => Promise<P>;
  busy: boolean;
  problemsOf: (reported: readonly { field: string; code: string }[]) => { field: F; problem: Pr }[];
  onReload: () => Promise<{ data?: P }>;
}) {
  const stepUp = useStepUp();
  const [values, setValues] = useState<V>(() => valuesOf(policy));
  const [problems, setProblems] = useState<{ field: F; problem: Pr }[]>([]);
  const [message, setMessage] = useState<Message | null>(null);
  const [stale, setStale] = useState(false);
  const [round, setRound] = useState(0);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const next = round + 1;
    setRound(next);
    setMessage(null);
    const checked = check(values);
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    setProblems([]);
    if (!changed(checked.body)) {
      setMessage({ kind: 'noChanges', round: next });
      return;
    }
    try {
      const saved = await stepUp.run(() => save(checked.body));
      setValues(valuesOf(saved));
      setMessage({ kind: 'saved', round: next });
    } catch (error) {
      if (error instanceof StepUpCancelled) return;
      if (isProblem(error, 'precondition_failed')) {
        setStale(true);
        return;
      }
      if (isProblem(error, 'validation_failed')) {
        const mapped = problemsOf(error.fieldErrors);
        if (mapped.length > 0) {
          setProblems(mapped);
          return;
        }
      }
      setMessage({ kind: 'failed', round: next });
    }
  };

  const reload = async () => {
    const result = await onReload();
    if (result.data) setValues(valuesOf(result.data));
    setStale(false);
    setMessage(null);
  };

  return { values, setValues, problems, message, stale, round, submit, reload, stepUpDialog: stepUp.dialog };
}

/** Above the fields: the problem summary, the stale notice, and the outcome of the last attempt. */
export function PolicyFeedback({
  form,
  summary,
  reloading,
}: {
  form: Pick<ReturnType<typeof usePolicyForm>, 'problems' | 'message' | 'stale' | 'round' | 'reload'>;
  summary: { id: string; text: string }[];
  reloading: boolean;
}) {
  const { t } = useTranslation();
  const { message } = form;
  return (
    <>
      {form.problems.length > 0 ? <ProblemSummary key={form.round} problems={summary} /> : null}
      {form.stale ? <StaleNotice onReload={() => void form.reload()} reloading={reloading} /> : null}
      {message?.kind === 'failed' ? <FormError key={message.round}>{t('cases.common.errors.failed')}</FormError> : null}
      {message && message.kind !== 'failed' ? (
        <Outcome key={message.round}>
          {message.kind === 'saved' ? t('cases.policy.saved') : t('cases.policy.noChanges')}
        </Outcome>
      ) : null}
    </>
  );
}
