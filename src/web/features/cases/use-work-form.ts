// The state and the submit flow every form of the case page shares: values, problems per field, the outcome
// of the last attempt and the attempt count (so that a repeated message is announced again).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem } from '../../lib/api-request.ts';
import type { Checked, FieldProblem, Issue } from './form-problems.ts';
import { useFailureText, useProblemText, type Notice } from './form-kit.tsx';

export interface Attempt<B, F extends string> {
  /** The values checked against the shared schema. */
  checked: Checked<B, F>;
  /** Sends the body; answers the text of the success notice. */
  send: (body: B) => Promise<string>;
  /** Server field errors → problems on the form's fields. */
  problemsOf: (issues: readonly Issue[]) => FieldProblem<F>[];
  /** An update that changes nothing is not sent: "no changes" instead. */
  skipEmpty?: boolean;
  /** Problem codes whose field errors belong on the fields (default: validation_failed). */
  fieldCodes?: readonly string[];
  /** A stale version (412): reloads the current one into the form; answers the text to show. */
  onStale?: () => Promise<string>;
}

export function useWorkForm<V extends object, F extends string>(initial: () => V) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const failureText = useFailureText();
  const [values, setValues] = useState<V>(initial);
  const [problems, setProblems] = useState<FieldProblem<F>[]>([]);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [round, setRound] = useState(0);
  const set = <K extends keyof V>(key: K, value: V[K]) => setValues((current) => ({ ...current, [key]: value }));
  const errorOf = (field: F) => {
    const found = problems.find((item) => item.field === field);
    return found ? problemText(found.key) : undefined;
  };
  /** The problem summary's entries: label of the field and its problem, linked to the field's id. */
  const summary = (labelOf: (field: F) => string, idOf: (field: F) => string) =>
    problems.map((item) => ({ id: idOf(item.field), text: `${labelOf(item.field)}: ${problemText(item.key)}` }));

  const submit = async <B>({ checked, send, problemsOf, skipEmpty, fieldCodes, onStale }: Attempt<B, F>) => {
    const next = round + 1;
    setRound(next);
    setNotice(null);
    if (!checked.ok) {
      setProblems(checked.problems);
      if (checked.problems.length === 0)
        setNotice({ kind: 'error', text: t('cases.common.errors.invalid'), round: next });
      return;
    }
    setProblems([]);
    if (skipEmpty && Object.keys(checked.body as object).length === 0) {
      setNotice({ kind: 'success', text: t('cases.intake.noChanges'), round: next });
      return;
    }
    try {
      const text = await send(checked.body);
      setNotice({ kind: 'success', text, round: next });
    } catch (error) {
      if (onStale && isProblem(error, 'precondition_failed')) {
        const text = await onStale();
        setNotice({ kind: 'error', text, round: next });
        return;
      }
      if ((fieldCodes ?? ['validation_failed']).some((code) => isProblem(error, code)) && isProblem(error)) {
        const mapped = problemsOf(error.fieldErrors);
        if (mapped.length > 0) {
          setProblems(mapped);
          return;
        }
      }
      setNotice({ kind: 'error', text: failureText(error), round: next });
    }
  };

  return { values, setValues, set, problems, errorOf, summary, notice, round, submit };
}
