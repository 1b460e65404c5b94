import { Badge, DataList, Paper, SimpleGrid, Title, useMatches } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SystemStatus } from '../../../system/system.schema.ts';
import { formatCount, formatDateTime, formatUptime } from './format-status.ts';

// 'anywhere' (not 'break-word') also lowers the min-content width, so a long migration name wraps at 320 px.
function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue style={{ overflowWrap: 'anywhere', minWidth: 0 }}>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

export function SystemStatusView({ status }: { status: SystemStatus }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { database } = status;
  // Label beside value needs room; on narrow screens (and at high zoom) they stack.
  const orientation = useMatches<'vertical' | 'horizontal'>({ base: 'vertical', sm: 'horizontal' });

  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
      <Paper withBorder p="md" component="section" aria-labelledby="status-system-title">
        <Title order={3} id="status-system-title" mb="sm">
          {t('home.status.system')}
        </Title>
        <DataList labelWidth="11rem" orientation={orientation} withDivider>
          <Item label={t('home.status.name')}>{status.name}</Item>
          <Item label={t('home.status.version')}>{status.version}</Item>
          <Item label={t('home.status.environment')}>{t(`home.environment.${status.environment}`)}</Item>
          <Item label={t('home.status.startedAt')}>
            <time dateTime={status.startedAt}>{formatDateTime(status.startedAt, language)}</time>
          </Item>
          <Item label={t('home.status.uptime')}>{formatUptime(status.uptimeSeconds, language)}</Item>
        </DataList>
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="status-database-title">
        <Title order={3} id="status-database-title" mb="sm">
          {t('home.status.databaseTitle')}
        </Title>
        <DataList labelWidth="11rem" orientation={orientation} withDivider>
          <Item label={t('home.status.databaseMode')}>{t(`home.databaseMode.${database.mode}`)}</Item>
          <Item label={t('home.status.serverVersion')}>{database.serverVersion ?? t('home.status.unknown')}</Item>
          <Item label={t('home.status.reachable')}>
            <Badge color={database.reachable ? 'teal.9' : 'red.9'} tt="none" size="lg" data-testid="database-reachable">
              {database.reachable ? t('home.status.yes') : t('home.status.no')}
            </Badge>
          </Item>
          <Item label={t('home.status.migrationsApplied')}>{formatCount(database.migrations.applied, language)}</Item>
          <Item label={t('home.status.migrationsPending')}>{formatCount(database.migrations.pending, language)}</Item>
          <Item label={t('home.status.latestMigration')}>
            {database.migrations.latest === null ? t('home.status.none') : <code>{database.migrations.latest}</code>}
          </Item>
        </DataList>
      </Paper>
    </SimpleGrid>
  );
}
