import { Button, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../accounts/profile.schema.ts';
import { assignmentRoles, type AssignmentRole } from '../../../cases/case.codes.ts';
import { createAssignmentSchema, type Assignment } from '../../../cases/case.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { Loading } from '../../components/loading.tsx';
import { useAssignableUsers } from './api/assignable-users.ts';
import { useAssign, useEndAssignment } from './api/assignments.ts';
import { assignmentCandidates, candidateLabel } from './assignment-candidates.ts';
import type { SectionProps } from './case-abilities.ts';
import { Outcome, useFailureText, useIdempotency, WorkForm, type Notice } from './form-kit.tsx';
import { formatDateTime } from './format.ts';

function CurrentTable({
  current,
  canEnd,
  onEnd,
  ending,
}: {
  current: readonly Assignment[];
  canEnd: boolean;
  onEnd: (assignment: Assignment) => void;
  ending: string | null;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table withTableBorder verticalSpacing="xs" captionSide="top">
        <Table.Caption>{t('cases.assignments.currentCaption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('cases.assignments.role')}</Table.Th>
            <Table.Th scope="col">{t('cases.assignments.person')}</Table.Th>
            <Table.Th scope="col">{t('cases.assignments.since')}</Table.Th>
            {canEnd ? <Table.Th scope="col">{t('cases.assignments.actions')}</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {assignmentRoles.map((role) => {
            const assignment = current.find((item) => item.role === role);
            return (
              <Table.Tr key={role}>
                <Table.Th scope="row" fw={400}>
                  {t(`cases.roles.${role}`)}
                </Table.Th>
                <Table.Td>{assignment?.displayName ?? t('cases.assignments.vacant')}</Table.Td>
                <Table.Td>{assignment ? formatDateTime(assignment.startedAt, i18n.language) : '–'}</Table.Td>
                {canEnd ? (
                  <Table.Td>
                    {assignment ? (
                      <Button
                        variant="default"
                        size="xs"
                        loading={ending === assignment.id}
                        onClick={() => onEnd(assignment)}
                      >
                        {t('cases.assignments.end', { name: assignment.displayName })}
                      </Button>
                    ) : null}
                  </Table.Td>
                ) : null}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function HistoryTable({ history }: { history: readonly Assignment[] }) {
  const { t, i18n } = useTranslation();
  if (history.length === 0) return <Text>{t('cases.assignments.noHistory')}</Text>;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table withTableBorder striped verticalSpacing="xs" captionSide="top">
        <Table.Caption>{t('cases.assignments.historyCaption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('cases.assignments.person')}</Table.Th>
            <Table.Th scope="col">{t('cases.assignments.role')}</Table.Th>
            <Table.Th scope="col">{t('cases.assignments.since')}</Table.Th>
            <Table.Th scope="col">{t('cases.assignments.until')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {history.map((assignment) => (
            <Table.Tr key={assignment.id}>
              <Table.Th scope="row" fw={400}>
                {assignment.displayName}
              </Table.Th>
              <Table.Td>{t(`cases.roles.${assignment.role}`)}</Table.Td>
              <Table.Td>{formatDateTime(assignment.startedAt, i18n.language)}</Table.Td>
              <Table.Td>{assignment.endedAt ? formatDateTime(assignment.endedAt, i18n.language) : '–'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ChangeForm({ record, me }: SectionProps & { me: Me }) {
  const { t } = useTranslation();
  const assign = useAssign(record.id);
  const idempotency = useIdempotency();
  const failureText = useFailureText();
  const [role, setRole] = useState<AssignmentRole>('participation_manager');
  const assignable = useAssignableUsers(record.id, role, true);
  const candidates = assignmentCandidates(assignable.data?.items ?? [], me);
  const [userId, setUserId] = useState('');
  const [notice, setNotice] = useState<Notice | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const chosen = candidates.some((candidate) => candidate.userId === userId) ? userId : '';

  const submit = async () => {
    const next = round + 1;
    setRound(next);
    setNotice(null);
    const parsed = createAssignmentSchema.safeParse({ role, userId: chosen });
    if (!parsed.success) {
      setProblem(t('cases.common.errors.choose'));
      return;
    }
    setProblem(null);
    try {
      const created = await idempotency.send(parsed.data, (idempotencyKey) =>
        assign.mutateAsync({ body: parsed.data, idempotencyKey }),
      );
      setUserId('');
      setNotice({
        kind: 'success',
        text: t('cases.assignments.assigned', { name: created.displayName, role: t(`cases.roles.${created.role}`) }),
        round: next,
      });
    } catch (error) {
      if (isProblem(error, 'validation_failed') && error.fieldErrors.some((item) => item.field === 'userId')) {
        setProblem(t('cases.common.errors.invalid'));
        return;
      }
      setNotice({ kind: 'error', text: failureText(error), round: next });
    }
  };

  return (
    <WorkForm
      id="assignment-form"
      title={t('cases.assignments.change')}
      order={4}
      problems={problem ? [{ id: 'assignment-user', text: `${t('cases.assignments.changeUser')}: ${problem}` }] : []}
      notice={notice}
      round={round}
      onSubmit={() => void submit()}
      submitLabel={t('cases.assignments.submit')}
      busy={assign.isPending}
      canSubmit={candidates.length > 0}
    >
      <NativeSelect
        id="assignment-role"
        label={t('cases.assignments.changeRole')}
        value={role}
        onChange={(event) => {
          setRole(event.currentTarget.value === 'coach' ? 'coach' : 'participation_manager');
          setUserId('');
        }}
        data={assignmentRoles.map((value) => ({ value, label: t(`cases.roles.${value}`) }))}
        maw={360}
      />
      {assignable.isPending ? (
        <Loading text={t('cases.common.loading')} />
      ) : assignable.isError ? (
        <FormError>{failureText(assignable.error)}</FormError>
      ) : candidates.length === 0 ? (
        <Text id="assignment-user">{t('cases.assignments.noCandidates')}</Text>
      ) : (
        <NativeSelect
          id="assignment-user"
          label={t('cases.assignments.changeUser')}
          description={t('cases.assignments.changeUserHint')}
          required
          value={chosen}
          error={problem ?? undefined}
          onChange={(event) => setUserId(event.currentTarget.value)}
          data={[
            { value: '', label: t('cases.common.chooseOne') },
            ...candidates.map((candidate) => ({
              value: candidate.userId,
              label: candidateLabel(candidate, (name) => t('cases.assignments.me', { name })),
            })),
          ]}
          maw={420}
        />
      )}
    </WorkForm>
  );
}

/** Who is responsible now (participation manager, coach), earlier assignments, and changing them. */
export function AssignmentsPanel(props: SectionProps & { me: Me }) {
  const { t } = useTranslation();
  const { record, abilities } = props;
  const end = useEndAssignment(record.id);
  const failureText = useFailureText();
  const [ended, setEnded] = useState<{ text: string; kind: 'success' | 'error'; round: number } | null>(null);
  const [ending, setEnding] = useState<string | null>(null);

  const endAssignment = async (assignment: Assignment) => {
    setEnding(assignment.id);
    const round = (ended?.round ?? 0) + 1;
    try {
      await end.mutateAsync(assignment.id);
      setEnded({ kind: 'success', text: t('cases.assignments.ended'), round });
    } catch (error) {
      setEnded({ kind: 'error', text: failureText(error), round });
    } finally {
      setEnding(null);
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="assignments-title">
      <Stack gap="md">
        <Title order={3} id="assignments-title">
          {t('cases.assignments.title')}
        </Title>
        {ended?.kind === 'success' ? <Outcome key={ended.round}>{ended.text}</Outcome> : null}
        {ended?.kind === 'error' ? <FormError key={ended.round}>{ended.text}</FormError> : null}
        <CurrentTable
          current={record.assignments.current}
          canEnd={abilities.assign}
          onEnd={(assignment) => void endAssignment(assignment)}
          ending={ending}
        />
        {abilities.assign ? <ChangeForm {...props} /> : null}
        <Title order={4}>{t('cases.assignments.history')}</Title>
        <HistoryTable history={record.assignments.history} />
      </Stack>
    </Paper>
  );
}
