// The approving authority's form to prepare a call (a draft): programme and strand, title, description, opening
// and deadline (local date and time), and the weighted scoring criteria.
import {
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { programmeListSchema } from '../../../funding/programme.schema.ts';
import { isProblem, requestJson } from '../../lib/api-request.ts';
import { newIdempotencyKey, useCreateCall } from './innovation-api.ts';
import { Outcome } from '../funding-shared/funding-kit.tsx';
import { useFailureText } from './innovation-kit.tsx';

interface CriterionRow {
  key: number;
  code: string;
  label: string;
  weight: number | '';
  maxScore: number | '';
}

/** A local date and time field's value as an instant (the browser's time zone). */
function instantOf(local: string): string {
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

export function NewCallForm() {
  const { t } = useTranslation();
  const create = useCreateCall();
  const failureText = useFailureText();
  const programmes = useQuery({
    queryKey: ['funding', 'programmes'],
    queryFn: ({ signal }) => requestJson('GET', '/api/v1/funding/programmes', { schema: programmeListSchema, signal }),
    retry: false,
  });
  const [programmeId, setProgrammeId] = useState('');
  const [strand, setStrand] = useState('FB5');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [opensAt, setOpensAt] = useState('');
  const [deadline, setDeadline] = useState('');
  const nextKey = useRef(1);
  const [criteria, setCriteria] = useState<CriterionRow[]>([{ key: 0, code: '', label: '', weight: 1, maxScore: 10 }]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<{ round: number; text: string; tone: 'success' | 'error' } | null>(null);
  const idempotencyKey = useRef(newIdempotencyKey());
  const items = programmes.data?.items ?? [];
  const programme = items.find((item) => item.id === programmeId) ?? items[0];

  const setCriterion = (key: number, change: Partial<CriterionRow>) =>
    setCriteria((rows) => rows.map((row) => (row.key === key ? { ...row, ...change } : row)));

  const submit = async () => {
    const round = (outcome?.round ?? 0) + 1;
    const required = t('innovation.common.required');
    const found: Record<string, string> = {};
    if (title.trim() === '') found.title = required;
    if (instantOf(opensAt) === '') found.opensAt = required;
    if (instantOf(deadline) === '') found.deadline = required;
    criteria.forEach((row, index) => {
      if (row.code.trim() === '') found[`criteria.${index}.code`] = required;
      if (row.label.trim() === '') found[`criteria.${index}.label`] = required;
      if (row.weight === '') found[`criteria.${index}.weight`] = required;
      if (row.maxScore === '') found[`criteria.${index}.maxScore`] = required;
    });
    setErrors(found);
    if (!programme || Object.keys(found).length > 0) {
      setOutcome({ round, text: t('innovation.common.invalid'), tone: 'error' });
      return;
    }
    try {
      const created = await create.mutateAsync({
        idempotencyKey: idempotencyKey.current,
        body: {
          programmeId: programme.id,
          strand,
          title: title.trim(),
          description: description.trim(),
          opensAt: instantOf(opensAt),
          deadline: instantOf(deadline),
          criteria: criteria.map((row) => ({
            code: row.code.trim(),
            label: row.label.trim(),
            weight: Number(row.weight),
            maxScore: Number(row.maxScore),
          })),
        },
      });
      idempotencyKey.current = newIdempotencyKey();
      setTitle('');
      setDescription('');
      setOutcome({ round, text: t('innovation.newCall.created', { title: created.title }), tone: 'success' });
    } catch (error) {
      if (isProblem(error, 'validation_failed')) {
        setErrors(Object.fromEntries(error.fieldErrors.map((problem) => [problem.field, problem.message])));
      }
      setOutcome({ round, text: failureText(error), tone: 'error' });
    }
  };

  return (
    <section aria-labelledby="new-call-heading">
      <Paper withBorder p="md">
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!create.isPending) void submit();
          }}
        >
          <Stack gap="sm">
            <Title order={2} id="new-call-heading">
              {t('innovation.newCall.heading')}
            </Title>
            {outcome ? (
              <Outcome key={outcome.round} tone={outcome.tone}>
                {outcome.text}
              </Outcome>
            ) : null}
            <Group grow align="flex-start">
              <NativeSelect
                id="call-programme"
                label={t('innovation.newCall.programme')}
                value={programme?.id ?? ''}
                error={errors.programmeId}
                onChange={(event) => setProgrammeId(event.currentTarget.value)}
                data={items.map((item) => ({ value: item.id, label: item.name }))}
              />
              <NativeSelect
                id="call-strand"
                label={t('innovation.newCall.strand')}
                value={strand}
                error={errors.strand}
                onChange={(event) => setStrand(event.currentTarget.value)}
                data={(programme?.strands ?? [{ code: 'FB5', name: '' }]).map((item) => ({
                  value: item.code,
                  label: item.name ? `${item.code} – ${item.name}` : item.code,
                }))}
              />
            </Group>
            <TextInput
              id="call-title"
              label={t('innovation.newCall.callTitle')}
              required
              value={title}
              error={errors.title}
              onChange={(event) => setTitle(event.currentTarget.value)}
            />
            <Textarea
              id="call-description"
              label={t('innovation.newCall.description')}
              autosize
              minRows={2}
              value={description}
              error={errors.description}
              onChange={(event) => setDescription(event.currentTarget.value)}
            />
            <Group grow align="flex-start">
              <TextInput
                id="call-opens-at"
                type="datetime-local"
                label={t('innovation.newCall.opensAt')}
                required
                value={opensAt}
                error={errors.opensAt}
                onChange={(event) => setOpensAt(event.currentTarget.value)}
              />
              <TextInput
                id="call-deadline"
                type="datetime-local"
                label={t('innovation.newCall.deadline')}
                required
                value={deadline}
                error={errors.deadline}
                onChange={(event) => setDeadline(event.currentTarget.value)}
              />
            </Group>
            <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
              <legend>
                <Text fw={600}>{t('innovation.newCall.criteria')}</Text>
              </legend>
              <Stack gap="xs">
                {criteria.map((row, index) => {
                  const number = index + 1;
                  const label = (name: string) => `${t('innovation.newCall.criterionNumber', { number })}: ${name}`;
                  return (
                    <Group key={row.key} align="flex-end" wrap="wrap">
                      <TextInput
                        id={`criterion-code-${index}`}
                        label={label(t('innovation.newCall.criterionCode'))}
                        value={row.code}
                        error={errors[`criteria.${index}.code`]}
                        onChange={(event) => setCriterion(row.key, { code: event.currentTarget.value })}
                      />
                      <TextInput
                        id={`criterion-label-${index}`}
                        label={label(t('innovation.newCall.criterionLabel'))}
                        value={row.label}
                        error={errors[`criteria.${index}.label`]}
                        onChange={(event) => setCriterion(row.key, { label: event.currentTarget.value })}
                      />
                      <NumberInput
                        id={`criterion-weight-${index}`}
                        label={label(t('innovation.newCall.weight'))}
                        min={1}
                        max={100}
                        allowDecimal={false}
                        value={row.weight}
                        error={errors[`criteria.${index}.weight`]}
                        onChange={(value) => setCriterion(row.key, { weight: typeof value === 'number' ? value : '' })}
                      />
                      <NumberInput
                        id={`criterion-max-${index}`}
                        label={label(t('innovation.newCall.maxScore'))}
                        min={1}
                        max={100}
                        allowDecimal={false}
                        value={row.maxScore}
                        error={errors[`criteria.${index}.maxScore`]}
                        onChange={(value) =>
                          setCriterion(row.key, { maxScore: typeof value === 'number' ? value : '' })
                        }
                      />
                      {criteria.length > 1 ? (
                        <Button
                          variant="default"
                          onClick={() => setCriteria((rows) => rows.filter((other) => other.key !== row.key))}
                        >
                          {t('innovation.newCall.removeCriterion', { number })}
                        </Button>
                      ) : null}
                    </Group>
                  );
                })}
                <Group>
                  <Button
                    variant="default"
                    onClick={() => {
                      const key = nextKey.current;
                      nextKey.current += 1;
                      setCriteria((rows) => [...rows, { key, code: '', label: '', weight: 1, maxScore: 10 }]);
                    }}
                  >
                    {t('innovation.newCall.addCriterion')}
                  </Button>
                </Group>
              </Stack>
            </fieldset>
            <Group>
              <Button type="submit" loading={create.isPending}>
                {t('innovation.newCall.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </section>
  );
}
