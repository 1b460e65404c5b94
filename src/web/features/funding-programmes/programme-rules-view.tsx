// A programme version's rules, readably: the general rules (own contribution, payments, proof of use) and each
// strand with its financing, distribution and numbers.
import { List, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ProgrammeDefinition } from '../../../funding/programme.schema.ts';
import { Money, formatRate } from '../../components/money.tsx';
import { germanDate } from '../funding-shared/funding-kit.tsx';
import { formatDecimal } from './funding-format.ts';
import { ScrollTable } from '../../components/scroll-region.tsx';

export function ProgrammeRulesView({ definition, headingId }: { definition: ProgrammeDefinition; headingId: string }) {
  const { t } = useTranslation();
  const [month, day] = definition.interimStatementDue.split('-');
  return (
    <Stack gap="md">
      <Title order={2} id={headingId}>
        {t('fundingProgrammes.rules.title')}
      </Title>
      <Table withTableBorder variant="vertical" layout="fixed">
        <caption style={{ textAlign: 'start', fontWeight: 600 }}>{t('fundingProgrammes.rules.general')}</caption>
        <Table.Tbody>
          <Rule label={t('fundingProgrammes.rules.legalBasis')}>
            {definition.legalBasis || t('fundingProgrammes.common.none')}
          </Rule>
          <Rule label={t('fundingProgrammes.rules.runtime')}>
            {t('fundingProgrammes.programmes.fromTo', {
              from: germanDate(definition.runtime.from),
              to: germanDate(definition.runtime.to),
            })}
          </Rule>
          <Rule label={t('fundingProgrammes.rules.total')}>
            <Money cents={definition.totalBudgetCents} />
          </Rule>
          <Rule label={t('fundingProgrammes.rules.ownContribution')}>
            {t('fundingProgrammes.rules.ownContributionValue', {
              standard: formatRate(definition.ownContribution.defaultRateBp),
              recovery: formatRate(definition.ownContribution.budgetRecoveryRateBp),
            })}
          </Rule>
          <Rule label={t('fundingProgrammes.rules.financingTypes')}>
            {definition.financingTypes.map((type) => t(`fundingProgrammes.financingTypes.${type}`)).join(', ')}
            {' — '}
            {t('fundingProgrammes.rules.defaultType', {
              type: t(`fundingProgrammes.financingTypes.${definition.defaultFinancingType}`),
            })}
          </Rule>
          <Rule label={t('fundingProgrammes.rules.conditions')}>
            {t('fundingProgrammes.rules.conditionsValue', {
              decision: definition.conditions.decision,
              forwarding: definition.conditions.forwarding,
            })}
          </Rule>
          <Rule label={t('fundingProgrammes.rules.paymentDue')}>
            {t('fundingProgrammes.rules.months', { count: definition.paymentDueWithinMonths })}
          </Rule>
          <Rule label={t('fundingProgrammes.rules.lineTolerance')}>{formatRate(definition.lineToleranceBp)}</Rule>
          <Rule label={t('fundingProgrammes.rules.receipts')}>
            {t('fundingProgrammes.rules.years', { count: definition.receiptRetentionYears })}
          </Rule>
          <Rule label={t('fundingProgrammes.rules.interimDue')}>{`${day}.${month}.`}</Rule>
          <Rule label={t('fundingProgrammes.rules.finalProofDue')}>
            {t('fundingProgrammes.rules.months', { count: definition.finalProofDueMonths })}
          </Rule>
        </Table.Tbody>
      </Table>
      <ScrollTable
        caption={t('fundingProgrammes.rules.strandsCaption')}
        minWidth={900}
        columns={[
          t('fundingProgrammes.rules.strand'),
          t('fundingProgrammes.rules.financing'),
          t('fundingProgrammes.rules.distribution'),
          t('fundingProgrammes.rules.numbers'),
        ]}
      >
        {definition.strands.map((strand) => (
          <Table.Tr key={strand.code}>
            <Table.Th scope="row" fw={400}>
              <Text fw={600} span>
                {strand.code}
              </Text>{' '}
              {strand.name}
            </Table.Th>
            <Table.Td>{t(`fundingProgrammes.financingModes.${strand.financing}`)}</Table.Td>
            <Table.Td>{t(`fundingProgrammes.distributions.${strand.distribution}`)}</Table.Td>
            <Table.Td>
              <List size="sm" spacing={2}>
                {strand.teachingHourRateCents !== undefined ? (
                  <List.Item>
                    {t('fundingProgrammes.rules.teachingHourRate')} <Money cents={strand.teachingHourRateCents} />
                    {strand.examFeesAtActualCost ? `; ${t('fundingProgrammes.rules.examFees')}` : ''}
                  </List.Item>
                ) : null}
                {strand.postRates.map((rate) => (
                  <List.Item key={rate.code}>
                    {t('fundingProgrammes.rules.postRate', { label: rate.label, fte: formatDecimal(rate.fte) })}{' '}
                    <Money cents={rate.annualMaxCents} />
                  </List.Item>
                ))}
                {strand.setupPerWorkstationCents !== undefined ? (
                  <List.Item>
                    {t('fundingProgrammes.rules.setup')} <Money cents={strand.setupPerWorkstationCents} />
                  </List.Item>
                ) : null}
                {strand.capCents !== undefined ? (
                  <List.Item>
                    {t('fundingProgrammes.rules.cap')} <Money cents={strand.capCents} />
                  </List.Item>
                ) : null}
                {strand.annualBudgets.map((budget) => (
                  <List.Item key={budget.budgetYear}>
                    {t('fundingProgrammes.rules.annualBudget', { year: budget.budgetYear })}{' '}
                    <Money cents={budget.amountCents} />
                  </List.Item>
                ))}
                {strand.postsFormula ? (
                  <List.Item>
                    {t('fundingProgrammes.rules.postsFormula', {
                      persons: strand.postsFormula.personsPerPost,
                      minimum: formatDecimal(strand.postsFormula.minimumFte),
                    })}
                  </List.Item>
                ) : null}
                {strand.allianceMembersOnly ? <List.Item>{t('fundingProgrammes.rules.allianceOnly')}</List.Item> : null}
                {strand.proposalsByCall ? <List.Item>{t('fundingProgrammes.rules.byCall')}</List.Item> : null}
                <List.Item>
                  {t('fundingProgrammes.rules.costCategories')}{' '}
                  {strand.costCategories.map((c) => t(`fundingProgrammes.costCategories.${c}`)).join(', ')}
                </List.Item>
              </List>
            </Table.Td>
          </Table.Tr>
        ))}
      </ScrollTable>
    </Stack>
  );
}

function Rule({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" w="35%">
        {label}
      </Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}
