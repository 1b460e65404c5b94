import {
  Alert,
  Button,
  DataList,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Case, ExitCase } from '../../../cases/case.schema.ts';
import { isProblem } from '../../lib/api-request.ts';
import { useChangeCase } from './api/update-case.ts';
import type { SectionProps } from './case-abilities.ts';
import type { FieldProblem } from './form-problems.ts';
import { Outcome, useFailureText, useProblemText, WorkForm, type Notice } from './form-kit.tsx';
import { formatDate, localDateOf } from './format.ts';
import {
  CASE_OUTCOMES,
  exitProblems,
  newExitValues,
  toExitCase,
  toFollowUp,
  type ExitField,
  type ExitValues,
} from './work-values.ts';

function OutcomeFields({
  prefix,
  values,
  onChange,
  errorOf,
  labels,
}: {
  prefix: string;
  values: ExitValues;
  onChange: (values: ExitValues) => void;
  errorOf: (field: ExitField) => string | undefined;
  labels: Record<ExitField, string>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Group align="flex-start" gap="md">
        <TextInput
          id={`${prefix}-date`}
          type="date"
          label={labels.date}
          required
          value={values.date}
          error={errorOf('date')}
          onChange={(event) => onChange({ ...values, date: event.currentTarget.value })}
        />
        <NativeSelect
          id={`${prefix}-outcome`}
          label={labels.outcome}
          required
          value={values.outcome}
          error={errorOf('outcome')}
          onChange={(event) =>
            onChange({
              ...values,
              outcome: CASE_OUTCOMES.find((outcome) => outcome === event.currentTarget.value) ?? '',
            })
          }
          data={[
            { value: '', label: t('cases.common.chooseOne') },
            ...CASE_OUTCOMES.map((outcome) => ({ value: outcome, label: t(`cases.outcomes.${outcome}`) })),
          ]}
        />
      </Group>
      <Textarea
        id={`${prefix}-notes`}
        label={labels.notes}
        autosize
        minRows={2}
        maxRows={8}
        value={values.notes}
        error={errorOf('notes')}
        onChange={(event) => onChange({ ...values, notes: event.currentTarget.value })}
      />
    </>
  );
}

/** The last word before an exit that cannot be undone; takes focus so that it is read out at once. */
function ExitConfirmation({
  onConfirm,
  onCancel,
  busy,
}: {
  onConfirm: () => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      color="red.9"
      variant="outline"
      role="alertdialog"
      aria-labelledby="exit-confirm-title"
      aria-describedby="exit-confirm-text"
      title={<span id="exit-confirm-title">{t('cases.exit.confirmTitle')}</span>}
    >
      <Text id="exit-confirm-text" mb="sm">
        {t('cases.exit.confirmText')}
      </Text>
      <Group>
        <Button color="red.9" loading={busy} onClick={onConfirm}>
          {t('cases.exit.confirmButton')}
        </Button>
        <Button variant="default" onClick={onCancel}>
          {t('cases.common.cancel')}
        </Button>
      </Group>
    </Alert>
  );
}

