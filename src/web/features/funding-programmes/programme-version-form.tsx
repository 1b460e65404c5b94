// A new version of a programme (/funding/programmes/$programmeId/new-version), for the approving authority: the
// key numbers of the current version in a form — rates, own contribution, caps, budgets, the payment and proof
// rules — with a change note; what the new version changes is listed before it is saved. The server validates
// the whole definition again; its problems appear at the fields they concern.
import {
  Alert,
  Button,
  Fieldset,
  Group,
  NumberInput,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { diffDefinitions } from '../../../funding/programme-diff.shared.ts';
import type { ProgrammeDefinition, ProgrammeDetail } from '../../../funding/programme.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { MoneyInput } from '../../components/money.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { ProblemError } from '../../lib/api-request.ts';
import { useMe } from '../../lib/me.ts';
import { useCreateVersion, useProgramme } from './api/funding-programmes-api.ts';
import { can } from '../../lib/permissions.ts';

export function ProgrammeVersionCreatePage({ programmeId }: { programmeId: string }) {
  const { t } = useTranslation();
  const programme = useProgramme(programmeId);
  const me = useMe();
  return (
    <Stack gap="lg">
      <PageTitle>{t('fundingProgrammes.versionForm.title')}</PageTitle>
      <AnchorLink to="/funding/programmes/$programmeId" params={{ programmeId }}>
        {t('fundingProgrammes.versionForm.back')}
      </AnchorLink>
      {programme.isPending || me.isPending ? <Loading text={t('fundingProgrammes.common.loading')} /> : null}
      {programme.isError ? (
        <Alert color="red.9" variant="outline" role="alert">
          {t('fundingProgrammes.common.failed')}
        </Alert>
      ) : null}
      {me.data && !can(me.data, 'update', 'programme') ? <Text>{t('fundingProgrammes.common.noAccess')}</Text> : null}
      {programme.data && me.data && can(me.data, 'update', 'programme') ? (
        <VersionForm key={programme.data.version} programme={programme.data} />
      ) : null}
    </Stack>
  );
}

/** Percent with up to two decimals ↔ basis points. */
const toPercent = (bp: number) => bp / 100;
const toBp = (value: string | number) => Math.round(Number(value) * 100);

function VersionForm({ programme }: { programme: ProgrammeDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateVersion(programme.id);
  const [draft, setDraft] = useState<ProgrammeDefinition>(() => structuredClone(programme.definition));
  const [note, setNote] = useState('');
  const [attempt, setAttempt] = useState(0);
  const changes = useMemo(() => diffDefinitions(programme.definition, draft), [programme.definition, draft]);
  const problem = create.error instanceof ProblemError ? create.error : null;
  const errorOf = (path: string) =>
    problem?.fieldErrors.find((error) => error.field === `definition.${path}` || error.field === path)?.message;

  /** Changes the draft through a function on a copy (the draft itself stays immutable for React). */
  const edit = (change: (next: ProgrammeDefinition) => void) =>
    setDraft((current) => {
      const next = structuredClone(current);
      change(next);
      return next;
    });

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    try {
      await create.mutateAsync({ body: { definition: draft, note }, version: programme.version });
      await navigate({ to: '/funding/programmes/$programmeId', params: { programmeId: programme.id } });
    } catch {
      // Shown below (create.error).
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="lg">
        <Text>{t('fundingProgrammes.versionForm.intro', { version: programme.currentVersion })}</Text>
        <Fieldset legend={t('fundingProgrammes.versionForm.general')}>
          <Stack gap="sm">
            <MoneyInput
              label={t('fundingProgrammes.rules.total')}
              value={draft.totalBudgetCents}
              onChange={(cents) => edit((d) => (d.totalBudgetCents = cents ?? 0))}
              error={errorOf('totalBudgetCents')}
            />
            <TextInput
              type="date"
              label={t('fundingProgrammes.versionForm.runtimeTo')}
              value={draft.runtime.to}
              onChange={(event) => {
                const value = event.currentTarget.value;
                edit((d) => (d.runtime.to = value));
              }}
              error={errorOf('runtime.to')}
            />
            <Percent
              label={t('fundingProgrammes.versionForm.ownContributionDefault')}
              bp={draft.ownContribution.defaultRateBp}
              onChange={(bp) => edit((d) => (d.ownContribution.defaultRateBp = bp))}
              error={errorOf('ownContribution.defaultRateBp')}
            />
            <Percent
              label={t('fundingProgrammes.versionForm.ownContributionRecovery')}
              bp={draft.ownContribution.budgetRecoveryRateBp}
              onChange={(bp) => edit((d) => (d.ownContribution.budgetRecoveryRateBp = bp))}
              error={errorOf('ownContribution.budgetRecoveryRateBp')}
            />
            <Whole
              label={t('fundingProgrammes.versionForm.paymentDue')}
              value={draft.paymentDueWithinMonths}
              onChange={(value) => edit((d) => (d.paymentDueWithinMonths = value))}
              error={errorOf('paymentDueWithinMonths')}
            />
            <Percent
              label={t('fundingProgrammes.rules.lineTolerance')}
              bp={draft.lineToleranceBp}
              onChange={(bp) => edit((d) => (d.lineToleranceBp = bp))}
              error={errorOf('lineToleranceBp')}
            />
            <Whole
              label={t('fundingProgrammes.versionForm.receiptYears')}
              value={draft.receiptRetentionYears}
              onChange={(value) => edit((d) => (d.receiptRetentionYears = value))}
              error={errorOf('receiptRetentionYears')}
            />
            <Whole
              label={t('fundingProgrammes.versionForm.finalProofMonths')}
              value={draft.finalProofDueMonths}
              onChange={(value) => edit((d) => (d.finalProofDueMonths = value))}
              error={errorOf('finalProofDueMonths')}
            />
          </Stack>
        </Fieldset>
        {draft.strands.map((strand, index) => (
          <Fieldset key={strand.code} legend={`${strand.code} – ${strand.name}`}>
            <Stack gap="sm">
              {strand.teachingHourRateCents !== undefined || strand.financing === 'teaching_hours' ? (
                <MoneyInput
                  label={t('fundingProgrammes.versionForm.teachingHourRate', { strand: strand.code })}
                  value={strand.teachingHourRateCents ?? null}
                  onChange={(cents) => edit((d) => setStrand(d, index, (s) => (s.teachingHourRateCents = cents ?? 0)))}
                  error={errorOf(`strands.${index}.teachingHourRateCents`)}
                />
              ) : null}
              {strand.postRates.map((rate, rateIndex) => (
                <MoneyInput
                  key={rate.code}
                  label={t('fundingProgrammes.versionForm.postRate', { strand: strand.code, label: rate.label })}
                  value={rate.annualMaxCents}
                  onChange={(cents) =>
                    edit((d) =>
                      setStrand(d, index, (s) => {
                        const target = s.postRates[rateIndex];
                        if (target) target.annualMaxCents = cents ?? 0;
                      }),
                    )
                  }
                  error={errorOf(`strands.${index}.postRates.${rateIndex}.annualMaxCents`)}
                />
              ))}
              {strand.setupPerWorkstationCents !== undefined ? (
                <MoneyInput
                  label={t('fundingProgrammes.versionForm.setup', { strand: strand.code })}
                  value={strand.setupPerWorkstationCents}
                  onChange={(cents) =>
                    edit((d) => setStrand(d, index, (s) => (s.setupPerWorkstationCents = cents ?? 0)))
                  }
                  error={errorOf(`strands.${index}.setupPerWorkstationCents`)}
                />
              ) : null}
              {strand.capCents !== undefined ? (
                <MoneyInput
                  label={t('fundingProgrammes.versionForm.cap', { strand: strand.code })}
                  value={strand.capCents}
                  onChange={(cents) => edit((d) => setStrand(d, index, (s) => (s.capCents = cents ?? 0)))}
                  error={errorOf(`strands.${index}.capCents`)}
                />
              ) : null}
              {strand.annualBudgets.map((budget, budgetIndex) => (
                <MoneyInput
                  key={budget.budgetYear}
                  label={t('fundingProgrammes.versionForm.annualBudget', {
                    strand: strand.code,
                    year: budget.budgetYear,
                  })}
                  value={budget.amountCents}
                  onChange={(cents) =>
                    edit((d) =>
                      setStrand(d, index, (s) => {
                        const target = s.annualBudgets[budgetIndex];
                        if (target) target.amountCents = cents ?? 0;
                      }),
                    )
                  }
                  error={errorOf(`strands.${index}.annualBudgets.${budgetIndex}.amountCents`)}
                />
              ))}
              {strand.postsFormula ? (
                <Group grow>
                  <Whole
                    label={t('fundingProgrammes.versionForm.personsPerPost', { strand: strand.code })}
                    value={strand.postsFormula.personsPerPost}
                    onChange={(value) =>
                      edit((d) =>
                        setStrand(d, index, (s) => {
                          if (s.postsFormula) s.postsFormula.personsPerPost = value;
                        }),
                      )
                    }
                    error={errorOf(`strands.${index}.postsFormula.personsPerPost`)}
                  />
                  <NumberInput
                    label={t('fundingProgrammes.versionForm.minimumFte', { strand: strand.code })}
                    value={strand.postsFormula.minimumFte}
                    decimalSeparator=","
                    decimalScale={2}
                    min={0}
                    hideControls
                    onChange={(value) =>
                      edit((d) =>
                        setStrand(d, index, (s) => {
                          if (s.postsFormula) s.postsFormula.minimumFte = Number(value) || 0;
                        }),
                      )
                    }
                    error={errorOf(`strands.${index}.postsFormula.minimumFte`)}
                  />
                </Group>
              ) : null}
              {!hasNumbers(strand) ? <Text size="sm">{t('fundingProgrammes.versionForm.noNumbers')}</Text> : null}
            </Stack>
          </Fieldset>
        ))}
        <Textarea
          label={t('fundingProgrammes.versionForm.note')}
          description={t('fundingProgrammes.versionForm.noteHelp')}
          required
          autosize
          minRows={2}
          maxLength={2000}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          error={errorOf('note')}
        />
        <ChangeList changes={changes} />
        {create.error ? (
          <FormError key={attempt} title={t('fundingProgrammes.versionForm.failed')}>
            <ErrorText error={create.error} />
          </FormError>
        ) : null}
        <Group>
          <Button type="submit" loading={create.isPending} disabled={changes.length === 0 || note.trim() === ''}>
            {t('fundingProgrammes.versionForm.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function setStrand(
  definition: ProgrammeDefinition,
  index: number,
  change: (strand: ProgrammeDefinition['strands'][number]) => void,
) {
  const strand = definition.strands[index];
  if (strand) change(strand);
}

function hasNumbers(strand: ProgrammeDefinition['strands'][number]): boolean {
  return (
    strand.teachingHourRateCents !== undefined ||
    strand.financing === 'teaching_hours' ||
    strand.postRates.length > 0 ||
    strand.setupPerWorkstationCents !== undefined ||
    strand.capCents !== undefined ||
    strand.annualBudgets.length > 0 ||
    strand.postsFormula !== undefined
  );
}

function ErrorText({ error }: { error: Error }) {
  const { t } = useTranslation();
  if (!(error instanceof ProblemError)) return <Text>{t('fundingProgrammes.common.saveFailed')}</Text>;
  if (error.status === 412) return <Text>{t('fundingProgrammes.common.conflict')}</Text>;
  if (error.status === 409) return <Text>{error.detail ?? t('fundingProgrammes.versionForm.limit')}</Text>;
  return (
    <Stack gap={4}>
      <Text>{t('fundingProgrammes.versionForm.problems')}</Text>
      {error.fieldErrors.map((problem) => (
        <Text key={`${problem.field}-${problem.code}`} size="sm">
          {`${problem.field.replace(/^definition\./, '')}: ${problem.message}`}
        </Text>
      ))}
    </Stack>
  );
}

function ChangeList({ changes }: { changes: ReturnType<typeof diffDefinitions> }) {
  const { t } = useTranslation();
  const show = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value));
  return (
    <section aria-labelledby="version-changes" aria-live="polite">
      <Title order={2} id="version-changes" size="h3" mb="xs">
        {t('fundingProgrammes.versionForm.changes')}
      </Title>
      {changes.length === 0 ? (
        <Text>{t('fundingProgrammes.versionForm.noChanges')}</Text>
      ) : (
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('fundingProgrammes.programme.path')}</Table.Th>
              <Table.Th scope="col">{t('fundingProgrammes.programme.before')}</Table.Th>
              <Table.Th scope="col">{t('fundingProgrammes.programme.after')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {changes.map((change) => (
              <Table.Tr key={change.path}>
                <Table.Th scope="row" fw={400} style={{ fontFamily: 'monospace' }}>
                  {change.path}
                </Table.Th>
                <Table.Td>{show(change.before)}</Table.Td>
                <Table.Td>{show(change.after)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </section>
  );
}

function Percent(props: { label: string; bp: number; onChange: (bp: number) => void; error: ReactNode }) {
  return (
    <NumberInput
      label={props.label}
      value={toPercent(props.bp)}
      onChange={(value) => props.onChange(toBp(value))}
      decimalSeparator=","
      decimalScale={2}
      min={0}
      max={100}
      suffix=" %"
      hideControls
      error={props.error}
    />
  );
}

function Whole(props: { label: string; value: number; onChange: (value: number) => void; error: ReactNode }) {
  return (
    <NumberInput
      label={props.label}
      value={props.value}
      onChange={(value) => props.onChange(Math.trunc(Number(value) || 0))}
      allowDecimal={false}
      min={0}
      hideControls
      error={props.error}
    />
  );
}
