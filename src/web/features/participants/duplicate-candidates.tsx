// The duplicate check's candidates, shown before a new record is created: the user opens an existing record
// or confirms that none of them is the person. Records the user may not see appear only with their likeness.
import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { DuplicateCandidate } from '../../../participants/participant.schema.ts';
import { AnchorLink } from '../../components/router-link.tsx';
import { intlLocale } from '../../lib/language.ts';
import { formatBirthDate } from './birth-date.ts';
import { listName } from './format.ts';
import { ParticipantBadges } from './participant-badges.tsx';

/** The reasons of participant-names.rules.ts this version puts into words; others are shown as sent. */
export const KNOWN_DUPLICATE_REASONS: ReadonlySet<string> = new Set([
  'same_name',
  'similar_name',
  'swapped_names',
  'transliteration_variant',
  'same_birth_date',
  'compatible_birth_date',
  'original_script_match',
]);

export function DuplicateCandidates({
  candidates,
  changed,
  busy,
  onConfirmNone,
  onBack,
}: {
  candidates: DuplicateCandidate[];
  /** The creation found candidates the user had not seen yet (someone recorded them meanwhile). */
  changed: boolean;
  busy: boolean;
  onConfirmNone: () => void;
  onBack: () => void;
}) {
  const { t, i18n } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The form was replaced by this list: focus its heading so that it is read out and Tab continues here.
  useEffect(() => headingRef.current?.focus(), [candidates]);
  const percent = (score: number) =>
    t('participants.duplicates.percent', {
      value: new Intl.NumberFormat(intlLocale(i18n.language), { maximumFractionDigits: 0 }).format(score * 100),
    });
  const reasonText = (reason: string) =>
    KNOWN_DUPLICATE_REASONS.has(reason) ? t(`participants.duplicates.reasonCodes.${reason as 'same_name'}`) : reason;

  return (
    <Stack gap="md" component="section" aria-labelledby="duplicates-title">
      <Title order={2} id="duplicates-title" ref={headingRef} tabIndex={-1}>
        {t('participants.duplicates.title')}
      </Title>
      <Text role={changed ? 'alert' : undefined}>
        {changed
          ? t('participants.duplicates.changed')
          : t('participants.duplicates.intro', { count: candidates.length })}
      </Text>
      <Table.ScrollContainer minWidth={760}>
        <Table striped withTableBorder verticalSpacing="xs">
          <Table.Caption>{t('participants.duplicates.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('participants.fields.number')}</Table.Th>
              <Table.Th scope="col">{t('participants.fields.name')}</Table.Th>
              <Table.Th scope="col">{t('participants.fields.birthDate')}</Table.Th>
              <Table.Th scope="col">{t('participants.duplicates.reasons')}</Table.Th>
              <Table.Th scope="col">{t('participants.duplicates.score')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {candidates.map((candidate) =>
              candidate.restricted ? (
                <Table.Tr key={candidate.id}>
                  <Table.Th scope="row" fw={400}>
                    –
                  </Table.Th>
                  <Table.Td colSpan={3}>
                    <Stack gap={4}>
                      <ParticipantBadges restricted blocked={false} merged={false} />
                      <Text size="sm">{t('participants.duplicates.restrictedRow')}</Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{percent(candidate.score)}</Table.Td>
                </Table.Tr>
              ) : (
                <Table.Tr key={candidate.id}>
                  <Table.Th scope="row" fw={400} style={{ whiteSpace: 'nowrap' }}>
                    <AnchorLink
                      to="/participants/$participantId"
                      params={{ participantId: candidate.participant.id }}
                      aria-label={t('participants.duplicates.openLabel', { number: candidate.participant.number })}
                    >
                      {candidate.participant.number}
                    </AnchorLink>
                  </Table.Th>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    <Stack gap={4}>
                      <span>{listName(candidate.participant)}</span>
                      <ParticipantBadges
                        restricted={candidate.participant.restricted}
                        blocked={candidate.participant.blocked}
                        merged={candidate.participant.mergedIntoId !== null}
                      />
                    </Stack>
                  </Table.Td>
                  <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {formatBirthDate(
                      candidate.participant.birthDate,
                      candidate.participant.birthDatePrecision,
                      intlLocale(i18n.language),
                    ) ?? t('participants.unknown')}
                  </Table.Td>
                  <Table.Td>{candidate.reasons.map(reasonText).join(', ')}</Table.Td>
                  <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{percent(candidate.score)}</Table.Td>
                </Table.Tr>
              ),
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group>
        <Button onClick={onConfirmNone} loading={busy}>
          {t('participants.duplicates.noneOfThese')}
        </Button>
        <Button variant="default" onClick={onBack} disabled={busy}>
          {t('participants.duplicates.back')}
        </Button>
      </Group>
    </Stack>
  );
}
