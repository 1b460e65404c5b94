import { Alert, List, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { strands, type Strand } from '../../../participants/participant.codes.ts';
import type { CaseEligibility, EligibilityReason } from '../../../cases/case.schema.ts';
import { formatDate, formatDateTime } from './format.ts';

type ReasonKey = 'cases.eligibility.reasons.age.within_range';

/** One reason in plain language, with its values (ages, status, strand) in words of the UI language. */
export function useReasonText() {
  const { t, i18n } = useTranslation();
  return (reason: EligibilityReason): string => {
    const key = `cases.eligibility.reasons.${reason.code}`;
    if (!/^[a-z_]+\.[a-z_]+$/.test(reason.code) || !i18n.exists(key)) {
      return t('cases.eligibility.reasons.unknown', { code: reason.code });
    }
    const params = reason.params;
    const age =
      typeof params.age === 'number'
        ? t('cases.eligibility.age.exact', { count: params.age })
        : typeof params.minPossibleAge === 'number' && typeof params.maxPossibleAge === 'number'
          ? t('cases.eligibility.age.range', { min: params.minPossibleAge, max: params.maxPossibleAge })
          : '';
    const status =
      typeof params.status === 'string' && i18n.exists(`cases.codes.residenceStatuses.${params.status}`)
        ? t(`cases.codes.residenceStatuses.${params.status as 'other'}`)
        : String(params.status ?? '');
    const strand = strands.find((item) => item === params.strand);
    // Every reason key exists (checked above); the cast names one of them for the typed `t`.
    return t(key as ReasonKey, {
      ...params,
      age,
      status,
      validFrom: typeof params.validFrom === 'string' ? formatDate(params.validFrom, i18n.language) : '',
      strand: strand ? t(`cases.strands.${strand}`) : String(params.strand ?? ''),
    });
  };
}

function StrandReasons({ strand, reasons }: { strand: Strand; reasons: readonly EligibilityReason[] }) {
  const { t } = useTranslation();
  const text = useReasonText();
  const titleId = `eligibility-reasons-${strand}`;
  return (
    <div>
      <Title order={3} size="h5" id={titleId} mb={4}>
        {t('cases.eligibility.reasonsOf', { strand: t(`cases.strands.${strand}`) })}
      </Title>
      <List spacing={2} aria-labelledby={titleId}>
        {reasons.map((reason) => (
          <List.Item key={`${reason.rule}-${reason.code}`}>
            <Text span fw={reason.effect === 'met' ? 400 : 700}>
              {t(`cases.eligibility.effects.${reason.effect}`)}:
            </Text>{' '}
            {text(reason)}
          </List.Item>
        ))}
      </List>
    </div>
  );
}

/** The case's eligibility: the decision (the weakest over its strands), when it was checked, every reason. */
export function EligibilityView({ eligibility }: { eligibility: CaseEligibility }) {
  const { t, i18n } = useTranslation();
  const byStrand = strands
    .map((strand) => ({ strand, reasons: eligibility.reasons.filter((reason) => reason.strand === strand) }))
    .filter((group) => group.reasons.length > 0);
  return (
    <Stack gap="sm">
      <Text>
        <Text span fw={700}>
          {t('cases.eligibility.decision')}:{' '}
        </Text>
        {t(`cases.eligibility.decisions.${eligibility.decision ?? 'unknown'}`)}
        {eligibility.checkedAt
          ? ` – ${t('cases.eligibility.checkedAt', { date: formatDateTime(eligibility.checkedAt, i18n.language) })}`
          : ''}
      </Text>
      {eligibility.lostAt ? (
        <Alert color="red.9" variant="outline">
          {t('cases.eligibility.lostAt', { date: formatDateTime(eligibility.lostAt, i18n.language) })}
        </Alert>
      ) : null}
      {byStrand.map((group) => (
        <StrandReasons key={group.strand} strand={group.strand} reasons={group.reasons} />
      ))}
    </Stack>
  );
}
