// German labels of the proof of use for the files it is exported as (PDF, XLSX): the files are read by the
// authority and the municipality's finance office, not by the app (whose texts are in the web locales).
import type { AuditResult, CostCategory, NarrativeSection, ProofStatus, RecoveryClaimStatus } from './funding.codes.ts';
import type { FigureMeasure } from './proof-figures.rules.ts';
import type { LineStatus } from './proof.rules.ts';

export const statusLabels: Readonly<Record<ProofStatus, string>> = {
  draft: 'Entwurf',
  submitted: 'vorgelegt',
  returned: 'zur Überarbeitung zurückgegeben',
  accepted: 'geprüft und angenommen',
  audited: 'geprüft',
};

export const narrativeLabels: Readonly<Record<NarrativeSection, string>> = {
  summary: 'Kurzdarstellung',
  activities: 'Durchführung der Maßnahmen',
  results: 'Ergebnisse und Wirkung',
  deviations: 'Abweichungen vom Plan',
};

export const categoryLabels: Readonly<Record<CostCategory, string>> = {
  personnel: 'Personalausgaben',
  teaching_hours: 'Unterrichtsstunden',
  exam_fees: 'Prüfungsgebühren',
  material: 'Sachausgaben',
  setup: 'Einrichtung',
  travel: 'Reisekosten',
  rent: 'Miete',
  other: 'Sonstiges',
};

export const lineStatusLabels: Readonly<Record<LineStatus, string>> = {
  missing: 'Ist fehlt',
  within_plan: 'im Plan',
  within_tolerance: 'im Rahmen',
  over_tolerance: 'über Toleranz',
};

export const figureLabels: Readonly<Record<FigureMeasure, string>> = {
  participants: 'Teilnehmende',
  women: 'davon Frauen',
  enrolments: 'Teilnahmen',
  completions: 'Abschlüsse',
  dropouts: 'Abbrüche',
  placements: 'Übergänge',
};

export const auditResultLabels: Readonly<Record<AuditResult, string>> = {
  no_findings: 'ohne Beanstandung',
  findings: 'mit Feststellungen',
};

export const claimStatusLabels: Readonly<Record<RecoveryClaimStatus, string>> = {
  computed: 'berechnet',
  issued: 'festgesetzt',
  settled: 'erledigt',
};

/** "2021-04-30" → "30.04.2021". */
export function formatDay(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : day;
}

export function kindTitle(proof: { kind: 'interim' | 'final'; budgetYear: number | null }): string {
  return proof.kind === 'interim' ? `Zwischennachweis ${proof.budgetYear ?? ''}`.trim() : 'Verwendungsnachweis';
}

/** File name of an export: ASCII only. */
export function exportFileName(
  proof: { grantReference: string; kind: string; budgetYear: number | null },
  ext: string,
) {
  const reference = proof.grantReference.replace(/[^A-Za-z0-9_-]+/g, '-');
  const part = proof.kind === 'interim' ? `zwischennachweis-${proof.budgetYear ?? ''}` : 'verwendungsnachweis';
  return `${part}-${reference}.${ext}`;
}
