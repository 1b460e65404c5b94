// The documents of a proposal: download links for whoever sees it; for its proposer, while it is a draft, the
// upload (title, kind, file; checked by the server by content, at most 10 MiB) and removal.
import { Anchor, Button, Group, Input, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { innovationDocumentKinds, type InnovationDocumentKind } from '../../../funding/innovation.codes.ts';
import type { InnovationProposal } from '../../../funding/innovation.schema.ts';
import { isProblem } from '../../lib/api-request.ts';
import { formatFileSize } from '../cases/format.ts';
import { documentContentPath, useDeleteDocument, useUploadDocument } from './innovation-api.ts';
import { Outcome } from '../funding-shared/funding-kit.tsx';
import { useFailureText } from './innovation-kit.tsx';

const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT = '.pdf,.docx,.odt,.png,.jpg,.jpeg,.txt';

function UploadForm({ proposalId }: { proposalId: string }) {
  const { t } = useTranslation();
  const upload = useUploadDocument(proposalId);
  const failureText = useFailureText();
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<InnovationDocumentKind>('concept');
  const [file, setFile] = useState<File | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [titleError, setTitleError] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<{ round: number; text: string; tone: 'success' | 'error' } | null>(null);

  const submit = async () => {
    const round = (outcome?.round ?? 0) + 1;
    const missingTitle = title.trim() === '' ? t('innovation.common.required') : undefined;
    const badFile = !file
      ? t('innovation.documents.fileRequired')
      : file.size > MAX_BYTES
        ? t('innovation.documents.tooLarge')
        : undefined;
    setTitleError(missingTitle);
    setFileError(badFile);
    if (missingTitle || badFile || !file) {
      setOutcome({ round, tone: 'error', text: t('innovation.common.invalid') });
      return;
    }
    try {
      const created = await upload.mutateAsync({ title: title.trim(), kind, file });
      setTitle('');
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      setOutcome({ round, tone: 'success', text: t('innovation.documents.uploaded', { title: created.title }) });
    } catch (error) {
      if (isProblem(error, 'unsupported_media_type')) setFileError(t('innovation.documents.type'));
      if (isProblem(error, 'payload_too_large')) setFileError(t('innovation.documents.tooLarge'));
      setOutcome({ round, tone: 'error', text: failureText(error) });
    }
  };

  return (
    <Paper withBorder p="md">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!upload.isPending) void submit();
        }}
      >
        <Stack gap="sm">
          <Title order={3}>{t('innovation.documents.upload')}</Title>
          {outcome ? (
            <Outcome key={outcome.round} tone={outcome.tone}>
              {outcome.text}
            </Outcome>
          ) : null}
          <Group align="flex-start" grow>
            <TextInput
              id="document-title"
              label={t('innovation.documents.docTitle')}
              required
              value={title}
              error={titleError}
              onChange={(event) => setTitle(event.currentTarget.value)}
            />
            <NativeSelect
              id="document-kind"
              label={t('innovation.documents.kind')}
              value={kind}
              onChange={(event) =>
                setKind(innovationDocumentKinds.find((item) => item === event.currentTarget.value) ?? 'concept')
              }
              data={innovationDocumentKinds.map((item) => ({
                value: item,
                label: t(`innovation.documentKinds.${item}`),
              }))}
            />
          </Group>
          <Input.Wrapper
            label={t('innovation.documents.file')}
            labelProps={{ htmlFor: 'document-file' }}
            description={t('innovation.documents.fileHint')}
            error={fileError}
            withAsterisk
          >
            {/* The browser's own file input: it works with every keyboard and screen reader. */}
            <input
              ref={fileInput}
              id="document-file"
              type="file"
              accept={ACCEPT}
              aria-invalid={fileError ? true : undefined}
              onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
            />
          </Input.Wrapper>
          <Group>
            <Button type="submit" loading={upload.isPending}>
              {t('innovation.documents.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export function DocumentsSection({ proposal }: { proposal: InnovationProposal }) {
  const { t, i18n } = useTranslation();
  const remove = useDeleteDocument(proposal.id);
  const failureText = useFailureText();
  const [outcome, setOutcome] = useState<{ round: number; text: string; tone: 'success' | 'error' } | null>(null);

  const removeDocument = async (documentId: string) => {
    const round = (outcome?.round ?? 0) + 1;
    try {
      await remove.mutateAsync(documentId);
      setOutcome({ round, tone: 'success', text: t('innovation.documents.removed') });
    } catch (error) {
      setOutcome({ round, tone: 'error', text: failureText(error) });
    }
  };

  return (
    <section aria-labelledby="documents-heading">
      <Stack gap="sm">
        <Title order={2} id="documents-heading">
          {t('innovation.documents.heading')}
        </Title>
        {outcome ? (
          <Outcome key={outcome.round} tone={outcome.tone}>
            {outcome.text}
          </Outcome>
        ) : null}
        {proposal.documents.length === 0 ? (
          <Text>{t('innovation.documents.empty')}</Text>
        ) : (
          <Table striped>
            <Table.Caption>{t('innovation.documents.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('innovation.documents.docTitle')}</Table.Th>
                <Table.Th scope="col">{t('innovation.documents.kind')}</Table.Th>
                <Table.Th scope="col">{t('innovation.documents.size')}</Table.Th>
                {proposal.editable ? <Table.Th scope="col">{t('innovation.documents.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {proposal.documents.map((document) => (
                <Table.Tr key={document.id}>
                  <Table.Td>
                    <Anchor
                      href={documentContentPath(proposal.id, document.id)}
                      aria-label={t('innovation.documents.download', { title: document.title })}
                    >
                      {document.title}
                    </Anchor>
                    <Text size="sm">{document.fileName}</Text>
                  </Table.Td>
                  <Table.Td>{t(`innovation.documentKinds.${document.kind}`)}</Table.Td>
                  <Table.Td>{formatFileSize(document.sizeBytes, i18n.language)}</Table.Td>
                  {proposal.editable ? (
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => void removeDocument(document.id)}
                        loading={remove.isPending}
                      >
                        {t('innovation.documents.remove', { title: document.title })}
                      </Button>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {proposal.editable ? <UploadForm proposalId={proposal.id} /> : null}
      </Stack>
    </section>
  );
}
