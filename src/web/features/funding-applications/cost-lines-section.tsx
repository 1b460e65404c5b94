// The costs of the financing plan: a table per strand and year with each line's problems in its row, and (while
// the plan is open) the form to add a line or change one (If-Match of that line). Teaching hours of a flat-rate
// strand get the programme's rate per hour filled in; the server computes hours × rate.
import { Button, Group, NativeSelect, Table, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application, CostLine } from '../../../funding/application.schema.ts';
import type { CostCategory } from '../../../funding/funding.codes.ts';
import { Money, MoneyInput } from '../../components/money.tsx';
import { fieldError } from '../funding-shared/funding-kit.tsx';
import {
  decimalInput,
  LineFormShell,
  PlanSection,
  ProblemList,
  problemsOf,
  RemoveLine,
  StrandSelect,
  useLineForm,
  YearSelect,
  yearsOf,
  type Problems,
} from './plan-kit.tsx';

interface Draft {
  strand: string;
  budgetYear: string;
  category: string;
  description: string;
  quantity: string;
  unitCents: number | null;
  amountCents: number | null;
}

function emptyDraft(application: Application): Draft {
  const strand = application.strands[0];
  return {
    strand: strand?.code ?? '',
    budgetYear: String(yearsOf(application)[0] ?? ''),
    category: strand?.costCategories[0] ?? 'personnel',
    description: '',
    quantity: '',
    unitCents: null,
    amountCents: null,
  };
}

function draftOf(line: CostLine): Draft {
  return {
    strand: line.strand,
    budgetYear: String(line.budgetYear),
    category: line.category,
    description: line.description,
    quantity: line.quantity?.replace('.', ',') ?? '',
    unitCents: line.unitCents,
    amountCents: line.quantity !== null && line.unitCents !== null ? null : line.amountCents,
  };
}

function CostLineForm({
  application,
  line,
  onDone,
}: {
  application: Application;
  line?: CostLine;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { change, shell, send } = useLineForm(application.id);
  const [draft, setDraft] = useState<Draft>(() => (line ? draftOf(line) : emptyDraft(application)));
  const strand = application.strands.find((s) => s.code === draft.strand);
  const set = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));

  function chooseCategory(category: string) {
    const flatRate = category === 'teaching_hours' && strand?.teachingHourRateCents != null;
    set({ category, ...(flatRate ? { unitCents: strand.teachingHourRateCents } : {}) });
  }

  function submit(event: FormEvent) {
    const quantity = decimalInput(draft.quantity);
    const body = {
      strand: draft.strand,
      budgetYear: Number(draft.budgetYear),
      category: draft.category as CostCategory,
      description: draft.description,
      quantity,
      unitCents: draft.unitCents,
      ...(draft.amountCents === null ? {} : { amountCents: draft.amountCents }),
    };
    send(
      event,
      { segment: 'cost-lines', line, body },
      {
        onSuccess: () => {
          if (!line) setDraft(emptyDraft(application));
          onDone();
        },
      },
    );
  }

  const prefix = line ? 'cost-edit' : 'cost';
  const heading = line ? t('fundingApplications.costLines.editHeading') : t('fundingApplications.costLines.addHeading');
  return (
    <LineFormShell
      {...shell}
      heading={heading}
      submitLabel={line ? t('fundingApplications.common.save') : t('fundingApplications.common.add')}
      onSubmit={submit}
      extraButtons={
        line ? (
          <Button variant="outline" onClick={onDone}>
            {t('fundingApplications.common.cancel')}
          </Button>
        ) : null
      }
    >
      <Group grow align="start">
        <StrandSelect
          id={`${prefix}-strand`}
          application={application}
          label={t('fundingApplications.costLines.strand')}
          value={draft.strand}
          onChange={(code) => {
            const next = application.strands.find((s) => s.code === code);
            set({ strand: code, category: next?.costCategories[0] ?? draft.category });
          }}
        />
        <YearSelect
          id={`${prefix}-year`}
          application={application}
          label={t('fundingApplications.costLines.year')}
          value={draft.budgetYear}
          onChange={(budgetYear) => set({ budgetYear })}
        />
        <NativeSelect
          id={`${prefix}-category`}
          label={t('fundingApplications.costLines.category')}
          value={draft.category}
          onChange={(event) => chooseCategory(event.currentTarget.value)}
          data={(strand?.costCategories ?? []).map((value) => ({
            value,
            label: t(`fundingApplications.category.${value}`),
          }))}
          error={fieldError(change.error, 'category')}
          required
        />
      </Group>
      <TextInput
        id={`${prefix}-description`}
        label={t('fundingApplications.costLines.description')}
        value={draft.description}
        onChange={(event) => set({ description: event.currentTarget.value })}
        error={fieldError(change.error, 'description')}
        required
      />
      <Group grow align="start">
        <TextInput
          id={`${prefix}-quantity`}
          label={t('fundingApplications.costLines.quantity')}
          value={draft.quantity}
          inputMode="decimal"
          onChange={(event) => set({ quantity: event.currentTarget.value })}
          error={fieldError(change.error, 'quantity')}
        />
        <MoneyInput
          id={`${prefix}-unit`}
          label={t('fundingApplications.costLines.unit')}
          value={draft.unitCents}
          onChange={(unitCents) => set({ unitCents })}
          error={fieldError(change.error, 'unitCents')}
        />
        <MoneyInput
          id={`${prefix}-amount`}
          label={t('fundingApplications.costLines.amount')}
          description={t('fundingApplications.costLines.amountHint')}
          value={draft.amountCents}
          onChange={(amountCents) => set({ amountCents })}
          error={fieldError(change.error, 'amountCents')}
        />
      </Group>
    </LineFormShell>
  );
}

