// The sums of the financing plan per year (costs = requested + own contribution + third-party funds, the own
// contribution's share against the rate required) and per strand and year, with the year's problems in its row;
// and the list of the problems that belong to no line.
import { Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Application } from '../../../funding/application.schema.ts';
import { formatRate, Money } from '../../components/money.tsx';
import { ProblemList, problemsOf, type Problems } from './plan-kit.tsx';

const LINE_PREFIXES = ['costLines.', 'positions.', 'fundingSources.', 'requestedAmounts.', 'years.'];

/** Problems about the application as a whole (header, empty plan, missing population), not about a line or year. */
export function generalProblems(problems: Problems): Problems {
  return problems.filter((p) => p.field !== 'positions' && !LINE_PREFIXES.some((prefix) => p.field.startsWith(prefix)));
}

export function PlanTotals({ application, problems }: { application: Application; problems: Problems }) {
  const { t } = useTranslation();
  const { totals } = application;
  return (
    <section aria-labelledby="totals-heading">
      <Stack gap="sm">
        <Title order={2} id="totals-heading">
          {t('fundingApplications.totals.heading')}
        </Title>
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Caption>{t('fundingApplications.totals.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('fundingApplications.totals.year')}</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('fundingApplications.totals.costs')}
                </Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('fundingApplications.totals.requested')}
                </Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('fundingApplications.totals.own')}
                </Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('fundingApplications.totals.thirdParty')}
                </Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('fundingApplications.totals.ownShare')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {totals.years.map((year) => (
                <Table.Tr key={year.budgetYear}>
                  <Table.Th scope="row">
                    {year.budgetYear}
                    <ProblemList problems={problemsOf(problems, `years.${year.budgetYear}`)} />
                  </Table.Th>
                  <Table.Td style={{ textAlign: 'right' }}>
                    <Money cents={year.costsCents} />
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    <Money cents={year.requestedCents} />
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    <Money cents={year.ownContributionCents} />
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    <Money cents={year.thirdPartyCents} />
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    {year.ownShareBp === null ? t('fundingApplications.common.none') : formatRate(year.ownShareBp)}
                  </Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Th scope="row">{t('fundingApplications.totals.total')}</Table.Th>
                <Table.Td style={{ textAlign: 'right' }}>
                  <Money cents={totals.costsCents} />
                </Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>
                  <Money cents={totals.requestedCents} />
                </Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>
                  <Money cents={totals.ownContributionCents} />
                </Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>
                  <Money cents={totals.thirdPartyCents} />
                </Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{formatRate(totals.requiredOwnContributionRateBp)}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {totals.strands.length > 0 ? (
          <Table striped>
            <Table.Caption>{t('fundingApplications.totals.strandCaption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('fundingApplications.totals.strand')}</Table.Th>
                <Table.Th scope="col">{t('fundingApplications.totals.year')}</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('fundingApplications.totals.costs')}
                </Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('fundingApplications.totals.requested')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {totals.strands.map((row) => (
                <Table.Tr key={`${row.strand}-${row.budgetYear}`}>
                  <Table.Td>{row.strand}</Table.Td>
                  <Table.Td>{row.budgetYear}</Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    <Money cents={row.costsCents} />
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    <Money cents={row.requestedCents} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </Stack>
    </section>
  );
}

/** The check of the plan: every problem counted, those of no line listed here (the others stand in their rows). */
export function PlanCheck({ problems }: { problems: Problems }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="check-heading">
      <Title order={2} id="check-heading" mb="xs">
        {t('fundingApplications.problems.heading')}
      </Title>
      {problems.length === 0 ? (
        <Text c="teal.9">{t('fundingApplications.problems.none')}</Text>
      ) : (
        <>
          <Text c="red.9">{t('fundingApplications.problems.some', { count: problems.length })}</Text>
          <ProblemList problems={generalProblems(problems)} />
        </>
      )}
    </section>
  );
}
