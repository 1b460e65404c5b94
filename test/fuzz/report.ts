// Human-readable output of a fuzz campaign: the figures, every finding with the request that produced it,
// and the command that runs the same campaign again.
import type { CampaignReport } from './campaign.ts';

export interface ReproductionSettings {
  seed: number;
  runsAllowed: number;
  routeFilter?: string | undefined;
}

export function reproduction(settings: ReproductionSettings): string {
  const route = settings.routeFilter ? ` --route '${settings.routeFilter}'` : '';
  return `npm run fuzz -- --seed ${settings.seed} --runs ${settings.runsAllowed}${route}`;
}

export function formatReport(report: CampaignReport, settings: ReproductionSettings): string {
  const lines = [
    `API fuzzing: seed ${settings.seed}, ${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s, ` +
      `${report.fingerprintComparisons} database fingerprints compared, ${report.coverage.size} operations` +
      (report.notSent > 0 ? `, ${report.notSent} plans not sendable` : ''),
    `  statuses: ${Object.entries(report.byStatus)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ')}`,
    `  valid requests by permitted clients: ${report.valid.accepted} of ${report.valid.sent} accepted (2xx); ` +
      'the others were refused by business rules, record-level access or ids of another kind',
    `  exempt tables that changed on rejected requests: ${[...report.exemptTablesChanged].sort().join(', ') || 'none'}`,
  ];
  if (report.findings.length > 0) {
    lines.push(`  ${report.findings.length} findings:`);
    for (const finding of report.findings) {
      lines.push(
        `  - ${finding.operation} as ${finding.client} → ${finding.status} (${finding.occurrences}×): ${finding.problems.join(' | ')}`,
        `      request: ${finding.request}`,
        `      response: ${finding.response}`,
      );
    }
    lines.push(`  reproduce: ${reproduction(settings)}`);
  }
  return lines.join('\n');
}
