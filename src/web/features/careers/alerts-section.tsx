// "Hinweise auf Maßnahme-Karrieren" on the participant page: each alert with its rule in plain words, the
// enrolments that triggered it, and acknowledging it with a plan or dismissing it with a reason (a dialog each,
// If-Match of the version shown). Its texts come with it (registered when this module loads).
import {
  Alert as Notice,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Alert } from '../../../careers/career.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { formatDate, formatDateTime } from '../cases/format.ts';
import { Section } from '../participants/detail-parts.tsx';
import { useHandleAlert, useParticipantAlerts, type AlertAction } from './api/alerts.ts';
import { registerCareerTexts } from './career-texts.ts';

registerCareerTexts();

/** The alert's rule in plain words, with its figures. */
export function explainAlert(alert: Pick<Alert, 'rule' | 'details'>, t: TFunction, language: string): string {
  const d = alert.details;
  const date = (value: string | undefined) => formatDate(value ?? null, language);
  return t(`careers.explanations.${alert.rule}`, {
    count: d.count ?? 0,
    firstOn: date(d.firstOn),
    lastOn: date(d.lastOn),
    withinMonths: d.withinMonths ?? 0,
    type: d.offerType ? t(`offers.types.${d.offerType}`) : '',
    level: d.level ?? t('careers.explanations.noLevel'),
    months: d.months ?? 0,
    days: d.days ?? 0,
    lastEndedOn: date(d.lastEndedOn),
  });
}

const STATUS_COLOURS = { open: 'red.9', acknowledged: 'blue.9', dismissed: 'gray.8', resolved: 'teal.9' } as const;