export function CostLinesSection({
  application,
  problems,
  editable,
}: {
  application: Application;
  problems: Problems;
  editable: boolean;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  const line = application.costLines.find((l) => l.id === editing);
  return (
    <PlanSection
      id="cost-lines"
      heading={t('fundingApplications.costLines.heading')}
      empty={t('fundingApplications.costLines.empty')}
      caption={t('fundingApplications.costLines.caption')}
      columns={[
        { label: t('fundingApplications.costLines.strand') },
        { label: t('fundingApplications.costLines.year') },
        { label: t('fundingApplications.costLines.category') },
        { label: t('fundingApplications.costLines.description') },
        { label: t('fundingApplications.costLines.amount'), amount: true },
      ]}
      lines={application.costLines}
      wide
      editable={editable}
      cells={(row) => (
        <>
          <Table.Td>{row.strand}</Table.Td>
          <Table.Td>{row.budgetYear}</Table.Td>
          <Table.Td>{t(`fundingApplications.category.${row.category}`)}</Table.Td>
          <Table.Td>
            {row.description}
            {row.quantity !== null && row.unitCents !== null ? (
              <Text size="sm" c="dimmed">
                {row.quantity.replace('.', ',')} × <Money cents={row.unitCents} />
              </Text>
            ) : null}
            <ProblemList problems={problemsOf(problems, `costLines.${row.id}`)} />
          </Table.Td>
          <Table.Td style={{ textAlign: 'right' }}>
            <Money cents={row.amountCents} />
          </Table.Td>
        </>
      )}
      actions={(row) => (
        <Group gap="xs">
          <Button
            size="xs"
            variant="outline"
            aria-label={`${t('fundingApplications.common.edit')}: ${row.description}`}
            onClick={() => setEditing(row.id)}
          >
            {t('fundingApplications.common.edit')}
          </Button>
          <RemoveLine applicationId={application.id} segment="cost-lines" line={row} label={row.description} />
        </Group>
      )}
    >
      {editable && line ? (
        <CostLineForm
          key={`${line.id}-${line.version}`}
          application={application}
          line={line}
          onDone={() => setEditing(null)}
        />
      ) : null}
      {editable ? <CostLineForm application={application} onDone={() => undefined} /> : null}
    </PlanSection>
  );
}
