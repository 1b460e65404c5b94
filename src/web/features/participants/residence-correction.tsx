// Correcting or deleting a residence status entered by mistake. The history is evidence for eligibility, so
// both are explicit acts (the server audits them and refuses periods that would overlap others).
import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  residenceStatusCorrectionSchema,
  type Participant,
  type ResidenceStatusRecord,
} from '../../../participants/participant.schema.ts';
import { useCorrectResidenceStatus, useDeleteResidenceStatus } from './api/sub-records.ts';
import { ChangeNotice, useChange } from './detail-parts.tsx';
import { formatDate } from './format.ts';
import { fieldId, ProblemSummary, useProblemTexts } from './form-parts.tsx';
import { residenceRequest, type ResidenceStatusValues } from './participant-form-values.ts';
import { checkWith, type FormProblem } from './form-problems.ts';
import { ResidenceStatusFields } from './record-fields.tsx';

const PREFIX = 'residence-correction';

function valuesOf(status: ResidenceStatusRecord): ResidenceStatusValues {
  return {
    status: status.status,
    legalParagraph: status.legalParagraph ?? '',
    validFrom: status.validFrom,
    validTo: status.validTo ?? '',
    documentExpiry: status.documentExpiry ?? '',
    notes: status.notes ?? '',
  };
}

export function ResidenceCorrection({
  participant,
  status,
  mode,
  onClose,
  onDone,
  onReload,
  reloading,
}: {
  participant: Participant;
  status: ResidenceStatusRecord;
  mode: 'correct' | 'delete';
  onClose: () => void;
  /** The change was made; `text` says which. */
  onDone: (text: string) => void;
  onReload: () => Promise<unknown>;
  reloading: boolean;
}) {
  const { t, i18n } = useTranslation();
  const correct = useCorrectResidenceStatus();
  const remove = useDeleteResidenceStatus();
  const change = useChange(participant);
  const [values, setValues] = useState(() => valuesOf(status));
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const errors = useProblemTexts(problems);
  const titleId = useId();
  const panel = useRef<HTMLDivElement>(null);
  const name = `${t(`participants.statuses.${status.status}`)} (${formatDate(status.validFrom, i18n.language) ?? ''})`;

  useEffect(() => {
    if (mode === 'correct') document.getElementById(fieldId(PREFIX, 'status'))?.focus();
    else panel.current?.focus();
  }, [mode]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (correct.isPending) return;
    const checked = checkWith(residenceStatusCorrectionSchema, residenceRequest(values));
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    setProblems([]);
    const outcome = await change.run(
      () =>
        correct.mutateAsync({
          participantId: participant.id,
          version: participant.version,
          recordId: status.id,
          body: checked.body,
        }),
      null,
    );
    if (outcome.ok) onDone(t('participants.records.corrected'));
    else setProblems(outcome.problems);
  };

  const erase = async () => {
    if (remove.isPending) return;
    const outcome = await change.run(
      () => remove.mutateAsync({ participantId: participant.id, version: participant.version, recordId: status.id }),
      null,
    );
    if (outcome.ok) onDone(t('participants.records.deleted'));
  };

  const notice = (
    <ChangeNotice message={change.message} reloading={reloading} onReload={() => void onReload().then(onClose)} />
  );

  if (mode === 'delete') {
    return (
      <Alert
        ref={panel}
        tabIndex={-1}
        color="red.9"
        variant="outline"
        role="alertdialog"
        aria-labelledby={titleId}
        title={<span id={titleId}>{t('participants.records.deleteStatusTitle', { status: name })}</span>}
      >
        <Stack gap="sm">
          {notice}
          <Text>{t('participants.records.deleteStatusText')}</Text>
          <Group>
            <Button color="red.9" onClick={() => void erase()} loading={remove.isPending}>
              {t('participants.records.deleteYes')}
            </Button>
            <Button variant="default" onClick={onClose}>
              {t('participants.records.cancel')}
            </Button>
          </Group>
        </Stack>
      </Alert>
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
          {t('participants.records.correctStatusTitle', { status: name })}
        </Title>
        {problems.length > 0 ? <ProblemSummary key={change.round} problems={problems} prefix={PREFIX} /> : null}
        {notice}
        <ResidenceStatusFields prefix={PREFIX} path="" values={values} onChange={setValues} errors={errors} />
        <Group>
          <Button type="submit" loading={correct.isPending}>
            {t('participants.records.save')}
          </Button>
          <Button type="button" variant="default" onClick={onClose}>
            {t('participants.records.cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
