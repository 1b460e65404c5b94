// The sub-records on the participant page: the history of residence statuses, languages and schooling, each as
// a table with an "add" form (the server answers with the whole record in its new version).
import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  languageInputSchema,
  residenceStatusInputSchema,
  schoolingInputSchema,
  type Participant,
  type ResidenceStatusRecord,
} from '../../../participants/participant.schema.ts';
import { useAddSubRecord, type SubRecordBodies, type SubRecordKind } from './api/sub-records.ts';
import { Section } from './detail-parts.tsx';
import { countryName, formatDate, languageName } from './format.ts';
import { fieldId } from './form-parts.tsx';
import {
  EMPTY_LANGUAGE,
  EMPTY_RESIDENCE,
  EMPTY_SCHOOLING,
  languageRequest,
  residenceRequest,
  schoolingRequest,
} from './participant-form-values.ts';
import { checkWith, type Checked } from './form-problems.ts';
import { Outcome } from './feedback.tsx';
import { RecordAdder } from './record-adder.tsx';
import { ResidenceCorrection } from './residence-correction.tsx';
import { LanguageFields, ResidenceStatusFields, SchoolingFields } from './record-fields.tsx';

interface SectionProps {
  participant: Participant;
  writable: boolean;
  onReload: () => Promise<unknown>;
  reloading: boolean;
}

type AddedKind = Exclude<SubRecordKind, 'consents'>;

/** The "add" form of a sub-record table: sent with If-Match of the participant's version. */
function SubRecordAdder<K extends AddedKind, V>({
  participant,
  kind,
  prefix,
  label,
  initial,
  firstField,
  check,
  fields,
  onReload,
  reloading,
}: Omit<SectionProps, 'writable'> & {
  kind: K;
  prefix: string;
  label: string;
  initial: V;
  firstField: string;
  check: (values: V) => Checked<SubRecordBodies[K]>;
  fields: (values: V, onChange: (next: V) => void, errors: Record<string, string>) => ReactNode;
}) {
  const { t } = useTranslation();
  const add = useAddSubRecord<K>();
  return (
    <RecordAdder
      participant={participant}
      prefix={prefix}
      openLabel={label}
      title={label}
      submitLabel={t('participants.records.add')}
      doneText={t('participants.records.added')}
      initial={initial}
      firstFieldId={fieldId(prefix, firstField)}
      check={check}
      send={(body) => add.mutateAsync({ participantId: participant.id, version: participant.version, kind, body })}
      onReload={onReload}
      reloading={reloading}
      fields={fields}
    />
  );
}

