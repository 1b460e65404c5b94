// "Add …" on the participant page: a button that opens a small form for one sub-record; the form checks the
// entry with the shared schema, sends it with the record's version (If-Match) and reports what happened.
import { Button, Group, Paper, Stack, Title } from '@mantine/core';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Participant } from '../../../participants/participant.schema.ts';
import { ChangeNotice, useChange } from './detail-parts.tsx';
import { Outcome } from './feedback.tsx';
import { ProblemSummary, useProblemTexts } from './form-parts.tsx';
import type { Checked, FormProblem } from './form-problems.ts';

export function RecordAdder<V, B>({
  participant,
  prefix,
  openLabel,
  title,
  submitLabel,
  doneText,
  initial,
  firstFieldId,
  check,
  send,
  fields,
  onReload,
  reloading,
}: {
  participant: Participant;
  prefix: string;
  openLabel: string;
  title: string;
  submitLabel: string;
  doneText: string;
  initial: V;
  firstFieldId: string;
  check: (values: V) => Checked<B>;
  send: (body: B) => Promise<unknown>;
  fields: (values: V, onChange: (next: V) => void, errors: Record<string, string>) => ReactNode;
  onReload: () => Promise<unknown>;
  reloading: boolean;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState(initial);
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<number | null>(null);
  const change = useChange(participant);
  const errors = useProblemTexts(problems);
  const openButton = useRef<HTMLButtonElement>(null);
  const titleId = useId();

  useEffect(() => {
    if (open) document.getElementById(firstFieldId)?.focus();
  }, [open, firstFieldId]);

  const close = () => {
    setOpen(false);
    setValues(initial);
    setProblems([]);
    change.setMessage(null);
    requestAnimationFrame(() => openButton.current?.focus());
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const checked = check(values);
    if (!checked.ok) {
      setProblems(checked.problems);
      change.setMessage(null);
      return;
    }
    setProblems([]);
    setBusy(true);
    const outcome = await change.run(() => send(checked.body), doneText);
    setBusy(false);
    if (outcome.ok) {
      setOpen(false);
      setValues(initial);
      change.setMessage(null);
      setDone((count) => (count ?? 0) + 1);
    } else {
      setProblems(outcome.problems);
    }
  };

  if (!open) {
    return (
      <Stack gap="sm">
        {done !== null ? <Outcome key={done}>{doneText}</Outcome> : null}
        <Group>
          <Button
            ref={openButton}
            variant="default"
            onClick={() => {
              setDone(null);
              setOpen(true);
            }}
          >
            {openLabel}
          </Button>
        </Group>
      </Stack>
    );
  }
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-labelledby={titleId}
    >
      <Stack gap="md">
        <Title order={3} size="h4" id={titleId}>
          {title}
        </Title>
        {problems.length > 0 ? <ProblemSummary key={change.round} problems={problems} prefix={prefix} /> : null}
        <ChangeNotice message={change.message} reloading={reloading} onReload={() => void onReload().then(close)} />
        {fields(values, setValues, errors)}
        <Group>
          <Button type="submit" loading={busy}>
            {submitLabel}
          </Button>
          <Button type="button" variant="default" onClick={close}>
            {t('participants.records.cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