function ExitForm({ record, onReload, reloading, onDone }: SectionProps & { onDone: () => void }) {
  const { t } = useTranslation();
  const change = useChangeCase(record.id);
  const problemText = useProblemText();
  const failureText = useFailureText();
  const [values, setValues] = useState<ExitValues>(() => newExitValues(localDateOf(new Date())));
  const [problems, setProblems] = useState<FieldProblem<ExitField>[]>([]);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [round, setRound] = useState(0);
  const [pending, setPending] = useState<ExitCase | null>(null);
  const labels: Record<ExitField, string> = {
    date: t('cases.exit.exitedOn'),
    outcome: t('cases.exit.outcome'),
    notes: t('cases.exit.notes'),
  };
  const errorOf = (field: ExitField) => {
    const found = problems.find((item) => item.field === field);
    return found ? problemText(found.key) : undefined;
  };

  // First step: check, then ask for confirmation.
  const submit = () => {
    const next = round + 1;
    setRound(next);
    setNotice(null);
    const checked = toExitCase(values);
    if (!checked.ok) {
      setProblems(checked.problems);
      if (checked.problems.length === 0)
        setNotice({ kind: 'error', text: t('cases.common.errors.invalid'), round: next });
      return;
    }
    setProblems([]);
    setPending(checked.body);
  };

  const confirm = async (body: ExitCase) => {
    const next = round + 1;
    setRound(next);
    try {
      await change.mutateAsync({ kind: 'exit', version: record.version, body });
      setPending(null);
      // The page now shows the exited case; its summary announces the follow-up date.
      onDone();
    } catch (error) {
      setPending(null);
      if (isProblem(error, 'precondition_failed')) {
        setNotice({ kind: 'stale', round: next });
        return;
      }
      if (isProblem(error, 'validation_failed')) {
        const mapped = exitProblems(error.fieldErrors);
        if (mapped.length > 0) {
          setProblems(mapped);
          return;
        }
      }
      setNotice({ kind: 'error', text: failureText(error), round: next });
    }
  };

  const reload = async () => {
    await onReload();
    setNotice({ kind: 'success', text: t('cases.common.stale.reloaded'), round: round + 1 });
    setRound((value) => value + 1);
  };

  return (
    <Paper withBorder p="md">
      <WorkForm
        id="exit-form"
        title={t('cases.exit.submit')}
        problems={problems.map((item) => ({
          id: `exit-${item.field}`,
          text: `${labels[item.field]}: ${problemText(item.key)}`,
        }))}
        notice={notice}
        round={round}
        onSubmit={submit}
        onReload={() => void reload()}
        reloading={reloading}
        submitLabel={t('cases.exit.submit')}
        busy={change.isPending || pending !== null}
      >
        <OutcomeFields prefix="exit" values={values} onChange={setValues} errorOf={errorOf} labels={labels} />
        {pending ? (
          <ExitConfirmation
            busy={change.isPending}
            onConfirm={() => void confirm(pending)}
            onCancel={() => {
              setPending(null);
              requestAnimationFrame(() => document.getElementById('exit-date')?.focus());
            }}
          />
        ) : null}
      </WorkForm>
    </Paper>
  );
}

function FollowUpForm({ record, onReload, reloading, onDone }: SectionProps & { onDone: () => void }) {
  const { t } = useTranslation();
  const change = useChangeCase(record.id);
  const problemText = useProblemText();
  const failureText = useFailureText();
  const [values, setValues] = useState<ExitValues>(() => newExitValues(localDateOf(new Date())));
  const [problems, setProblems] = useState<FieldProblem<ExitField>[]>([]);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [round, setRound] = useState(0);
  const labels: Record<ExitField, string> = {
    date: t('cases.exit.followedUpOn'),
    outcome: t('cases.exit.followUpOutcome'),
    notes: t('cases.exit.followUpNotes'),
  };
  const errorOf = (field: ExitField) => {
    const found = problems.find((item) => item.field === field);
    return found ? problemText(found.key) : undefined;
  };

  const submit = async () => {
    const next = round + 1;
    setRound(next);
    setNotice(null);
    const checked = toFollowUp(values);
    if (!checked.ok) {
      setProblems(checked.problems);
      if (checked.problems.length === 0)
        setNotice({ kind: 'error', text: t('cases.common.errors.invalid'), round: next });
      return;
    }
    setProblems([]);
    try {
      await change.mutateAsync({ kind: 'followUp', version: record.version, body: checked.body });
      onDone();
    } catch (error) {
      if (isProblem(error, 'precondition_failed')) {
        setNotice({ kind: 'stale', round: next });
        return;
      }
      if (isProblem(error, 'validation_failed')) {
        const mapped = exitProblems(error.fieldErrors);
        if (mapped.length > 0) {
          setProblems(mapped);
          return;
        }
      }
      setNotice({ kind: 'error', text: failureText(error), round: next });
    }
  };

  const reload = async () => {
    await onReload();
    setNotice({ kind: 'success', text: t('cases.common.stale.reloaded'), round: round + 1 });
    setRound((value) => value + 1);
  };

  return (
    <WorkForm
      id="follow-up-form"
      title={t('cases.exit.followUpSubmit')}
      order={4}
      problems={problems.map((item) => ({
        id: `follow-up-${item.field}`,
        text: `${labels[item.field]}: ${problemText(item.key)}`,
      }))}
      notice={notice}
      round={round}
      onSubmit={() => void submit()}
      onReload={() => void reload()}
      reloading={reloading}
      submitLabel={t('cases.exit.followUpSubmit')}
      busy={change.isPending}
    >
      <OutcomeFields prefix="follow-up" values={values} onChange={setValues} errorOf={errorOf} labels={labels} />
    </WorkForm>
  );
}