export function ResidenceSection({ participant, writable, onReload, reloading }: SectionProps) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<{ id: string; mode: 'correct' | 'delete' } | null>(null);
  const [done, setDone] = useState<{ text: string; round: number } | null>(null);
  const date = (value: string | null) => formatDate(value, i18n.language) ?? '–';
  const history = [...participant.residenceStatuses].reverse();
  const currentId = participant.currentResidenceStatus?.id;
  const edited = history.find((status) => status.id === editing?.id);
  const statusName = (status: ResidenceStatusRecord) =>
    `${t(`participants.statuses.${status.status}`)} (${date(status.validFrom)})`;
  // Back to the row's button the user came from.
  const closeEditor = (id: string, mode: 'correct' | 'delete') => {
    setEditing(null);
    requestAnimationFrame(() => document.getElementById(`residence-${mode}-${id}`)?.focus());
  };
  return (
    <Section id="residence" title={t('participants.records.residenceTitle')}>
      <Stack gap="md">
        {done ? <Outcome key={done.round}>{done.text}</Outcome> : null}
        {history.length === 0 ? (
          <Text>{t('participants.records.residenceEmpty')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table striped withTableBorder verticalSpacing="xs">
              <Table.Caption>{t('participants.records.residenceCaption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('participants.fields.residenceStatus')}</Table.Th>
                  <Table.Th scope="col">{t('participants.fields.validFrom')}</Table.Th>
                  <Table.Th scope="col">{t('participants.fields.validTo')}</Table.Th>
                  <Table.Th scope="col">{t('participants.fields.documentExpiry')}</Table.Th>
                  <Table.Th scope="col">{t('participants.fields.notes')}</Table.Th>
                  {writable ? <Table.Th scope="col">{t('participants.records.actions')}</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {history.map((status) => (
                  <Table.Tr key={status.id}>
                    <Table.Th scope="row" fw={400}>
                      <Stack gap={4} align="flex-start">
                        <span>{t(`participants.statuses.${status.status}`)}</span>
                        {status.legalParagraph ? <Text size="sm">{status.legalParagraph}</Text> : null}
                        {status.id === currentId ? (
                          <Badge color="teal.9" variant="outline" tt="none">
                            {t('participants.records.current')}
                          </Badge>
                        ) : null}
                      </Stack>
                    </Table.Th>
                    <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{date(status.validFrom)}</Table.Td>
                    <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{date(status.validTo)}</Table.Td>
                    <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{date(status.documentExpiry)}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{status.notes ?? ''}</Table.Td>
                    {writable ? (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          {(['correct', 'delete'] as const).map((mode) => (
                            <Button
                              key={mode}
                              id={`residence-${mode}-${status.id}`}
                              size="compact-sm"
                              variant="default"
                              aria-label={t(`participants.records.${mode}StatusLabel`, { status: statusName(status) })}
                              onClick={() => {
                                setDone(null);
                                setEditing({ id: status.id, mode });
                              }}
                            >
                              {t(`participants.records.${mode}`)}
                            </Button>
                          ))}
                        </Group>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {writable && edited && editing ? (
          <ResidenceCorrection
            key={`${edited.id}-${editing.mode}`}
            participant={participant}
            status={edited}
            mode={editing.mode}
            onClose={() => closeEditor(edited.id, editing.mode)}
            onDone={(text) => {
              setEditing(null);
              setDone({ text, round: (done?.round ?? 0) + 1 });
            }}
            onReload={onReload}
            reloading={reloading}
          />
        ) : null}
        {writable ? (
          <SubRecordAdder
            participant={participant}
            kind="residence-statuses"
            prefix="residence"
            label={t('participants.records.addResidence')}
            initial={EMPTY_RESIDENCE}
            firstField="status"
            check={(values) => checkWith(residenceStatusInputSchema, residenceRequest(values))}
            onReload={onReload}
            reloading={reloading}
            fields={(values, onChange, errors) => (
              <Stack gap="sm">
                <Text size="sm">{t('participants.records.residenceHint')}</Text>
                <ResidenceStatusFields prefix="residence" path="" values={values} onChange={onChange} errors={errors} />
              </Stack>
            )}
          />
        ) : null}
      </Stack>
    </Section>
  );
}

export function LanguagesSection({ participant, writable, onReload, reloading }: SectionProps) {
  const { t, i18n } = useTranslation();
  return (
    <Section id="languages" title={t('participants.records.languagesTitle')}>
      <Stack gap="md">
        {participant.languages.length === 0 ? (
          <Text>{t('participants.records.languagesEmpty')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table striped withTableBorder verticalSpacing="xs">
              <Table.Caption>{t('participants.records.languagesCaption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('participants.fields.language')}</Table.Th>
                  <Table.Th scope="col">{t('participants.fields.level')}</Table.Th>
                  <Table.Th scope="col">{t('participants.fields.evidence')}</Table.Th>
                  <Table.Th scope="col">{t('participants.fields.evidenceDate')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {participant.languages.map((language) => (
                  <Table.Tr key={language.id}>
                    <Table.Th scope="row" fw={400}>
                      {languageName(language.language, i18n.language)}
                    </Table.Th>
                    <Table.Td>{t(`participants.levels.${language.level}`)}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{language.evidence ?? '–'}</Table.Td>
                    <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {formatDate(language.evidenceDate, i18n.language) ?? '–'}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {writable ? (
          <SubRecordAdder
            participant={participant}
            kind="languages"
            prefix="language"
            label={t('participants.records.addLanguage')}
            initial={EMPTY_LANGUAGE}
            firstField="language"
            check={(values) => checkWith(languageInputSchema, languageRequest(values))}
            onReload={onReload}
            reloading={reloading}
            fields={(values, onChange, errors) => (
              <LanguageFields prefix="language" path="" values={values} onChange={onChange} errors={errors} />
            )}
          />
        ) : null}
      </Stack>
    </Section>
  );
}

export function SchoolingSection({ participant, writable, onReload, reloading }: SectionProps) {
  const { t, i18n } = useTranslation();
  return (
    <Section id="schooling" title={t('participants.records.schoolingTitle')}>
      <Stack gap="md">
        {participant.schooling.length === 0 ? (
          <Text>{t('participants.records.schoolingEmpty')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table striped withTableBorder verticalSpacing="xs">
              <Table.Caption>{t('participants.records.schoolingCaption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('participants.fields.qualification')}</Table.Th>
                  <Table.Th scope="col">{t('participants.fields.schoolCountry')}</Table.Th>
                  <Table.Th scope="col">{t('participants.fields.years')}</Table.Th>
                  <Table.Th scope="col">{t('participants.fields.recognised')}</Table.Th>
                  <Table.Th scope="col">{t('participants.fields.notes')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {participant.schooling.map((schooling) => (
                  <Table.Tr key={schooling.id}>
                    <Table.Th scope="row" fw={400}>
                      {t(`participants.qualifications.${schooling.qualification}`)}
                    </Table.Th>
                    <Table.Td>
                      {schooling.country
                        ? schooling.country === 'XX'
                          ? t('participants.form.stateless')
                          : countryName(schooling.country, i18n.language)
                        : '–'}
                    </Table.Td>
                    <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {schooling.years === null ? '–' : t('participants.records.years', { count: schooling.years })}
                    </Table.Td>
                    <Table.Td>{schooling.recognised ? t('participants.yes') : t('participants.no')}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{schooling.notes ?? ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {writable ? (
          <SubRecordAdder
            participant={participant}
            kind="schooling"
            prefix="schooling"
            label={t('participants.records.addSchooling')}
            initial={EMPTY_SCHOOLING}
            firstField="qualification"
            check={(values) => checkWith(schoolingInputSchema, schoolingRequest(values))}
            onReload={onReload}
            reloading={reloading}
            fields={(values, onChange, errors) => (
              <SchoolingFields prefix="schooling" path="" values={values} onChange={onChange} errors={errors} />
            )}
          />
        ) : null}
      </Stack>
    </Section>
  );
}
