// Documents of an innovation proposal (the concept, a budget plan, letters of support), stored in the database
// like case documents and checked by the same rules (cases/case-document.rules.ts: allow-listed formats checked
// by their content, at most 10 MiB, a clean file name). The proposer adds and removes them while the proposal is
// a draft; whoever sees the proposal downloads them (audited).
import type { Actor } from '../access/access.rules.ts';
import { checkedUpload, type DocumentDownload, type UploadedFile } from '../cases/case-document.service.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import {
  auditFunding,
  fundingContext,
  signedIn,
  type FundingContext,
  type FundingServiceOptions,
  type RequestMeta,
} from './funding.context.ts';
import { asProposer, DOCUMENT, presentDocument, visibleProposal } from './innovation.context.ts';
import { deleteDocument, findDocument, insertDocument, readDocumentContent } from './innovation-document.repository.ts';
import type { InnovationDocument, InnovationDocumentUploadFields } from './innovation.schema.ts';

export function createInnovationDocumentService(options: FundingServiceOptions) {
  const ctx: FundingContext = fundingContext(options);

  return {
    async upload(
      actor: Actor | null,
      proposalId: string,
      fields: InnovationDocumentUploadFields,
      file: UploadedFile,
      meta: RequestMeta,
    ): Promise<InnovationDocument> {
      const checked = checkedUpload(file);
      return asProposer(ctx, actor, proposalId, 'update', meta, async (trx, row, who) => {
        if (row.status !== 'draft') {
          throw new AppError('conflict', 'Documents can be added only while the proposal is a draft.');
        }
        const id = await insertDocument(trx, {
          municipality_id: row.municipality_id,
          proposal_id: proposalId,
          title: fields.title,
          kind: fields.kind,
          file_name: checked.fileName,
          content_type: checked.contentType,
          size_bytes: file.bytes.byteLength,
          sha256: checked.sha256,
          content: file.bytes,
          created_by: who.userId,
        });
        await auditFunding(trx, who, {
          municipalityId: row.municipality_id,
          action: 'create',
          resourceType: DOCUMENT,
          resourceId: id,
          changedFields: ['title', 'kind', 'file'],
          details: { proposalId, kind: fields.kind, sizeBytes: file.bytes.byteLength },
          meta,
        });
        const stored = await findDocument(trx, row.municipality_id, proposalId, id);
        if (!stored) throw new Error('document vanished in its own transaction');
        return presentDocument(stored);
      });
    },

    /** The file itself, for whoever sees the proposal; the download is audited. */
    async download(
      actor: Actor | null,
      proposalId: string,
      documentId: string,
      meta: RequestMeta,
    ): Promise<DocumentDownload> {
      const who = signedIn(actor);
      const row = await visibleProposal(ctx, who, proposalId, meta);
      return withTenant(ctx.db, { municipalityId: row.municipality_id, userId: who.userId }, async (trx) => {
        const found = await findDocument(trx, row.municipality_id, proposalId, documentId);
        const content = found ? await readDocumentContent(trx, row.municipality_id, proposalId, documentId) : undefined;
        if (!found || !content) throw new AppError('not_found', 'No such document of this proposal.');
        await auditFunding(trx, who, {
          municipalityId: row.municipality_id,
          action: 'read',
          resourceType: DOCUMENT,
          resourceId: documentId,
          details: { proposalId },
          meta,
        });
        return {
          fileName: found.file_name,
          contentType: found.content_type,
          sizeBytes: found.size_bytes,
          sha256: found.sha256,
          content,
        };
      });
    },

    async remove(actor: Actor | null, proposalId: string, documentId: string, meta: RequestMeta): Promise<void> {
      await asProposer(ctx, actor, proposalId, 'update', meta, async (trx, row, who) => {
        if (!(await findDocument(trx, row.municipality_id, proposalId, documentId))) {
          throw new AppError('not_found', 'No such document of this proposal.');
        }
        if (row.status !== 'draft') {
          throw new AppError('conflict', 'The documents of a submitted proposal stay with it.');
        }
        await deleteDocument(trx, row.municipality_id, proposalId, documentId);
        await auditFunding(trx, who, {
          municipalityId: row.municipality_id,
          action: 'delete',
          resourceType: DOCUMENT,
          resourceId: documentId,
          changedFields: ['document'],
          details: { proposalId },
          meta,
        });
      });
    },
  };
}

export type InnovationDocumentService = ReturnType<typeof createInnovationDocumentService>;
