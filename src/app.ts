// Composition root: builds the HTTP server from the platform and registers every area.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './platform/config.ts';
import type { DatabaseHandle } from './platform/db/database.ts';
import type { Logger } from './platform/logger.ts';
import { installIdempotency } from './platform/http/idempotency.ts';
import { installOverloadGuard } from './platform/http/overload.ts';
import { buildHttpServer, type HttpServer } from './platform/http/server.ts';
import { registerWebApp, spaFallback, webAppAvailable } from './platform/http/web.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { createAuditBatcher } from './audit/audit-batcher.ts';
import { createAuditService } from './audit/audit.service.ts';
import { createAuthService } from './accounts/auth.service.ts';
import { installAuthentication } from './accounts/auth.plugin.ts';
import { authRoutes } from './accounts/auth.routes.ts';
import { createInvitationService } from './accounts/invitation.service.ts';
import { createProfileService } from './accounts/profile.service.ts';
import { profileRoutes } from './accounts/profile.routes.ts';
import { createUserService } from './accounts/user.service.ts';
import { userRoutes } from './accounts/user.routes.ts';
import { appendAudit } from './audit/audit.service.ts';
import type { Database } from './database.ts';
import type { Kysely } from 'kysely';
import { createSecretBox, loadSecretKey } from './platform/secrets.ts';
import { accessRoutes } from './access/access.routes.ts';
import { dataRightsRoutes } from './data-rights/data-rights.routes.ts';
import { createErasureService } from './data-rights/erasure.service.ts';
import { createExportService } from './data-rights/export.service.ts';
import { runPurge } from './data-rights/purge.service.ts';
import { createRetentionService, runRetention } from './data-rights/retention.service.ts';
import { applyScheduleOverrides, type JobDefinition } from './platform/jobs/scheduler.ts';
import { organisationRoutes } from './organisations/organisation.routes.ts';
import { createOrganisationService } from './organisations/organisation.service.ts';
import { createCaseAssignmentService } from './cases/case-assignment.service.ts';
import { caseDocumentRoutes } from './cases/case-document.routes.ts';
import { createCaseDocumentService } from './cases/case-document.service.ts';
import { createCaseEligibilityService } from './cases/case-eligibility.service.ts';
import { createCasePlanService } from './cases/case-plan.service.ts';
import { caseWorkRoutes } from './cases/case-work.routes.ts';
import { createCaseWorkService } from './cases/case-work.service.ts';
import { caseRoutes } from './cases/case.routes.ts';
import { createCaseService } from './cases/case.service.ts';
import { caseloadRoutes } from './cases/caseload.routes.ts';
import { createCaseloadService } from './cases/caseload.service.ts';
import { participantRoutes } from './participants/participant.routes.ts';
import { participantImportRoutes } from './imports/participant-import.routes.ts';
import { createParticipantImportService } from './imports/participant-import.service.ts';
import { createParticipantService } from './participants/participant.service.ts';
import { enrolmentRoutes } from './offers/enrolment.routes.ts';
import { createEnrolmentService } from './offers/enrolment.service.ts';
import { offerRoutes } from './offers/offer.routes.ts';
import { createOfferService } from './offers/offer.service.ts';
import { dialogueRoutes } from './quality/dialogue.routes.ts';
import { createDialogueService } from './quality/dialogue.service.ts';
import { feedbackRoutes } from './quality/feedback.routes.ts';
import { createFeedbackService } from './quality/feedback.service.ts';
import { createGapService } from './quality/gap.service.ts';
import { createCareerAlertService } from './careers/career-alert.service.ts';
import { detectForParticipant, runFullDetection } from './careers/career-detection.service.ts';
import { createCareerSettingsService } from './careers/career-settings.service.ts';
import { careerRoutes } from './careers/career.routes.ts';
import { localDate } from './cases/case.rules.ts';
import type { OnEnrolmentChanged } from './offers/enrolment.port.ts';
import { createIndicatorService } from './quality/indicator.service.ts';
import { qualityRoutes } from './quality/quality.routes.ts';
import { backupJobs, type BackupJobSettings } from './system/backup.service.ts';
import { systemRoutes } from './system/system.routes.ts';
import { createSystemService } from './system/system.service.ts';
import { budgetRoutes } from './funding/budget.routes.ts';
import { createBudgetKeyService } from './funding/budget-key.service.ts';
import { createBudgetService } from './funding/budget.service.ts';
import { dashboardRoutes } from './funding/dashboard.routes.ts';
import { createDashboardService } from './funding/dashboard.service.ts';
import { programmeRoutes } from './funding/programme.routes.ts';
import { createProgrammeService } from './funding/programme.service.ts';
import { forwardingRoutes } from './funding/forwarding.routes.ts';
import { createForwardingService } from './funding/forwarding.service.ts';
import { paymentRoutes } from './funding/payment.routes.ts';
import { createPaymentService } from './funding/payment.service.ts';
import { createProofExportService } from './funding/proof-export.service.ts';
import { createReceiptService } from './funding/proof-receipt.service.ts';
import { proofRoutes } from './funding/proof.routes.ts';
import { createProofService } from './funding/proof.service.ts';
import { createRecoveryService } from './funding/recovery.service.ts';
import { applicationRoutes } from './funding/application.routes.ts';
import { createApplicationPlanService } from './funding/application-plan.service.ts';
import { createApplicationService } from './funding/application.service.ts';
import { grantRoutes } from './funding/grant.routes.ts';
import { createGrantService } from './funding/grant.service.ts';
import { innovationCallRoutes } from './funding/innovation-call.routes.ts';
import { createInnovationCallService } from './funding/innovation-call.service.ts';
import { createInnovationCommitteeService } from './funding/innovation-committee.service.ts';
import { createInnovationDocumentService } from './funding/innovation-document.service.ts';
import { innovationProposalRoutes } from './funding/innovation-proposal.routes.ts';
import { createInnovationProposalService } from './funding/innovation-proposal.service.ts';

