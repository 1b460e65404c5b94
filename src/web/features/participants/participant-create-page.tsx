// Intake of a new participant: the form, then the duplicate check (the user sees the candidates before anything
// is created and either opens an existing record or confirms that none is this person), then the created record
// with its eligibility decision for the strands in view and the form to open the case.
import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Strand } from '../../../participants/participant.codes.ts';
import type { DuplicateCandidate, Participant } from '../../../participants/participant.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { PageTitle, PAGE_TITLE_ID } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { checkDuplicates } from './api/check-duplicates.ts';
import { useCreateParticipant } from './api/create-participant.ts';
import { newIdempotencyKey } from './api/paths.ts';
import { DuplicateCandidates } from './duplicate-candidates.tsx';
import { EligibilityDecisions } from './eligibility-view.tsx';
import { Outcome } from './feedback.tsx';
import { displayName } from './format.ts';
import { IntakeForm } from './intake-form.tsx';
import { OpenCaseForm } from './open-case-form.tsx';
import { EMPTY_INTAKE, toCreateRequest, toDuplicateCheck, type IntakeValues } from './participant-form-values.ts';
import { serverProblems, type FormProblem } from './form-problems.ts';

type Stage =
  | { kind: 'form' }
  | { kind: 'candidates'; candidates: DuplicateCandidate[]; changed: boolean }
  | { kind: 'created'; participant: Participant; strands: Strand[]; hadCandidates: boolean };

function Created({
  participant,
  strands,
  hadCandidates,
}: {
  participant: Participant;
  strands: Strand[];
  hadCandidates: boolean;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const toRecord = () =>
    void navigate({ to: '/participants/$participantId', params: { participantId: participant.id } });
  return (
    <Stack gap="lg">
      <Outcome>
        <Text>{t('participants.created.text', { name: displayName(participant), number: participant.number })}</Text>
        {hadCandidates ? null : <Text>{t('participants.created.noCandidates')}</Text>}
        <AnchorLink to="/participants/$participantId" params={{ participantId: participant.id }} fw={600}>
          {t('participants.created.openRecord', { number: participant.number })}
        </AnchorLink>
      </Outcome>
      <Paper withBorder p="md" component="section" aria-labelledby="intake-eligibility-title">
        <Title order={2} id="intake-eligibility-title" mb="sm">
          {t('participants.eligibility.title')}
        </Title>
        <EligibilityDecisions participantId={participant.id} strands={strands} headingLevel={3} />
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="intake-open-case-title">
        <Title order={2} id="intake-open-case-title" mb="sm">
          {t('participants.openCase.title')}
        </Title>
        <OpenCaseForm
          participant={participant}
          initialStrands={strands}
          onLater={{ label: t('participants.openCase.later'), run: toRecord }}
        />
      </Paper>
    </Stack>
  );
}

export function ParticipantCreatePage() {
  const { t } = useTranslation();
  const create = useCreateParticipant();
  const [values, setValues] = useState<IntakeValues>(EMPTY_INTAKE);
  const [stage, setStage] = useState<Stage>({ kind: 'form' });
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [checking, setChecking] = useState(false);
  // One key per content of the request: a retry after a lost answer sends the same one, a changed intake a new one.
  const idempotency = useRef<{ body: string; key: string } | null>(null);

  const fail = (error: unknown) => {
    setFailure(
      isProblem(error, 'forbidden')
        ? t('participants.errors.forbidden')
        : isProblem(error, 'too_many_requests')
          ? t('participants.errors.throttled')
          : t('participants.errors.failed'),
    );
  };

  const backToForm = (next: FormProblem[] = []) => {
    setProblems(next);
    setStage({ kind: 'form' });
    // The candidates list is gone; continue at the top of the form (its error summary takes focus itself).
    if (next.length === 0) requestAnimationFrame(() => document.getElementById(PAGE_TITLE_ID)?.focus());
  };

  /** Creates the record, naming the candidates the user has reviewed; new candidates are shown first. */
  const createWith = async (reviewed: DuplicateCandidate[]) => {
    const checked = toCreateRequest(
      values,
      reviewed.map((candidate) => candidate.id),
    );
    if (!checked.ok) {
      backToForm(checked.problems);
      return;
    }
    const serialised = JSON.stringify(checked.body);
    if (idempotency.current?.body !== serialised) idempotency.current = { body: serialised, key: newIdempotencyKey() };
    try {
      const participant = await create.mutateAsync({ body: checked.body, idempotencyKey: idempotency.current.key });
      setStage({ kind: 'created', participant, strands: values.strands, hadCandidates: reviewed.length > 0 });
    } catch (error) {
      if (isProblem(error, 'conflict')) {
        // Someone recorded a similar person meanwhile: the check runs again and the user reviews the new list.
        const duplicate = toDuplicateCheck(values);
        if (duplicate.ok) {
          const candidates = await checkDuplicates(duplicate.body).catch(() => null);
          if (candidates) {
            setStage({ kind: 'candidates', candidates, changed: true });
            return;
          }
        }
      }
      if (isProblem(error, 'validation_failed') && serverProblems(error.fieldErrors).length > 0) {
        backToForm(serverProblems(error.fieldErrors));
        return;
      }
      fail(error);
    }
  };

  const submit = async () => {
    setFailure(null);
    setAttempt((count) => count + 1);
    const checked = toCreateRequest(values, []);
    const duplicate = toDuplicateCheck(values);
    if (!checked.ok || !duplicate.ok) {
      setProblems(checked.ok ? (duplicate.ok ? [] : duplicate.problems) : checked.problems);
      return;
    }
    setProblems([]);
    setChecking(true);
    try {
      const candidates = await checkDuplicates(duplicate.body);
      if (candidates.length === 0) await createWith([]);
      else setStage({ kind: 'candidates', candidates, changed: false });
    } catch (error) {
      if (isProblem(error, 'validation_failed') && serverProblems(error.fieldErrors).length > 0) {
        setProblems(serverProblems(error.fieldErrors));
      } else {
        fail(error);
      }
    } finally {
      setChecking(false);
    }
  };

  return (
    <Stack gap="lg" maw={960}>
      <PageTitle>
        {stage.kind === 'created' ? t('participants.created.title') : t('participants.create.title')}
      </PageTitle>
      <Group>
        <AnchorLink to="/participants">{t('participants.backToSearch')}</AnchorLink>
      </Group>
      {stage.kind === 'form' ? <Text>{t('participants.create.intro')}</Text> : null}
      {/* What runs in the background, said (the buttons only show a spinner). */}
      <Text role="status" size="sm">
        {checking ? t('participants.create.checking') : create.isPending ? t('participants.duplicates.creating') : ''}
      </Text>
      {failure ? <FormError key={attempt}>{failure}</FormError> : null}
      {stage.kind === 'form' ? (
        <IntakeForm
          values={values}
          onChange={setValues}
          problems={problems}
          attempt={attempt}
          busy={checking || create.isPending}
          onSubmit={() => void submit()}
        />
      ) : null}
      {stage.kind === 'candidates' ? (
        <DuplicateCandidates
          candidates={stage.candidates}
          changed={stage.changed}
          busy={create.isPending}
          onConfirmNone={() => {
            setFailure(null);
            setAttempt((count) => count + 1);
            void createWith(stage.candidates);
          }}
          onBack={() => backToForm()}
        />
      ) : null}
      {stage.kind === 'created' ? (
        <Created participant={stage.participant} strands={stage.strands} hadCandidates={stage.hadCandidates} />
      ) : null}
    </Stack>
  );
}
