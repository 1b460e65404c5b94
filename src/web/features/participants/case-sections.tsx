// The person's cases and their eligibility per strand on the participant page.
import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { strands as allStrands } from '../../../participants/participant.codes.ts';
import type { Participant } from '../../../participants/participant.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { useEligibilities } from './api/get-eligibility.ts';
import { useParticipantCases } from './api/participant-cases.ts';
import { CaseLink } from './case-link.tsx';
import { Section } from './detail-parts.tsx';
import { reasonMessage } from './eligibility-text.ts';
import { OUTCOME_COLORS } from './eligibility-view.tsx';
import { useTranslate } from './form-parts.tsx';
import { LoadFailed } from './feedback.tsx';
import { formatDate } from './format.ts';
import { OpenCaseForm } from './open-case-form.tsx';

export function CasesSection({
  participant,
  mayOpen,
}: {
  participant: Participant;
  /** The user may open cases and the record is writable. */
  mayOpen: boolean;
}) {
  const { t, i18n } = useTranslation();
  const cases = useParticipantCases(participant.id);
  const [opening, setOpening] = useState(false);
  const openButton = useRef<HTMLButtonElement>(null);
  const items = cases.data?.pages.flatMap((page) => page.items) ?? [];
  const date = (value: string | null) => formatDate(value, i18n.language) ?? '–';
  return (
    <Section id="cases" title={t('participants.cases.title')}>
      <Stack gap="md">
        <div role="status">{cases.isPending ? <Loading /> : null}</div>
        {cases.isError && !cases.data ? <LoadFailed error={cases.error} onRetry={() => void cases.refetch()} /> : null}
        {cases.data && items.length === 0 ? <Text>{t('participants.cases.empty')}</Text> : null}
        {items.length > 0 ? (
          <Table.ScrollContainer minWidth={640}>
            <Table striped withTableBorder verticalSpacing="xs">
              <Table.Caption>{t('participants.cases.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('participants.cases.openedOn')}</Table.Th>
                  <Table.Th scope="col">{t('participants.cases.programme')}</Table.Th>
                  <Table.Th scope="col">{t('participants.cases.strands')}</Table.Th>
                  <Table.Th scope="col">{t('participants.cases.status')}</Table.Th>
                  <Table.Th scope="col">{t('participants.cases.exitedOn')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Th scope="row" fw={400} style={{ whiteSpace: 'nowrap' }}>
                      <CaseLink
                        caseId={item.id}
                        aria-label={t('participants.cases.open', { date: date(item.openedOn) })}
                      >
                        {date(item.openedOn)}
                      </CaseLink>
                    </Table.Th>
                    <Table.Td>
                      {item.programme === 'diaa' ? t('participants.eligibility.programmes.diaa') : item.programme}
                    </Table.Td>
                    <Table.Td>{item.strands.join(', ')}</Table.Td>
                    <Table.Td>
                      <Stack gap={4} align="flex-start">
                        <span>{t(`participants.cases.statuses.${item.status}`)}</span>
                        {item.eligibility.decision ? (
                          <Badge color={OUTCOME_COLORS[item.eligibility.decision]} variant="outline" tt="none">
                            {t(`participants.eligibility.outcomes.${item.eligibility.decision}`)}
                          </Badge>
                        ) : null}
                      </Stack>
                    </Table.Td>
                    <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{date(item.exitedOn)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        {cases.hasNextPage ? (
          <Group>
            <Button variant="default" loading={cases.isFetchingNextPage} onClick={() => void cases.fetchNextPage()}>
              {t('participants.results.loadMore')}
            </Button>
          </Group>
        ) : null}
        {mayOpen && !opening ? (
          <Group>
            <Button ref={openButton} variant="default" onClick={() => setOpening(true)}>
              {t('participants.cases.openNew')}
            </Button>
          </Group>
        ) : null}
        {mayOpen && opening ? (
          <OpenCaseForm
            participant={participant}
            initialStrands={['FB1']}
            onLater={{
              label: t('participants.records.cancel'),
              run: () => {
                setOpening(false);
                requestAnimationFrame(() => openButton.current?.focus());
              },
            }}
          />
        ) : null}
      </Stack>
    </Section>
  );
}

/** Today's decision for every strand; the reasons behind a disclosure per strand. */
export function StrandEligibilitySection({ participant }: { participant: Participant }) {
  const { t, i18n } = useTranslation();
  const translate = useTranslate();
  const results = useEligibilities(participant.id, allStrands);
  const failed = results.find((result) => result.isError);
  return (
    <Section id="eligibility" title={t('participants.strandEligibility.title')}>
      <Stack gap="sm">
        <Text>{t('participants.strandEligibility.intro')}</Text>
        <div role="status">
          {results.some((result) => result.isPending) ? <Loading text={t('participants.eligibility.loading')} /> : null}
        </div>
        {failed?.error ? (
          <LoadFailed error={failed.error} onRetry={() => results.forEach((result) => void result.refetch())} />
        ) : null}
        <Table withTableBorder verticalSpacing="xs">
          <Table.Caption>{t('participants.strandEligibility.title')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('participants.eligibility.strand')}</Table.Th>
              <Table.Th scope="col">{t('participants.eligibility.title')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {allStrands.map((strand, index) => {
              const decision = results[index]?.data;
              return (
                <Table.Tr key={strand}>
                  <Table.Th scope="row" fw={400}>
                    {t(`participants.strandNames.${strand}`)}
                  </Table.Th>
                  <Table.Td>
                    {decision ? (
                      <details>
                        <summary>
                          <Badge component="span" color={OUTCOME_COLORS[decision.outcome]} variant="outline" tt="none">
                            {t(`participants.eligibility.outcomes.${decision.outcome}`)}
                          </Badge>{' '}
                          {t('participants.strandEligibility.show')}
                        </summary>
                        <ul style={{ margin: '0.5rem 0 0', paddingInlineStart: '1.2rem' }}>
                          {decision.reasons.map((reason) => (
                            <li key={`${reason.rule}-${reason.code}`}>
                              <Text size="sm" component="span" fw={600}>
                                {t(`participants.eligibility.effects.${reason.effect}`)}:
                              </Text>{' '}
                              <Text size="sm" component="span">
                                {reasonMessage(reason, translate, i18n.language)}
                              </Text>
                            </li>
                          ))}
                        </ul>
                      </details>
                    ) : (
                      '–'
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Stack>
    </Section>
  );
}
