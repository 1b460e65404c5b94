import {
  Alert,
  Anchor,
  Button,
  Group,
  Input,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { documentKinds, type DocumentKind } from '../../../cases/case.codes.ts';
import type { CaseDocument } from '../../../cases/case-work.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { documentContentPath, useDeleteDocument, useDocuments, useUploadDocument } from './api/documents.ts';
import type { SectionProps } from './case-abilities.ts';
import {
  checkUpload,
  DOCUMENT_ACCEPT,
  uploadProblemsFromServer,
  type UploadField,
  type UploadProblem,
} from './document-values.ts';
import { LoadFailed, Outcome, useFailureText, useIdempotency, WorkForm, type Notice } from './form-kit.tsx';
import { formatDateTime, formatFileSize } from './format.ts';
import './cases.css';

const FILE_ID = 'document-file';

function UploadForm({ record }: SectionProps) {
  const { t } = useTranslation();
  const upload = useUploadDocument(record.id);
  const idempotency = useIdempotency();
  const failureText = useFailureText();
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<DocumentKind | ''>('');
  const [file, setFile] = useState<File | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [problems, setProblems] = useState<{ field: UploadField; problem: UploadProblem }[]>([]);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [round, setRound] = useState(0);
  const labels: Record<UploadField, string> = {
    title: t('cases.documents.docTitle'),
    kind: t('cases.documents.kind'),
    file: t('cases.documents.file'),
  };
  const problemText = (problem: UploadProblem) =>
    problem === 'fileRequired' || problem === 'tooLarge' || problem === 'empty' || problem === 'type'
      ? t(`cases.documents.errors.${problem}`)
      : t(`cases.common.errors.${problem}`);
  const errorOf = (field: UploadField) => {
    const found = problems.find((item) => item.field === field);
    return found ? problemText(found.problem) : undefined;
  };

  const submit = async () => {
    const next = round + 1;
    setRound(next);
    setNotice(null);
    const checked = checkUpload({ title, kind, file });
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    setProblems([]);
    const { upload: body } = checked;
    try {
      // The key follows what is sent: the same file with the same title and kind is the same upload.
      const sentAs = {
        title: body.title,
        kind: body.kind,
        name: body.file.name,
        size: body.file.size,
        modified: body.file.lastModified,
      };
      const created = await idempotency.send(sentAs, (idempotencyKey) =>
        upload.mutateAsync({ upload: body, idempotencyKey }),
      );
      setTitle('');
      setKind('');
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      setNotice({ kind: 'success', text: t('cases.documents.uploaded', { title: created.title }), round: next });
    } catch (error) {
      const mapped = uploadProblemsFromServer(error);
      if (mapped.length > 0) {
        setProblems(mapped);
        return;
      }
      setNotice({ kind: 'error', text: failureText(error), round: next });
    }
  };

  const fileError = errorOf('file');
  return (
    <Paper withBorder p="md">
      <WorkForm
        id="document-form"
        title={t('cases.documents.upload')}
        problems={problems.map((item) => ({
          id: item.field === 'file' ? FILE_ID : `document-${item.field}`,
          text: `${labels[item.field]}: ${problemText(item.problem)}`,
        }))}
        notice={notice}
        round={round}
        onSubmit={() => void submit()}
        submitLabel={t('cases.documents.submit')}
        busy={upload.isPending}
      >
        <Group align="flex-start" gap="md">
          <TextInput
            id="document-title"
            label={labels.title}
            required
            value={title}
            error={errorOf('title')}
            onChange={(event) => setTitle(event.currentTarget.value)}
            style={{ flex: '1 1 16rem' }}
          />
          <NativeSelect
            id="document-kind"
            label={labels.kind}
            required
            value={kind}
            error={errorOf('kind')}
            onChange={(event) => setKind(documentKinds.find((item) => item === event.currentTarget.value) ?? '')}
            data={[
              { value: '', label: t('cases.common.chooseOne') },
              ...documentKinds.map((item) => ({ value: item, label: t(`cases.documentKinds.${item}`) })),
            ]}
          />
        </Group>
        <Input.Wrapper
          id={FILE_ID}
          label={labels.file}
          description={t('cases.documents.fileHint')}
          error={fileError}
          withAsterisk
        >
          {/* The browser's own file input: it works with every keyboard and screen reader. */}
          <input
            ref={fileInput}
            id={FILE_ID}
            type="file"
            accept={DOCUMENT_ACCEPT}
            required
            aria-describedby={`${FILE_ID}-description${fileError ? ` ${FILE_ID}-error` : ''}`}
            aria-invalid={fileError ? true : undefined}
            className="case-file-input"
            onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
          />
        </Input.Wrapper>
      </WorkForm>
    </Paper>
  );
}

function DeleteConfirmation({
  document,
  onConfirm,
  onCancel,
  busy,
}: {
  document: CaseDocument;
  onConfirm: () => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      color="red.9"
      variant="outline"
      role="alertdialog"
      aria-labelledby="document-delete-text"
    >
      <Text id="document-delete-text" mb="sm">
        {t('cases.documents.confirmDelete', { title: document.title })}
      </Text>
      <Group>
        <Button color="red.9" loading={busy} onClick={onConfirm}>
          {t('cases.documents.confirmDeleteButton')}
        </Button>
        <Button variant="default" onClick={onCancel}>
          {t('cases.common.cancel')}
        </Button>
      </Group>
    </Alert>
  );
}

function DocumentList({ caseId, editable }: { caseId: string; editable: boolean }) {
  const { t, i18n } = useTranslation();
  const list = useDocuments(caseId);
  const remove = useDeleteDocument(caseId);
  const failureText = useFailureText();
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const [confirming, setConfirming] = useState<CaseDocument | null>(null);
  const [outcome, setOutcome] = useState<{ kind: 'success' | 'error'; text: string; round: number } | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);

  const confirm = async (document: CaseDocument) => {
    const round = (outcome?.round ?? 0) + 1;
    try {
      await remove.mutateAsync(document.id);
      setConfirming(null);
      setOutcome({ kind: 'success', text: t('cases.documents.deleted', { title: document.title }), round });
    } catch (error) {
      setConfirming(null);
      setOutcome({ kind: 'error', text: failureText(error), round });
    }
  };
  const cancel = () => {
    setConfirming(null);
    requestAnimationFrame(() => opener.current?.focus());
  };

  return (
    <section aria-labelledby="documents-list-title">
      <Stack gap="sm">
        <Title order={3} id="documents-list-title">
          {t('cases.documents.caption')}
        </Title>
        {outcome?.kind === 'success' ? <Outcome key={outcome.round}>{outcome.text}</Outcome> : null}
        {outcome?.kind === 'error' ? <FormError key={outcome.round}>{outcome.text}</FormError> : null}
        {list.isPending ? <Loading text={t('cases.common.loading')} /> : null}
        {list.isError && !list.data ? (
          <LoadFailed error={list.error} failed={t('cases.documents.failed')} onRetry={() => void list.refetch()} />
        ) : null}
        {list.data && items.length === 0 ? <Text>{t('cases.documents.none')}</Text> : null}
        {items.length > 0 ? (
          <Table.ScrollContainer minWidth={760}>
            <Table withTableBorder striped verticalSpacing="xs" captionSide="top">
              <Table.Caption>{t('cases.documents.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('cases.documents.docTitle')}</Table.Th>
                  <Table.Th scope="col">{t('cases.documents.kind')}</Table.Th>
                  <Table.Th scope="col">{t('cases.documents.fileName')}</Table.Th>
                  <Table.Th scope="col">{t('cases.documents.size')}</Table.Th>
                  <Table.Th scope="col">{t('cases.documents.uploadedAt')}</Table.Th>
                  <Table.Th scope="col">{t('cases.assignments.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Th scope="row" fw={400} style={{ overflowWrap: 'anywhere' }}>
                      {item.title}
                    </Table.Th>
                    <Table.Td>{t(`cases.documentKinds.${item.kind}`)}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{item.fileName}</Table.Td>
                    <Table.Td>{formatFileSize(item.sizeBytes, i18n.language)}</Table.Td>
                    <Table.Td>{formatDateTime(item.createdAt, i18n.language)}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Anchor
                          href={documentContentPath(caseId, item.id)}
                          download={item.fileName}
                          aria-label={t('cases.documents.download', { title: item.title })}
                        >
                          {t('cases.documents.downloadShort')}
                        </Anchor>
                        {editable ? (
                          <Button
                            variant="default"
                            size="xs"
                            aria-label={t('cases.documents.deleteLabel', { title: item.title })}
                            onClick={(event) => {
                              opener.current = event.currentTarget;
                              setConfirming(item);
                            }}
                          >
                            {t('cases.documents.delete')}
                          </Button>
                        ) : null}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        {confirming ? (
          <DeleteConfirmation
            key={confirming.id}
            document={confirming}
            busy={remove.isPending}
            onConfirm={() => void confirm(confirming)}
            onCancel={cancel}
          />
        ) : null}
        {list.hasNextPage ? (
          <Group>
            <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {t('cases.common.loadMore')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </section>
  );
}

/** Documents of the case: upload (also after the exit), list, download and delete. */
export function DocumentsSection(props: SectionProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <Title order={2} id="case-section-title">
        {t('cases.documents.title')}
      </Title>
      {props.abilities.documents ? <UploadForm {...props} /> : null}
      <DocumentList caseId={props.record.id} editable={props.abilities.documents} />
    </Stack>
  );
}
