// Small building blocks of the participant forms: field ids for the error summary, the summary itself and a
// picker for lists of codes (countries) that works with every screen reader.
import { Alert, Button, Group, List, NativeSelect, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormProblem } from './form-problems.ts';

/** The id of a field's control, the target of the error summary's links ("languages.0.level" → …-languages-0-level). */
export function fieldId(prefix: string, field: string): string {
  return `${prefix}-${field.replaceAll('.', '-')}`;
}

/** The translate function for keys built at run time (field paths, reason codes): a key and values, giving text. */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

/**
 * i18next's `t` for keys built at run time. Its typed signature accepts only literal keys; the callers look
 * their keys up in lists of known ones (FIELD_LABEL_KEYS, the reason codes) and fall back to a known key.
 */
export function useTranslate(): Translate {
  const { t } = useTranslation();
  return useCallback((key, values) => (t as unknown as Translate)(key, values), [t]);
}

/** The locale key of each field's label, by the field's own name (the last part of its path). */
export const FIELD_LABEL_KEYS: Readonly<Record<string, string>> = {
  familyName: 'participants.fields.familyName',
  givenNames: 'participants.fields.givenNames',
  familyNameOriginal: 'participants.fields.familyNameOriginal',
  givenNamesOriginal: 'participants.fields.givenNamesOriginal',
  birthDate: 'participants.fields.birthDate',
  gender: 'participants.fields.gender',
  countriesOfOrigin: 'participants.fields.countriesOfOrigin',
  nationalities: 'participants.fields.nationalities',
  phone: 'participants.fields.phone',
  email: 'participants.fields.email',
  street: 'participants.fields.street',
  postcode: 'participants.fields.postcode',
  city: 'participants.fields.city',
  cityDistrict: 'participants.fields.cityDistrict',
  accommodation: 'participants.fields.accommodation',
  workPermission: 'participants.fields.workPermission',
  benefits: 'participants.fields.benefits',
  excludedOffender: 'participants.fields.excludedOffender',
  vocationalExperience: 'participants.fields.vocationalExperience',
  restricted: 'participants.fields.restricted',
  strands: 'participants.fields.strands',
  status: 'participants.fields.residenceStatus',
  legalParagraph: 'participants.fields.legalParagraph',
  validFrom: 'participants.fields.validFrom',
  validTo: 'participants.fields.validTo',
  documentExpiry: 'participants.fields.documentExpiry',
  notes: 'participants.fields.notes',
  language: 'participants.fields.language',
  level: 'participants.fields.level',
  evidenceDate: 'participants.fields.evidenceDate',
  evidence: 'participants.fields.evidence',
  qualification: 'participants.fields.qualification',
  country: 'participants.fields.schoolCountry',
  years: 'participants.fields.years',
  recognised: 'participants.fields.recognised',
  purpose: 'participants.fields.purpose',
  scope: 'participants.fields.scope',
  givenOn: 'participants.fields.givenOn',
  revokedOn: 'participants.fields.revokedOn',
  reason: 'participants.fields.reason',
};

/** The label of a field by its dotted path, with the row for list entries ("Language 2 – Level (CEFR)"). */
export function fieldLabel(field: string, t: Translate): string {
  const parts = field.split('.');
  const name = parts.at(-1) ?? field;
  const label = t(FIELD_LABEL_KEYS[name] ?? 'participants.fields.name');
  const [list, index] = parts;
  const row = Number(index) + 1;
  if (parts.length === 3 && list === 'languages') return `${t('participants.create.languageN', { n: row })} – ${label}`;
  if (parts.length === 3 && list === 'schooling')
    return `${t('participants.create.schoolingN', { n: row })} – ${label}`;
  if (parts.length === 3 && list === 'residenceStatuses')
    return `${t('participants.create.residenceTitle')} – ${label}`;
  return label;
}

/** Problems by field, as texts for the fields' `error`. */
export function useProblemTexts(problems: readonly FormProblem[]): Record<string, string> {
  const { t } = useTranslation();
  return Object.fromEntries(problems.map((problem) => [problem.field, t(`participants.problems.${problem.message}`)]));
}

/**
 * The problems of a submitted form, listed with links to their fields; each field shows its own message too.
 * Focused when it appears: give it a new `key` per attempt so that a repeated failure is announced.
 */
export function ProblemSummary({
  problems,
  prefix,
  labelOf,
}: {
  problems: readonly FormProblem[];
  prefix: string;
  /** The label of a field; by default the participant form's labels. */
  labelOf?: (field: string) => string;
}) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const label = labelOf ?? ((field: string) => fieldLabel(field, translate));
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      color="red.9"
      variant="outline"
      title={t('participants.problems.summary')}
      role="alert"
    >
      <ul style={{ margin: 0, paddingInlineStart: '1.2rem' }}>
        {problems.map((problem) => (
          <li key={problem.field}>
            <a
              href={`#${fieldId(prefix, problem.field)}`}
              onClick={(event) => {
                event.preventDefault();
                document.getElementById(fieldId(prefix, problem.field))?.focus();
              }}
            >
              {label(problem.field)}: {t(`participants.problems.${problem.message}`)}
            </a>
          </li>
        ))}
      </ul>
    </Alert>
  );
}

/**
 * A list of codes chosen one at a time from a native select, each listed with a button to remove it: plain
 * controls rather than a multi-select combobox, so that it works with every screen reader and keyboard.
 */
export function CodeListPicker({
  id,
  label,
  description,
  options,
  value,
  onChange,
  error,
  max,
  addLabel,
}: {
  id: string;
  label: string;
  /** The add button's text, e.g. "Add country of origin". */
  addLabel: string;
  description?: string;
  options: { value: string; label: string }[];
  value: string[];
  onChange: (next: string[]) => void;
  error?: string;
  max: number;
}) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState('');
  const labelOf = (code: string) => options.find((option) => option.value === code)?.label ?? code;
  const add = () => {
    if (!choice || value.includes(choice)) return;
    onChange([...value, choice]);
    setChoice('');
  };
  return (
    <Stack gap={6}>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <NativeSelect
          id={id}
          label={label}
          description={description}
          error={error}
          value={choice}
          onChange={(event) => setChoice(event.currentTarget.value)}
          data={[
            { value: '', label: t('participants.form.choose') },
            ...options.filter((option) => !value.includes(option.value)),
          ]}
          style={{ flex: '1 1 16rem' }}
        />
        <Button variant="default" onClick={add} disabled={!choice || value.length >= max}>
          {addLabel}
        </Button>
      </Group>
      {value.length > 0 ? (
        <List spacing={4} aria-label={label}>
          {value.map((code) => (
            <List.Item key={code}>
              <Group gap="xs" wrap="nowrap">
                <Text component="span">{labelOf(code)}</Text>
                <Button
                  size="compact-sm"
                  variant="subtle"
                  onClick={() => onChange(value.filter((item) => item !== code))}
                  aria-label={t('participants.form.removeFromList', { item: labelOf(code), label })}
                >
                  {t('participants.form.remove')}
                </Button>
              </Group>
            </List.Item>
          ))}
        </List>
      ) : null}
    </Stack>
  );
}
