// The narrative report (Sachbericht) with the figures from the case data: written while the proof is editable,
// read otherwise. The figures are a snapshot (small numbers shown as "."), taken again on request.
import { Button, Group, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { narrativeSections, type NarrativeSection } from '../../../funding/funding.codes.ts';
import type { ProofView } from '../../../funding/proof.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { ScrollRegion } from '../../components/scroll-region.tsx';
import { germanDate, Outcome } from '../funding-shared/funding-kit.tsx';
import { useFailureText } from './proof-kit.tsx';
import { useProofStep, useUpdateNarrative } from './proofs-api.ts';

const MEASURES = ['participants', 'women', 'enrolments', 'completions', 'dropouts', 'placements'] as const;

function cell(value: number | '.' | null): string {
  return value === null ? '–' : String(value);
}

export function FiguresTable({ proof }: { proof: ProofView }) {
  const { t } = useTranslation();
  const failure = useFailureText();
  const refresh = useProofStep(proof.id);
  const [attempt, setAttempt] = useState(0);
  const figures = proof.figures;
  return (
    <Stack gap="sm" component="section" aria-labelledby="figures-title">
      <Title order={2} id="figures-title">
        {t('fundingProofs.figures.title')}
      </Title>
      <Text>
        {t('fundingProofs.figures.intro', {
          date: germanDate(proof.figuresAt),
          threshold: String(figures?.threshold ?? 3),
        })}
      </Text>
      {!figures || figures.rows.length === 0 ? (
        <Text>{t('fundingProofs.figures.none')}</Text>
      ) : (
        <ScrollRegion label={t('fundingProofs.figures.caption')} minWidth={720}>
          <Table striped>
            <Table.Caption>{t('fundingProofs.figures.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('fundingProofs.figures.strand')}</Table.Th>
                {MEASURES.map((measure) => (
                  <Table.Th key={measure} scope="col" style={{ textAlign: 'right' }}>
                    {t(`fundingProofs.figures.${measure}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {figures.rows.map((row) => (
                <Table.Tr key={row.strand}>
                  <Table.Th scope="row">{row.strand}</Table.Th>
                  {MEASURES.map((measure) => (
                    <Table.Td key={measure} style={{ textAlign: 'right' }}>
                      {cell(row.cells[measure])}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Th scope="row">{t('fundingProofs.figures.total')}</Table.Th>
                {MEASURES.map((measure) => (
                  <Table.Td key={measure} style={{ textAlign: 'right' }}>
                    {cell(figures.total[measure])}
                  </Table.Td>
                ))}
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
      {proof.can.edit ? (
        <Group>
          <Button
            variant="outline"
            loading={refresh.isPending}
            onClick={() => {
              setAttempt((n) => n + 1);
              refresh.mutate({ step: 'figures', version: proof.version });
            }}
          >
            {t('fundingProofs.figures.refresh')}
          </Button>
        </Group>
      ) : null}
      {refresh.isError ? <FormError key={attempt}>{failure(refresh.error, proof)}</FormError> : null}
      {refresh.isSuccess ? <Outcome key={attempt}>{t('fundingProofs.figures.refreshed')}</Outcome> : null}
    </Stack>
  );
}

export function NarrativeSection({ proof }: { proof: ProofView }) {
  const { t } = useTranslation();
  const failure = useFailureText();
  const update = useUpdateNarrative(proof.id);
  const [texts, setTexts] = useState<Record<NarrativeSection, string>>(() => ({ ...proof.narrative }));
  const [attempt, setAttempt] = useState(0);

  const save = (event: FormEvent) => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    update.mutate({ body: texts, version: proof.version });
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="narrative-title">
      <Title order={2} id="narrative-title">
        {t('fundingProofs.narrative.title')}
      </Title>
      {proof.can.edit ? (
        <form onSubmit={save}>
          <Stack gap="sm">
            {narrativeSections.map((section) => (
              <Textarea
                key={section}
                id={`narrative-${section}`}
                label={t(`fundingProofs.narrative.${section}`)}
                description={t(`fundingProofs.narrative.hints.${section}`)}
                value={texts[section]}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  setTexts((current) => ({ ...current, [section]: value }));
                }}
                autosize
                minRows={3}
                maxLength={20_000}
              />
            ))}
            <Group>
              <Button type="submit" loading={update.isPending}>
                {t('fundingProofs.narrative.save')}
              </Button>
            </Group>
            {update.isError ? <FormError key={attempt}>{failure(update.error, proof)}</FormError> : null}
            {update.isSuccess ? <Outcome key={attempt}>{t('fundingProofs.narrative.saved')}</Outcome> : null}
          </Stack>
        </form>
      ) : (
        narrativeSections.map((section) => (
          <Stack key={section} gap={4}>
            <Title order={3}>{t(`fundingProofs.narrative.${section}`)}</Title>
            <Text style={{ whiteSpace: 'pre-wrap' }}>
              {proof.narrative[section] || t('fundingProofs.narrative.empty')}
            </Text>
          </Stack>
        ))
      )}
    </Stack>
  );
}
