import { Button, Checkbox, DataList, NativeSelect, Paper, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../accounts/profile.schema.ts';
import { strands } from '../../../participants/participant.codes.ts';
import { isProblem } from '../../lib/api-request.ts';
import { can } from '../../lib/permissions.ts';
import { useTeams } from './api/teams.ts';
import { useChangeCase } from './api/update-case.ts';
import { AssignmentsPanel } from './assignments-panel.tsx';
import type { SectionProps } from './case-abilities.ts';
import { collectProblems, type FieldProblem } from './form-problems.ts';
import { useFailureText, useProblemText, WorkForm, type Notice } from './form-kit.tsx';
import { formatDate } from './format.ts';
import {
  INTAKE_FIELDS,
  INTAKE_ORDER,
  intakeValuesOf,
  toCaseUpdate,
  type IntakeField,
  type IntakeValues,
} from './intake-values.ts';

const fieldId = (field: IntakeField) => `intake-${field}`;

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function IntakeForm({ record, me, onReload, reloading, onDone }: SectionProps & { me: Me; onDone: () => void }) {
  const { t } = useTranslation();
  const change = useChangeCase(record.id);
  const teams = useTeams(me.activeMunicipalityId, can(me, 'read', 'team'));
  const problemText = useProblemText();
  const failureText = useFailureText();
  const [values, setValues] = useState<IntakeValues>(() => intakeValuesOf(record));
  const [problems, setProblems] = useState<FieldProblem<IntakeField>[]>([]);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [round, setRound] = useState(0);
  const set = <K extends keyof IntakeValues>(key: K, value: IntakeValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  const errorOf = (field: IntakeField) => {
    const found = problems.find((item) => item.field === field);
    return found ? problemText(found.key) : undefined;
  };
  const labels: Record<IntakeField, string> = {
    intakeOn: t('cases.intake.intakeOn'),
    intakeNotes: t('cases.intake.intakeNotes'),
    teamId: t('cases.intake.team'),
    strands: t('cases.intake.strands'),
    restricted: t('cases.intake.restricted'),
    exceptionJustification: t('cases.intake.exceptionJustification'),
  };

  const submit = async () => {
    const next = round + 1;
    setRound(next);
    setNotice(null);
    const checked = toCaseUpdate(values, record);
    if (!checked.ok) {
      setProblems(checked.problems);
      if (checked.problems.length === 0)
        setNotice({ kind: 'error', text: t('cases.common.errors.invalid'), round: next });
      return;
    }
    setProblems([]);
    if (Object.keys(checked.body).length === 0) {
      setNotice({ kind: 'success', text: t('cases.intake.noChanges'), round: next });
      return;
    }
    try {
      const updated = await change.mutateAsync({ kind: 'update', version: record.version, body: checked.body });
      setValues(intakeValuesOf(updated));
      setNotice({ kind: 'success', text: t('cases.intake.saved'), round: next });
    } catch (error) {
      if (isProblem(error, 'precondition_failed')) {
        setNotice({ kind: 'stale', round: next });
        return;
      }
      if (isProblem(error, 'validation_failed') || isProblem(error, 'unprocessable')) {
        const mapped = collectProblems(error.fieldErrors, INTAKE_FIELDS, INTAKE_ORDER);
        if (mapped.length > 0) {
          setProblems(mapped);
          return;
        }
      }
      setNotice({ kind: 'error', text: failureText(error), round: next });
    }
  };

  const reload = async () => {
    const result = await onReload();
    if (result.data) setValues(intakeValuesOf(result.data));
    setNotice({ kind: 'success', text: t('cases.common.stale.reloaded'), round: round + 1 });
    setRound((value) => value + 1);
  };

  const teamChoices = teams.data ?? [];
  return (
    <WorkForm
      id="intake-form"
      title={t('cases.intake.edit')}
      problems={problems.map((item) => ({
        id: fieldId(item.field),
        text: `${labels[item.field]}: ${problemText(item.key)}`,
      }))}
      notice={notice}
      round={round}
      onSubmit={() => void submit()}
      onReload={() => void reload()}
      reloading={reloading}
      submitLabel={t('cases.common.save')}
      busy={change.isPending}
      extraActions={
        <Button type="button" variant="default" onClick={onDone}>
          {t('cases.common.cancel')}
        </Button>
      }
    >
      <TextInput
        id={fieldId('intakeOn')}
        type="date"
        label={labels.intakeOn}
        value={values.intakeOn}
        error={errorOf('intakeOn')}
        // The form opens at the user's request: its first field takes focus.
        autoFocus
        onChange={(event) => set('intakeOn', event.currentTarget.value)}
        maw={240}
      />
      {teamChoices.length > 0 ? (
        <NativeSelect
          id={fieldId('teamId')}
          label={labels.teamId}
          description={t('cases.intake.teamHint')}
          required
          value={values.teamId}
          error={errorOf('teamId')}
          onChange={(event) => set('teamId', event.currentTarget.value)}
          data={[
            ...(values.teamId === '' ? [{ value: '', label: t('cases.common.chooseOne') }] : []),
            ...teamChoices.map((team) => ({ value: team.id, label: team.name })),
          ]}
          maw={420}
        />
      ) : null}
      <Checkbox.Group
        label={labels.strands}
        description={t('cases.intake.strandsHint')}
        value={values.strands}
        onChange={(selected) =>
          set(
            'strands',
            strands.filter((strand) => selected.includes(strand)),
          )
        }
        error={errorOf('strands')}
        withAsterisk
      >
        <Stack gap={6} mt="xs">
          {strands.map((strand, index) => (
            <Checkbox
              key={strand}
              id={index === 0 ? fieldId('strands') : undefined}
              value={strand}
              label={t(`cases.strands.${strand}`)}
            />
          ))}
        </Stack>
      </Checkbox.Group>
      <Textarea
        id={fieldId('intakeNotes')}
        label={labels.intakeNotes}
        autosize
        minRows={3}
        maxRows={12}
        value={values.intakeNotes}
        error={errorOf('intakeNotes')}
        onChange={(event) => set('intakeNotes', event.currentTarget.value)}
      />
      <Textarea
        id={fieldId('exceptionJustification')}
        label={labels.exceptionJustification}
        description={t('cases.intake.exceptionHint')}
        autosize
        minRows={2}
        maxRows={8}
        value={values.exceptionJustification}
        error={errorOf('exceptionJustification')}
        onChange={(event) => set('exceptionJustification', event.currentTarget.value)}
      />
      <Checkbox
        id={fieldId('restricted')}
        label={labels.restricted}
        checked={values.restricted}
        onChange={(event) => set('restricted', event.currentTarget.checked)}
      />
    </WorkForm>
  );
}

/** The overview: the intake (first interview, notes, team, strands) and who is responsible, with history. */
export function OverviewSection(props: SectionProps & { me: Me }) {
  const { t, i18n } = useTranslation();
  const { record, abilities } = props;
  const narrow = useMediaQuery('(max-width: 48em)') ?? false;
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const stopEditing = () => {
    setEditing(false);
    // Back to where the form was opened, so that keyboard users do not start over at the top.
    requestAnimationFrame(() => editButton.current?.focus());
  };
  return (
    <Stack gap="lg">
      <Title order={2} id="case-section-title">
        {t('cases.case.tabs.overview')}
      </Title>
      <Paper withBorder p="md" component="section" aria-labelledby="intake-title">
        <Stack gap="md">
          <Title order={3} id="intake-title">
            {t('cases.intake.title')}
          </Title>
          <DataList labelWidth="14rem" orientation={narrow ? 'vertical' : 'horizontal'} withDivider>
            <Item label={t('cases.intake.intakeOn')}>
              {record.intakeOn ? formatDate(record.intakeOn, i18n.language) : t('cases.common.notRecorded')}
            </Item>
            <Item label={t('cases.intake.intakeNotes')}>{record.intakeNotes ?? t('cases.common.notRecorded')}</Item>
            <Item label={t('cases.intake.exceptionJustification')}>
              {record.exceptionJustification ?? t('cases.common.none')}
            </Item>
          </DataList>
          {abilities.work && !editing ? (
            <div>
              <Button ref={editButton} variant="default" aria-expanded={false} onClick={() => setEditing(true)}>
                {t('cases.intake.edit')}
              </Button>
            </div>
          ) : null}
          {abilities.work && editing ? <IntakeForm {...props} onDone={stopEditing} /> : null}
        </Stack>
      </Paper>
      <AssignmentsPanel {...props} />
    </Stack>
  );
}
