// Consents per purpose on the participant page: given on a date, revocable with the date of the revocation.
import {
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { consentPurposes, type ConsentPurpose } from '../../../participants/participant.codes.ts';
import {
  consentInputSchema,
  consentRevocationSchema,
  type ConsentRecord,
  type Participant,
} from '../../../participants/participant.schema.ts';
import { useAddSubRecord, useRevokeConsent } from './api/sub-records.ts';
import { ChangeNotice, Section, useChange } from './detail-parts.tsx';
import { Outcome } from './feedback.tsx';
import { formatDate, todayIso } from './format.ts';
import { fieldId, ProblemSummary, useProblemTexts } from './form-parts.tsx';
import { checkWith, type FormProblem } from './form-problems.ts';
import { RecordAdder } from './record-adder.tsx';

interface ConsentValues {
  purpose: ConsentPurpose | '';
  scope: string;
  givenOn: string;
}

function RevokeForm({
  participant,
  consent,
  onClose,
  onRevoked,
  onReload,
  reloading,
}: {
  participant: Participant;
  consent: ConsentRecord;
  onClose: () => void;
  onRevoked: () => void;
  onReload: () => Promise<unknown>;
  reloading: boolean;
}) {
  const { t, i18n } = useTranslation();
  const revoke = useRevokeConsent();
  const change = useChange(participant);
  const [revokedOn, setRevokedOn] = useState(todayIso);
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const errors = useProblemTexts(problems);
  const titleId = useId();
  const prefix = `revoke-${consent.id}`;
  useEffect(() => document.getElementById(fieldId(prefix, 'revokedOn'))?.focus(), [prefix]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = checkWith(consentRevocationSchema, { revokedOn });
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    setProblems([]);
    const outcome = await change.run(
      () =>
        revoke.mutateAsync({
          participantId: participant.id,
          version: participant.version,
          consentId: consent.id,
          body: checked.body,
        }),
      t('participants.records.revoked'),
    );
    if (outcome.ok) onRevoked();
    else setProblems(outcome.problems);
  };

  return (
    <Paper
      withBorder
      p="md"
      component="form"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-labelledby={titleId}
    >
      <Stack gap="md">
        <Title order={3} size="h4" id={titleId}>
          {t('participants.records.revokeTitle')}: {t(`participants.purposes.${consent.purpose}`)} (
          {formatDate(consent.givenOn, i18n.language)})
        </Title>
        {problems.length > 0 ? <ProblemSummary key={change.round} problems={problems} prefix={prefix} /> : null}
        <ChangeNotice message={change.message} reloading={reloading} onReload={() => void onReload().then(onClose)} />
        <TextInput
          id={fieldId(prefix, 'revokedOn')}
          type="date"
          label={t('participants.fields.revokedOn')}
          required
          value={revokedOn}
          error={errors.revokedOn}
          onChange={(event) => setRevokedOn(event.currentTarget.value)}
          maw={260}
        />
        <Group>
          <Button type="submit" loading={revoke.isPending}>
            {t('participants.records.revokeSubmit')}
          </Button>
          <Button type="button" variant="default" onClick={onClose}>
            {t('participants.records.cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function ConsentsSection({
  participant,
  writable,
  onReload,
  reloading,
}: {
  participant: Participant;
  writable: boolean;
  onReload: () => Promise<unknown>;
  reloading: boolean;
}) {
  const { t, i18n } = useTranslation();
  const add = useAddSubRecord<'consents'>();
  const [revoking, setRevoking] = useState<string | null>(null);
  const [revoked, setRevoked] = useState(0);
  const sectionRef = useRef<HTMLDivElement>(null);
  const revokingConsent = participant.consents.find((consent) => consent.id === revoking);
  const date = (value: string | null) => formatDate(value, i18n.language) ?? '–';

  return (
    <Section id="consents" title={t('participants.records.consentsTitle')}>
      <Stack gap="md" ref={sectionRef}>
        {revoked > 0 ? <Outcome key={revoked}>{t('participants.records.revoked')}</Outcome> : null}
        {participant.consents.length === 0 ? (
          <Text>{t('participants.records.consentsEmpty')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table striped withTableBorder verticalSpacing="xs">
              <Table.Caption>{t('participants.records.consentsCaption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('participants.fields.purpose')}</Table.Th>
                  <Table.Th scope="col">{t('participants.fields.scope')}</Table.Th>
                  <Table.Th scope="col">{t('participants.fields.givenOn')}</Table.Th>
                  <Table.Th scope="col">{t('participants.records.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {participant.consents.map((consent) => (
                  <Table.Tr key={consent.id}>
                    <Table.Th scope="row" fw={400}>
                      {t(`participants.purposes.${consent.purpose}`)}
                    </Table.Th>
                    <Table.Td style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{consent.scope}</Table.Td>
                    <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{date(consent.givenOn)}</Table.Td>
                    <Table.Td>
                      <Stack gap={4} align="flex-start">
                        <Badge color={consent.revokedOn ? 'gray.8' : 'teal.9'} variant="outline" tt="none">
                          {consent.revokedOn
                            ? t('participants.records.consentRevoked', { date: date(consent.revokedOn) })
                            : t('participants.records.consentGiven')}
                        </Badge>
                        {writable && !consent.revokedOn && revoking !== consent.id ? (
                          <Button
                            size="compact-sm"
                            variant="default"
                            aria-label={t('participants.records.revokeLabel', {
                              purpose: t(`participants.purposes.${consent.purpose}`),
                              date: date(consent.givenOn),
                            })}
                            onClick={() => {
                              setRevoked(0);
                              setRevoking(consent.id);
                            }}
                          >
                            {t('participants.records.revoke')}
                          </Button>
                        ) : null}
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {revokingConsent ? (
          <RevokeForm
            key={revokingConsent.id}
            participant={participant}
            consent={revokingConsent}
            onClose={() => setRevoking(null)}
            onRevoked={() => {
              setRevoking(null);
              setRevoked((count) => count + 1);
            }}
            onReload={onReload}
            reloading={reloading}
          />
        ) : null}
        {writable ? (
          <RecordAdder<ConsentValues, Parameters<typeof add.mutateAsync>[0]['body']>
            participant={participant}
            prefix="consent"
            openLabel={t('participants.records.addConsent')}
            title={t('participants.records.addConsent')}
            submitLabel={t('participants.records.save')}
            doneText={t('participants.records.added')}
            initial={{ purpose: '', scope: '', givenOn: todayIso() }}
            firstFieldId={fieldId('consent', 'purpose')}
            check={(values) =>
              checkWith(consentInputSchema, { purpose: values.purpose, scope: values.scope, givenOn: values.givenOn })
            }
            send={(body) =>
              add.mutateAsync({ participantId: participant.id, version: participant.version, kind: 'consents', body })
            }
            onReload={onReload}
            reloading={reloading}
            fields={(values, onChange, errors) => (
              <Stack gap="md">
                <NativeSelect
                  id={fieldId('consent', 'purpose')}
                  label={t('participants.fields.purpose')}
                  required
                  value={values.purpose}
                  error={errors.purpose}
                  onChange={(event) =>
                    onChange({ ...values, purpose: event.currentTarget.value as ConsentPurpose | '' })
                  }
                  data={[
                    { value: '', label: t('participants.form.choose') },
                    ...consentPurposes.map((value) => ({ value, label: t(`participants.purposes.${value}`) })),
                  ]}
                />
                <Textarea
                  id={fieldId('consent', 'scope')}
                  label={t('participants.fields.scope')}
                  required
                  autosize
                  minRows={2}
                  maxRows={6}
                  value={values.scope}
                  error={errors.scope}
                  onChange={(event) => onChange({ ...values, scope: event.currentTarget.value })}
                />
                <TextInput
                  id={fieldId('consent', 'givenOn')}
                  type="date"
                  label={t('participants.fields.givenOn')}
                  required
                  value={values.givenOn}
                  error={errors.givenOn}
                  onChange={(event) => onChange({ ...values, givenOn: event.currentTarget.value })}
                  maw={260}
                />
              </Stack>
            )}
          />
        ) : null}
      </Stack>
    </Section>
  );
}