function TriggeringEnrolments({ alert }: { alert: Alert }) {
  const { t, i18n } = useTranslation();
  const period = (startsOn: string | null, endsOn: string | null) =>
    startsOn === null
      ? t('careers.section.notStarted')
      : `${formatDate(startsOn, i18n.language)} – ${endsOn ? formatDate(endsOn, i18n.language) : t('careers.section.open')}`;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped>
        <Table.Caption>
          {t('careers.section.enrolmentsCaption', { rule: t(`careers.rules.${alert.rule}`) })}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('careers.section.offer')}</Table.Th>
            <Table.Th scope="col">{t('careers.section.provider')}</Table.Th>
            <Table.Th scope="col">{t('careers.section.period')}</Table.Th>
            <Table.Th scope="col">{t('careers.section.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {alert.enrolments.map((enrolment) => (
            <Table.Tr key={enrolment.id}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {enrolment.offerTitle}
                </Text>
                <Text size="sm">{t(`offers.types.${enrolment.offerType}`)}</Text>
              </Table.Td>
              <Table.Td>{enrolment.providerName}</Table.Td>
              <Table.Td>{period(enrolment.startsOn, enrolment.endsOn)}</Table.Td>
              <Table.Td>
                {t(`offers.enrolmentStatuses.${enrolment.status}`)}
                {enrolment.dropoutReason ? ` (${t(`offers.dropoutReasons.${enrolment.dropoutReason}`)})` : ''}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function HandleDialog({
  alert,
  kind,
  participantId,
  onClose,
  onDone,
}: {
  alert: Alert;
  kind: AlertAction['kind'];
  participantId: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const handle = useHandleAlert(participantId);
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const label = kind === 'acknowledge' ? t('careers.dialog.plan') : t('careers.dialog.reason');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') {
      setMissing(true);
      return;
    }
    const action: AlertAction = kind === 'acknowledge' ? { kind, plan: text } : { kind, reason: text };
    handle.mutate({ alert, action }, { onSuccess: onDone });
  };
  const failure = handle.error
    ? isProblem(handle.error, 'precondition_failed')
      ? t('careers.dialog.stale')
      : isProblem(handle.error, 'conflict')
        ? t('careers.dialog.conflict')
        : t('careers.dialog.failed')
    : null;
  const fieldError = missing
    ? t('careers.dialog.required')
    : isProblem(handle.error, 'validation_failed')
      ? (handle.error.fieldErrors[0]?.message ?? t('careers.dialog.required'))
      : undefined;
  return (
    <Modal
      opened
      onClose={onClose}
      title={kind === 'acknowledge' ? t('careers.dialog.acknowledgeTitle') : t('careers.dialog.dismissTitle')}
      closeButtonProps={{ 'aria-label': t('careers.dialog.cancel') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" fw={600}>
            {t(`careers.rules.${alert.rule}`)}
          </Text>
          <Textarea
            label={label}
            description={kind === 'acknowledge' ? t('careers.dialog.acknowledgeHint') : t('careers.dialog.dismissHint')}
            required
            autosize
            minRows={3}
            maxLength={kind === 'acknowledge' ? 4000 : 2000}
            value={text}
            error={fieldError}
            onChange={(event) => {
              setText(event.currentTarget.value);
              setMissing(false);
            }}
            data-autofocus
          />
          {failure && !isProblem(handle.error, 'validation_failed') ? (
            <Notice color="red.9" variant="outline" role="alert">
              {failure}
            </Notice>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('careers.dialog.cancel')}
            </Button>
            <Button type="submit" loading={handle.isPending}>
              {t('careers.dialog.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function AlertCard({ alert, participantId, mayHandle }: { alert: Alert; participantId: string; mayHandle: boolean }) {
  const { t, i18n } = useTranslation();
  const [dialog, setDialog] = useState<AlertAction['kind'] | null>(null);
  const [saved, setSaved] = useState(false);
  const handleable = mayHandle && (alert.status === 'open' || alert.status === 'acknowledged');
  return (
    <Paper withBorder p="sm" component="article" aria-labelledby={`alert-${alert.id}`}>
      <Stack gap="xs">
        <Group gap="sm" wrap="wrap">
          <Title order={3} size="h4" id={`alert-${alert.id}`}>
            {t(`careers.rules.${alert.rule}`)}
          </Title>
          <Badge color={STATUS_COLOURS[alert.status]} variant="outline">
            {t(`careers.statuses.${alert.status}`)}
          </Badge>
        </Group>
        <Text>{explainAlert(alert, t, i18n.language)}</Text>
        <Text size="sm">
          {t('careers.section.detectedAt', { date: formatDateTime(alert.detectedAt, i18n.language) })}
        </Text>
        {alert.resolvedAt ? (
          <Text size="sm">
            {t('careers.section.resolvedAt', { date: formatDateTime(alert.resolvedAt, i18n.language) })}
          </Text>
        ) : null}
        {alert.handledBy && alert.handledAt ? (
          <Text size="sm">
            {t('careers.section.handled', {
              status: t(`careers.statuses.${alert.status}`),
              name: alert.handledBy.displayName,
              date: formatDateTime(alert.handledAt, i18n.language),
            })}
          </Text>
        ) : null}
        {alert.plan ? (
          <Text size="sm">
            <Text component="span" fw={600}>
              {t('careers.section.plan')}:
            </Text>{' '}
            {alert.plan}
          </Text>
        ) : null}
        {alert.dismissalReason ? (
          <Text size="sm">
            <Text component="span" fw={600}>
              {t('careers.section.reason')}:
            </Text>{' '}
            {alert.dismissalReason}
          </Text>
        ) : null}
        <TriggeringEnrolments alert={alert} />
        {saved ? (
          <Text role="status" size="sm">
            {t('careers.dialog.saved')}
          </Text>
        ) : null}
        {handleable ? (
          <Group>
            <Button variant="default" onClick={() => setDialog('acknowledge')}>
              {t('careers.section.acknowledge')}
            </Button>
            <Button variant="default" onClick={() => setDialog('dismiss')}>
              {t('careers.section.dismiss')}
            </Button>
          </Group>
        ) : null}
      </Stack>
      {dialog ? (
        <HandleDialog
          alert={alert}
          kind={dialog}
          participantId={participantId}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            setSaved(true);
          }}
        />
      ) : null}
    </Paper>
  );
}

export function CareerAlertsSection({ participantId, mayHandle }: { participantId: string; mayHandle: boolean }) {
  const { t } = useTranslation();
  const alerts = useParticipantAlerts(participantId);
  const [showAll, setShowAll] = useState(false);
  const items = (alerts.data?.items ?? []).filter(
    (alert) => showAll || alert.status === 'open' || alert.status === 'acknowledged',
  );
  return (
    <Section id="career-alerts" title={t('careers.section.title')}>
      <Stack gap="sm">
        <Text size="sm">{t('careers.section.intro')}</Text>
        {alerts.isPending ? <Loading text={t('cases.common.loading')} /> : null}
        {alerts.isError ? (
          <Notice color="red.9" variant="outline" role="alert">
            {t('careers.section.loadFailed')}
          </Notice>
        ) : null}
        {alerts.data ? (
          <>
            <Checkbox
              label={t('careers.section.showHandled')}
              checked={showAll}
              onChange={(event) => setShowAll(event.currentTarget.checked)}
            />
            {items.length === 0 ? <Text>{t('careers.section.none')}</Text> : null}
            {items.map((alert) => (
              <AlertCard key={alert.id} alert={alert} participantId={participantId} mayHandle={mayHandle} />
            ))}
          </>
        ) : null}
      </Stack>
    </Section>
  );
}