export const PROJECT_ROOT = join(import.meta.dirname, '..');
export const MIGRATIONS_FOLDER = join(import.meta.dirname, 'migrations');
export const WEB_ROOT = join(PROJECT_ROOT, 'dist', 'web');

export const packageInfo = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

export interface AppOptions {
  config: Config;
  logger: Logger;
  database: DatabaseHandle<Database>;
  startedAt?: Date;
  /** Directory of the built web app; served when it contains index.html. */
  webRoot?: string;
  /** The clock of sessions and throttling; tests pass a fake one. */
  now?: () => Date;
  /** The application key (DURCHSTARTEN_SECRET_KEY); loaded from the config or the data directory when absent. */
  secretKey?: Buffer;
}

export async function buildApp(options: AppOptions): Promise<HttpServer> {
  const webRoot = options.webRoot ?? WEB_ROOT;
  const serveWeb = webAppAvailable(webRoot);
  const app = await buildHttpServer({
    logger: options.logger,
    version: packageInfo.version,
    trustProxy: options.config.trustProxy,
    timeouts: options.config.http,
    retryAfterSeconds: options.config.overload.retryAfterSeconds,
    spaFallback: serveWeb ? spaFallback : undefined,
  });
  // Before authentication: a refused request must not cost a database round trip.
  const overload = await installOverloadGuard(app, {
    limits: options.config.overload,
    poolStats: () => options.database.poolStats(),
  });

  // Accounts first: the auth hook must see every route registered after it (it refuses /api/v1 routes
  // without config.access) and guards every request.
  const accounts = {
    db: options.database.db,
    now: options.now ?? (() => new Date()),
    secrets: createSecretBox(options.secretKey ?? (await loadSecretKey(options.config))),
    audit: appendAudit,
  };
  const auth = createAuthService(accounts);
  await installAuthentication(app, { auth });
  installIdempotency(app, {
    db: options.database.db,
    secrets: accounts.secrets,
    scopeOf: (request) => request.actor?.userId ?? null,
    now: accounts.now,
  });
  await app.register(authRoutes, { auth, invitations: createInvitationService(accounts) });
  await app.register(profileRoutes, { profile: createProfileService(accounts, auth) });
  await app.register(userRoutes, { users: createUserService(accounts) });

  const system = createSystemService({
    name: 'Durchstarten',
    version: packageInfo.version,
    environment: options.config.env,
    startedAt: options.startedAt ?? new Date(),
    database: options.database,
    pressure: () => overload.pressure(),
  });
  await app.register(systemRoutes, { service: system });
  await app.register(auditRoutes, { service: createAuditService({ db: options.database.db }) });
  await app.register(accessRoutes);
  await app.register(organisationRoutes, { service: createOrganisationService(options.database.db) });
  // One batcher for the audit entries of all reads (audit/audit-batcher.ts): entries of concurrent requests share a
  // commit. Closing the app waits for the batches in flight, so that no answered read lacks its entry.
  const readAudit = createAuditBatcher({
    db: options.database.db,
    onBatchError: (error, entries) => app.log.error({ err: error, entries }, 'could not append a batch of read audits'),
  });
  app.addHook('onClose', () => readAudit.drain());
  const cases = { db: options.database.db, now: accounts.now, readAudit };
  const caseEligibility = createCaseEligibilityService(cases);
  const participants = createParticipantService({
    db: options.database.db,
    now: accounts.now,
    readAudit,
    // Open cases are re-evaluated inside the transaction that changes what eligibility depends on.
    onEligibilityInputsChanged: (trx, actor, participantId) =>
      caseEligibility.onEligibilityInputsChanged(trx, actor, participantId),
  });
  await app.register(participantRoutes, { service: participants });
  await app.register(participantImportRoutes, {
    service: createParticipantImportService({
      db: options.database.db,
      now: accounts.now,
      onEligibilityInputsChanged: (trx, actor, participantId) =>
        caseEligibility.onEligibilityInputsChanged(trx, actor, participantId),
    }),
  });
  await app.register(caseRoutes, {
    cases: createCaseService(cases),
    assignments: createCaseAssignmentService(cases),
  });
  await app.register(caseWorkRoutes, { plan: createCasePlanService(cases), work: createCaseWorkService(cases) });
  await app.register(caseDocumentRoutes, { documents: createCaseDocumentService(cases) });
  await app.register(caseloadRoutes, { caseload: createCaseloadService(cases) });

  // The offer catalogue and enrolments (issue 6).
  // The measure-career detector re-evaluates the person inside the transaction of every enrolment change.
  const onEnrolmentChanged: OnEnrolmentChanged = async (trx, change) => {
    await detectForParticipant(trx, change.municipalityId, change.participantId, localDate(accounts.now()));
  };
  const offers = { db: options.database.db, now: accounts.now, readAudit, onEnrolmentChanged };
  await app.register(offerRoutes, { offers: createOfferService(offers) });
  await app.register(enrolmentRoutes, { enrolments: createEnrolmentService(offers) });

  // Measure-career alerts and their rule settings (issue 6).
  await app.register(careerRoutes, {
    alerts: createCareerAlertService({ db: options.database.db, readAudit }),
    settings: createCareerSettingsService({
      db: options.database.db,
      now: accounts.now,
      onDetectionError: (error, municipalityId) =>
        app.log.error({ err: error, municipalityId }, 'measure-career run after a settings change failed'),
    }),
  });

  // Quality review (issue 6): gap analysis, indicators, participant feedback, quality dialogues.
  const quality = { db: options.database.db, now: accounts.now };
  await app.register(qualityRoutes, { gaps: createGapService(quality), indicators: createIndicatorService(quality) });
  await app.register(feedbackRoutes, { feedback: createFeedbackService(quality) });
  await app.register(dialogueRoutes, { dialogues: createDialogueService(quality) });

  // Funding (issue 7): programmes as versioned configuration, state budgets and their allocation, dashboards.
  const fundingSetup = { db: options.database.db, now: accounts.now };
  await app.register(programmeRoutes, { programmes: createProgrammeService(fundingSetup) });
  await app.register(budgetRoutes, {
    budgets: createBudgetService(fundingSetup),
    keys: createBudgetKeyService(fundingSetup),
  });
  await app.register(dashboardRoutes, { dashboard: createDashboardService(fundingSetup) });
  // Funding (issue 7): applications with their financing plans and review; grant decisions and amendments.
  const fundingApplications = { db: options.database.db, now: accounts.now };
  await app.register(applicationRoutes, {
    applications: createApplicationService(fundingApplications),
    plan: createApplicationPlanService(fundingApplications),
  });
  await app.register(grantRoutes, { grants: createGrantService(fundingApplications) });
  // Funding (issue 7): forwarding to providers; payment requests with four-eyes approval and the ledger.
  const fundingPayments = { db: options.database.db, now: accounts.now };
  await app.register(forwardingRoutes, { forwarding: createForwardingService(fundingPayments) });
  await app.register(paymentRoutes, { payments: createPaymentService(fundingPayments) });
  // Funding (issue 7): proofs of use (providers → municipality → authority), the audit and recovery claims.
  const fundingProofs = { db: options.database.db, now: accounts.now };
  await app.register(proofRoutes, {
    proofs: createProofService(fundingProofs),
    receipts: createReceiptService(fundingProofs),
    files: createProofExportService(fundingProofs),
    recovery: createRecoveryService(fundingProofs),
  });
  // Funding (issue 7): the innovation fund (FB5): calls, proposals with concept documents, the steering committee.
  const innovation = { db: options.database.db, now: accounts.now };
  const innovationCommittee = createInnovationCommitteeService(innovation);
  await app.register(innovationCallRoutes, {
    calls: createInnovationCallService(innovation),
    committee: innovationCommittee,
  });
  await app.register(innovationProposalRoutes, {
    proposals: createInnovationProposalService(innovation),
    documents: createInnovationDocumentService(innovation),
    committee: innovationCommittee,
  });

  const dataRights = { db: options.database.db, now: accounts.now };
  await app.register(dataRightsRoutes, {
    exports: createExportService(dataRights),
    erasure: createErasureService(dataRights),
    retention: createRetentionService(dataRights),
  });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  if (serveWeb) await registerWebApp(app, webRoot);
  return app;
}