function ExitSummary({ record, announce }: { record: Case; announce: 'exited' | 'followedUp' | null }) {
  const { t, i18n } = useTranslation();
  const exit = record.exit;
  const followUp = record.followUp;
  if (!exit) return null;
  const state = followUp?.followedUpOn ? 'done' : (followUp?.state ?? 'upcoming');
  return (
    <Stack gap="md">
      {/* Only right after recording it here: opening the tab must not move the focus away from the tab list. */}
      {announce === 'exited' && followUp ? (
        <Outcome>{t('cases.exit.exited', { date: formatDate(followUp.dueOn, i18n.language) })}</Outcome>
      ) : null}
      {announce === 'followedUp' ? <Outcome>{t('cases.exit.followedUp')}</Outcome> : null}
      <DataList orientation="vertical" withDivider>
        <DataList.Item>
          <DataList.ItemLabel>{t('cases.exit.exitedOn')}</DataList.ItemLabel>
          <DataList.ItemValue>{formatDate(exit.exitedOn, i18n.language)}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('cases.exit.outcome')}</DataList.ItemLabel>
          <DataList.ItemValue>{t(`cases.outcomes.${exit.outcome}`)}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('cases.exit.notes')}</DataList.ItemLabel>
          <DataList.ItemValue style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {exit.notes ?? '–'}
          </DataList.ItemValue>
        </DataList.Item>
      </DataList>
      {followUp ? (
        <section aria-labelledby="follow-up-title">
          <Title order={3} id="follow-up-title" mb="xs">
            {t('cases.exit.followUpTitle')}
          </Title>
          <DataList orientation="vertical" withDivider>
            <DataList.Item>
              <DataList.ItemLabel>{t('cases.exit.followUpDueOn')}</DataList.ItemLabel>
              <DataList.ItemValue>
                {formatDate(followUp.dueOn, i18n.language)} ({t(`cases.exit.followUpState.${state}`)})
              </DataList.ItemValue>
            </DataList.Item>
            {followUp.followedUpOn ? (
              <>
                <DataList.Item>
                  <DataList.ItemLabel>{t('cases.exit.followedUpOn')}</DataList.ItemLabel>
                  <DataList.ItemValue>{formatDate(followUp.followedUpOn, i18n.language)}</DataList.ItemValue>
                </DataList.Item>
                <DataList.Item>
                  <DataList.ItemLabel>{t('cases.exit.followUpOutcome')}</DataList.ItemLabel>
                  <DataList.ItemValue>
                    {followUp.outcome ? t(`cases.outcomes.${followUp.outcome}`) : '–'}
                  </DataList.ItemValue>
                </DataList.Item>
                <DataList.Item>
                  <DataList.ItemLabel>{t('cases.exit.followUpNotes')}</DataList.ItemLabel>
                  <DataList.ItemValue style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {followUp.notes ?? '–'}
                  </DataList.ItemValue>
                </DataList.Item>
              </>
            ) : null}
          </DataList>
        </section>
      ) : null}
    </Stack>
  );
}

/** The exit with an outcome from the taxonomy (with confirmation), and the follow-up six months later. */
export function ExitSection(props: SectionProps) {
  const { t } = useTranslation();
  const { record, abilities } = props;
  const [announce, setAnnounce] = useState<'exited' | 'followedUp' | null>(null);
  return (
    <Stack gap="lg">
      <Title order={2} id="case-section-title">
        {t('cases.exit.title')}
      </Title>
      {record.exit ? (
        <>
          <ExitSummary record={record} announce={announce} />
          {abilities.followUp ? <FollowUpForm {...props} onDone={() => setAnnounce('followedUp')} /> : null}
        </>
      ) : (
        <>
          <Text>{t('cases.exit.intro')}</Text>
          {abilities.exit ? <ExitForm {...props} onDone={() => setAnnounce('exited')} /> : null}
          {abilities.update ? null : <Text>{t('cases.exit.notAllowed')}</Text>}
        </>
      )}
    </Stack>
  );
}
