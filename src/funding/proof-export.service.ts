// The proof of use as files: the whole proof as PDF, the financial statement as XLSX. Funding records hold no
// personal data; the export is still recorded in the audit log (who took which proof out of the system).
import type { Actor } from '../access/access.rules.ts';
import {
  auditFunding,
  fundingContext,
  inFunding,
  signedIn,
  type FundingServiceOptions,
  type RequestMeta,
} from './funding.context.ts';
import { exportFileName } from './proof-labels.ts';
import { renderProofPdf } from './proof-pdf.ts';
import { findProof } from './proof.repository.ts';
import { locateProof, PROOF_RESOURCE, proofNotFound } from './proof.service.ts';
import { presentProof } from './proof-view.ts';
import { statementWorkbook } from './proof-xlsx.ts';

export const PDF_TYPE = 'application/pdf';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ProofFile {
  content: Buffer;
  contentType: string;
  fileName: string;
}

export interface ProofExportService {
  pdf(actor: Actor | null, proofId: string, meta: RequestMeta): Promise<ProofFile>;
  statement(actor: Actor | null, proofId: string, meta: RequestMeta): Promise<ProofFile>;
}

export function createProofExportService(options: FundingServiceOptions): ProofExportService {
  const ctx = fundingContext(options);

  async function exported(
    actorOrNull: Actor | null,
    proofId: string,
    meta: RequestMeta,
    format: 'pdf' | 'xlsx',
  ): Promise<ProofFile> {
    const actor = signedIn(actorOrNull);
    const owner = await locateProof(ctx, actor, 'export', proofId, meta);
    const at = ctx.now();
    return inFunding(
      ctx,
      actor,
      { action: 'export', resource: 'proof_of_use', municipalityId: owner.municipalityId },
      async (trx) => {
        const row = await findProof(trx, proofId);
        if (!row) throw proofNotFound();
        const proof = await presentProof(trx, actor, row);
        const content = format === 'pdf' ? await renderProofPdf(proof, at) : await statementWorkbook(proof, at);
        await auditFunding(trx, actor, {
          municipalityId: owner.municipalityId,
          action: 'export',
          resourceType: PROOF_RESOURCE,
          resourceId: proofId,
          details: { format },
          meta,
        });
        return {
          content,
          contentType: format === 'pdf' ? PDF_TYPE : XLSX_TYPE,
          fileName: exportFileName(proof, format),
        };
      },
    );
  }

  return {
    pdf: (actor, proofId, meta) => exported(actor, proofId, meta, 'pdf'),
    statement: (actor, proofId, meta) => exported(actor, proofId, meta, 'xlsx'),
  };
}