/**
 * The scheduled jobs of the application (started with the server, see runtime.ts; run by hand with
 * `durchstarten jobs:run <job>`). Times are Europe/Berlin.
 */
export function applicationJobs(deps: {
  db: Kysely<Database>;
  now?: () => Date;
  /** The scheduled backup (DURCHSTARTEN_BACKUP: on by default in embedded mode); absent = no backup jobs. */
  backup?: BackupJobSettings;
}): JobDefinition[] {
  const now = deps.now ?? (() => new Date());
  return [
    ...(deps.backup ? backupJobs({ db: deps.db, now, backup: deps.backup }) : []),
    {
      name: 'retention',
      schedule: '30 2 * * *',
      description: 'Deletion classes: anonymise or delete what is due in every municipality, with evidence',
      run: ({ signal, logger }) =>
        runRetention(deps.db, {
          now,
          signal,
          onError: (error, participantId) =>
            logger.error({ err: error, participantId }, 'retention failed for a person'),
        }),
    },
    {
      name: 'purge',
      schedule: '15 * * * *',
      description:
        'Delete ended sessions, spent invitations, expired idempotency keys, old login attempts and job runs',
      run: () => runPurge(deps.db, now()),
    },
    {
      name: 'measure-careers',
      schedule: '30 3 * * *',
      description:
        'Measure-career detector: every person of every municipality on the new day (alerts opened, resolved)',
      run: () => runFullDetection(deps.db, { today: localDate(now()) }),
    },
    {
      name: 'eligibility',
      schedule: '0 3 * * *',
      description: 'Re-evaluate the eligibility of every open case on the new day (ages change, statuses expire)',
      run: () => createCaseEligibilityService({ db: deps.db, now }).reevaluateAll(),
    },
  ];
}

/**
 * The jobs as this configuration runs them: the backup jobs when DURCHSTARTEN_BACKUP is on, and the schedules
 * of DURCHSTARTEN_JOB_SCHEDULES applied. One list for the server, `jobs:list` and `jobs:run`.
 */
export function configuredJobs(config: Config, database: DatabaseHandle<Database>): JobDefinition[] {
  const backup = config.backup.enabled ? { ...config.backup, connection: database.migrationConnection } : undefined;
  return applyScheduleOverrides(applicationJobs({ db: database.db, backup }), config.jobSchedules);
}
