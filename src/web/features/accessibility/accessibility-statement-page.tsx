import { Anchor, List, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/page-title.tsx';
import {
  ACCESSIBILITY_CONTACT_EMAIL,
  ACCESSIBILITY_STATEMENT_DATE,
  APP_VERSION,
  ENFORCEMENT_BODIES,
} from '../../lib/config.ts';
import { intlLocale } from '../../lib/language.ts';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Title order={2} id={id} mb="xs">
        {title}
      </Title>
      <Stack gap="xs">{children}</Stack>
    </section>
  );
}

function EnforcementBody({ name, url, hint }: { name: string; url: string; hint: string }) {
  return (
    <Text>
      <Anchor href={url} lang="de">
        {name}
      </Anchor>{' '}
      {hint}
    </Text>
  );
}

/** The statement in the shape of the model in Implementing Decision (EU) 2018/1523 / BITV 2.0 § 7. */
export function AccessibilityStatementPage() {
  const { t, i18n } = useTranslation();
  const preparedOn = new Intl.DateTimeFormat(intlLocale(i18n.language), { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${ACCESSIBILITY_STATEMENT_DATE}T00:00:00Z`),
  );

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <PageTitle>{t('accessibility.title')}</PageTitle>
        <Text>{t('accessibility.intro')}</Text>
        <Text>{t('accessibility.scope', { version: APP_VERSION })}</Text>
      </Stack>

      <Section id="a11y-conformance" title={t('accessibility.conformanceTitle')}>
        <Text>{t('accessibility.conformanceText')}</Text>
      </Section>

      <Section id="a11y-gaps" title={t('accessibility.gapsTitle')}>
        <List spacing="xs">
          <List.Item>{t('accessibility.gapNewSystem')}</List.Item>
          <List.Item>{t('accessibility.gapNoExpertTest')}</List.Item>
          <List.Item>{t('accessibility.gapNoAssistiveTech')}</List.Item>
          <List.Item>{t('accessibility.gapAutomated')}</List.Item>
        </List>
      </Section>

      <Section id="a11y-preparation" title={t('accessibility.preparationTitle')}>
        <Text>{t('accessibility.preparationText', { date: preparedOn })}</Text>
        <Text>{t('accessibility.methodText')}</Text>
      </Section>

      <Section id="a11y-feedback" title={t('accessibility.feedbackTitle')}>
        <Text>{t('accessibility.feedbackText')}</Text>
        <Text>
          {t('accessibility.feedbackContact')}{' '}
          <Anchor href={`mailto:${ACCESSIBILITY_CONTACT_EMAIL}`}>{ACCESSIBILITY_CONTACT_EMAIL}</Anchor>
        </Text>
      </Section>

      <Section id="a11y-enforcement" title={t('accessibility.enforcementTitle')}>
        <Text>{t('accessibility.enforcementText')}</Text>
        <EnforcementBody
          name={ENFORCEMENT_BODIES.nrw.name}
          url={ENFORCEMENT_BODIES.nrw.url}
          hint={t('accessibility.externalLinkHint')}
        />
        <Text>{t('accessibility.federalText')}</Text>
        <EnforcementBody
          name={ENFORCEMENT_BODIES.federal.name}
          url={ENFORCEMENT_BODIES.federal.url}
          hint={t('accessibility.externalLinkHint')}
        />
      </Section>
    </Stack>
  );
}
