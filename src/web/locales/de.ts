// German texts: the default language. Every key here must exist in en.ts (the type enforces it).
export const de = {
  app: {
    name: 'Durchstarten',
    tagline: 'Fallmanagement und Förderverwaltung',
    skipToContent: 'Zum Inhalt springen',
    mainNavigation: 'Hauptnavigation',
    openNavigation: 'Navigation öffnen',
    closeNavigation: 'Navigation schließen',
    homeLink: 'Durchstarten – zur Startseite',
    pageTitle: '{{page}} – Durchstarten',
    version: 'Version {{version}}',
  },
  language: {
    // The switch names the other language in that language (the button carries its lang).
    switchTo: 'English',
  },
  nav: {
    home: 'Start',
    participants: 'Teilnehmende',
    offers: 'Angebote',
    funding: 'Förderung',
    alliance: 'Bündnis',
    reports: 'Berichte',
    admin: 'Verwaltung',
  },
  footer: {
    label: 'Fußzeile',
    accessibility: 'Erklärung zur Barrierefreiheit',
  },
  home: {
    title: 'Willkommen bei Durchstarten',
    documentTitle: 'Start',
    intro:
      'Durchstarten unterstützt die Landesinitiativen „Gemeinsam klappt’s“ und „Durchstarten in Ausbildung und Arbeit“ in Nordrhein-Westfalen bei Fallmanagement und Förderverwaltung.',
    statusTitle: 'Systemstatus',
    loading: 'Systemstatus wird geladen …',
    errorTitle: 'Systemstatus nicht verfügbar',
    errorText: 'Der Systemstatus konnte nicht geladen werden. Bitte versuchen Sie es erneut.',
    errorDetail: 'Fehler: {{detail}}',
    retry: 'Erneut versuchen',
    status: {
      system: 'System',
      name: 'Name',
      version: 'Version',
      environment: 'Umgebung',
      startedAt: 'Gestartet am',
      uptime: 'Laufzeit',
      databaseTitle: 'Datenbank',
      databaseMode: 'Betriebsart',
      serverVersion: 'PostgreSQL-Version',
      reachable: 'Erreichbar',
      migrationsApplied: 'Angewendete Migrationen',
      migrationsPending: 'Ausstehende Migrationen',
      latestMigration: 'Neueste Migration',
      unknown: 'unbekannt',
      none: 'keine',
      yes: 'ja',
      no: 'nein',
    },
    environment: {
      development: 'Entwicklung',
      production: 'Produktion',
      test: 'Test',
    },
    databaseMode: {
      embedded: 'eingebettet (im Anwendungsverzeichnis)',
      external: 'extern (eigener PostgreSQL-Server)',
    },
  },
  areas: {
    comingSoon: 'Dieser Bereich ist noch im Aufbau.',
    participants: {
      title: 'Teilnehmende',
      description:
        'Hier verwalten Sie bald die jungen Menschen, die an den Programmen teilnehmen: Stammdaten, Einwilligungen, Fallverlauf und Beratungsgespräche.',
    },
    offers: {
      title: 'Angebote',
      description:
        'Hier verwalten Sie bald die Angebote und Maßnahmen, ihre Plätze und Termine sowie die Anmeldungen der Teilnehmenden.',
    },
    funding: {
      title: 'Förderung',
      description:
        'Hier verwalten Sie bald Förderanträge, Bewilligungen, Budgets und Auszahlungen – mit Vier-Augen-Freigabe.',
    },
    alliance: {
      title: 'Bündnis',
      description:
        'Hier verwalten Sie bald das kommunale Bündnis: beteiligte Träger, Ansprechpersonen und die Zusammenarbeit vor Ort.',
    },
    reports: {
      title: 'Berichte',
      description:
        'Hier finden Sie bald Auswertungen und Berichte für Kommune und Land – geschützt gegen die Offenlegung kleiner Fallzahlen.',
    },
    admin: {
      title: 'Verwaltung',
      description:
        'Hier verwalten Sie bald Benutzerkonten, Rollen, Löschfristen, das Protokoll und die Einstellungen des Systems.',
    },
  },
  accessibility: {
    title: 'Erklärung zur Barrierefreiheit',
    intro:
      'Die Betreiberin dieses Systems ist bemüht, die Webanwendung Durchstarten im Einklang mit dem Behindertengleichstellungsgesetz (BGG bzw. BGG NRW) und der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0 bzw. BITV NRW) zur Umsetzung der Richtlinie (EU) 2016/2102 barrierefrei zugänglich zu machen.',
    scope: 'Diese Erklärung gilt für die Webanwendung Durchstarten in der Version {{version}}.',
    conformanceTitle: 'Stand der Vereinbarkeit mit den Anforderungen',
    conformanceText:
      'Die Webanwendung ist mit den Anforderungen der BITV 2.0 (EN 301 549, entsprechend WCAG 2.1 Stufe AA) teilweise vereinbar. Die Unvereinbarkeiten und offenen Punkte sind unten aufgeführt.',
    gapsTitle: 'Nicht barrierefreie Inhalte und offene Prüfungen',
    gapNewSystem:
      'Durchstarten ist ein neues System, das schrittweise entsteht. Neue Bereiche kommen laufend hinzu; sie werden vor ihrer Freigabe nach demselben Verfahren geprüft.',
    gapNoExpertTest:
      'Eine Prüfung durch unabhängige Sachverständige (zum Beispiel ein BITV-Test) hat noch nicht stattgefunden.',
    gapNoAssistiveTech:
      'Die Bedienung mit Screenreadern und anderen assistiven Technologien wurde noch nicht systematisch mit Nutzerinnen und Nutzern getestet.',
    gapAutomated:
      'Automatische Prüfwerkzeuge finden nur einen Teil möglicher Barrieren. Verständlichkeit, Leichte Sprache und Gebärdensprache sind noch nicht berücksichtigt.',
    preparationTitle: 'Erstellung dieser Erklärung',
    preparationText: 'Diese Erklärung wurde am {{date}} erstellt.',
    methodText:
      'Grundlage ist eine Selbstbewertung: Jede Seite wird bei jeder Änderung automatisch mit dem Prüfwerkzeug axe-core auf Verstöße gegen WCAG 2.1 Stufe A und AA geprüft – in deutscher und englischer Sprache. Automatisierte Tests prüfen außerdem, dass alle Bereiche mit der Tastatur erreichbar sind, der Fokus sichtbar ist und die Navigation bei 400 % Vergrößerung (320 Pixel Breite) bedienbar bleibt.',
    feedbackTitle: 'Feedback und Kontakt',
    feedbackText:
      'Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen, oder benötigen Sie Inhalte in barrierefreier Form? Dann schreiben Sie uns bitte. Wir antworten innerhalb von sechs Wochen.',
    feedbackContact: 'E-Mail:',
    enforcementTitle: 'Durchsetzungsverfahren',
    enforcementText:
      'Wenn Sie innerhalb von sechs Wochen keine zufriedenstellende Antwort erhalten haben, können Sie ein Durchsetzungsverfahren einleiten. Für öffentliche Stellen des Landes Nordrhein-Westfalen und der Kommunen in Nordrhein-Westfalen ist dafür zuständig:',
    federalText: 'Für öffentliche Stellen des Bundes ist zuständig:',
    externalLinkHint: '(externe Website)',
  },
  notFound: {
    title: 'Seite nicht gefunden',
    text: 'Die aufgerufene Adresse gibt es nicht. Vielleicht hat sich ein Tippfehler eingeschlichen, oder die Seite wurde verschoben.',
    backHome: 'Zur Startseite',
  },
};

type Messages<T> = { readonly [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

/** The shape every language must provide: the same keys as German, any strings. */
export type TranslationMessages = Messages<typeof de>;
