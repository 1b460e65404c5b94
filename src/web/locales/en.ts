import type { TranslationMessages } from './de.ts';

// English texts: must stay complete (the type and the locale test check every key).
export const en: TranslationMessages = {
  app: {
    name: 'Durchstarten',
    tagline: 'Case management and funding administration',
    skipToContent: 'Skip to content',
    mainNavigation: 'Main navigation',
    openNavigation: 'Open navigation',
    closeNavigation: 'Close navigation',
    homeLink: 'Durchstarten – go to the start page',
    pageTitle: '{{page}} – Durchstarten',
    version: 'Version {{version}}',
  },
  language: {
    switchTo: 'Deutsch',
  },
  nav: {
    home: 'Start',
    participants: 'Participants',
    offers: 'Offers',
    funding: 'Funding',
    alliance: 'Alliance',
    reports: 'Reports',
    admin: 'Administration',
  },
  footer: {
    label: 'Footer',
    accessibility: 'Accessibility statement',
  },
  home: {
    title: 'Welcome to Durchstarten',
    documentTitle: 'Start',
    intro:
      'Durchstarten supports the North Rhine-Westphalia initiatives “Gemeinsam klappt’s” and “Durchstarten in Ausbildung und Arbeit” with case management and funding administration.',
    statusTitle: 'System status',
    loading: 'Loading system status …',
    errorTitle: 'System status unavailable',
    errorText: 'The system status could not be loaded. Please try again.',
    errorDetail: 'Error: {{detail}}',
    retry: 'Try again',
    status: {
      system: 'System',
      name: 'Name',
      version: 'Version',
      environment: 'Environment',
      startedAt: 'Started at',
      uptime: 'Uptime',
      databaseTitle: 'Database',
      databaseMode: 'Mode',
      serverVersion: 'PostgreSQL version',
      reachable: 'Reachable',
      migrationsApplied: 'Applied migrations',
      migrationsPending: 'Pending migrations',
      latestMigration: 'Latest migration',
      unknown: 'unknown',
      none: 'none',
      yes: 'yes',
      no: 'no',
    },
    environment: {
      development: 'Development',
      production: 'Production',
      test: 'Test',
    },
    databaseMode: {
      embedded: 'embedded (in the application directory)',
      external: 'external (separate PostgreSQL server)',
    },
  },
  areas: {
    comingSoon: 'This area is still being built.',
    participants: {
      title: 'Participants',
      description:
        'This is where you will soon manage the young people taking part in the programmes: personal data, consents, case history and counselling sessions.',
    },
    offers: {
      title: 'Offers',
      description:
        'This is where you will soon manage offers and measures, their places and dates, and the enrolments of participants.',
    },
    funding: {
      title: 'Funding',
      description:
        'This is where you will soon manage funding applications, approvals, budgets and payments – with four-eyes approval.',
    },
    alliance: {
      title: 'Alliance',
      description:
        'This is where you will soon manage the local alliance: partner organisations, contact persons and cooperation on site.',
    },
    reports: {
      title: 'Reports',
      description:
        'This is where you will soon find evaluations and reports for the municipality and the state – protected against disclosing small case numbers.',
    },
    admin: {
      title: 'Administration',
      description:
        'This is where you will soon manage user accounts, roles, retention periods, the audit log and the system settings.',
    },
  },
  accessibility: {
    title: 'Accessibility statement',
    intro:
      'The operator of this system endeavours to make the Durchstarten web application accessible in accordance with the German Disability Equality Act (BGG and BGG NRW) and the Barrier-free Information Technology Ordinance (BITV 2.0 and BITV NRW), which implement Directive (EU) 2016/2102.',
    scope: 'This statement applies to the Durchstarten web application, version {{version}}.',
    conformanceTitle: 'Compliance status',
    conformanceText:
      'This web application is partially compliant with the requirements of BITV 2.0 (EN 301 549, corresponding to WCAG 2.1 level AA). The non-compliances and open items are listed below.',
    gapsTitle: 'Non-accessible content and pending checks',
    gapNewSystem:
      'Durchstarten is a new system that is being built step by step. New areas are added continuously; they are checked with the same procedure before they are released.',
    gapNoExpertTest: 'No audit by independent experts (for example a BITV test) has taken place yet.',
    gapNoAssistiveTech:
      'Use with screen readers and other assistive technologies has not yet been tested systematically with users.',
    gapAutomated:
      'Automated checking tools find only some of the possible barriers. Plain language, easy-to-read German and sign language are not yet provided.',
    preparationTitle: 'Preparation of this statement',
    preparationText: 'This statement was prepared on {{date}}.',
    methodText:
      'It is based on a self-assessment: every page is checked automatically with the axe-core tool for violations of WCAG 2.1 levels A and AA on every change – in German and in English. Automated tests also check that every area can be reached by keyboard, that focus is visible and that the navigation stays usable at 400 % zoom (320 pixels wide).',
    feedbackTitle: 'Feedback and contact',
    feedbackText:
      'Have you noticed barriers to access, or do you need content in an accessible form? Please write to us. We will reply within six weeks.',
    feedbackContact: 'Email:',
    enforcementTitle: 'Enforcement procedure',
    enforcementText:
      'If you have not received a satisfactory answer within six weeks, you can start an enforcement procedure. For public bodies of the State of North Rhine-Westphalia and its municipalities, the responsible body is:',
    federalText: 'For federal public bodies, the responsible body is:',
    externalLinkHint: '(external website, in German)',
  },
  notFound: {
    title: 'Page not found',
    text: 'The address you requested does not exist. It may contain a typing error, or the page may have moved.',
    backHome: 'Go to the start page',
  },
};
