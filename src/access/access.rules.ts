// Roles and permissions, declared as data (role × action × resource, with a scope), and the one
// `authorize` decision every use case starts with. Pure: no I/O, so that it is tested exhaustively.

export const roles = [
  'system_admin',
  'ministry_analyst',
  'grant_officer',
  'municipal_admin',
  'managing_office',
  'participation_manager',
  'coach',
  'provider_staff',
  'alliance_member',
  'advisor',
] as const;
export type Role = (typeof roles)[number];

export const actions = ['read', 'create', 'update', 'delete', 'export', 'manage'] as const;
export type Action = (typeof actions)[number];

export const resources = [
  'organisation',
  'user',
  'team',
  'permission',
  'session',
  'audit_log',
  'participant',
  'case',
  'policy',
  'aggregate',
  // the offer catalogue and the providers' contact persons (no participant data)
  'offer',
  // a participant's enrolment in an offer (attendance, results)
  'enrolment',
  // measure-career alerts about a participant
  'alert',
  // quality review: indicators, feedback, quality dialogues with providers
  'quality',
  // funding administration (no participant data): programmes as versioned configuration; state budgets,
  // allocation keys and the municipalities' budgets; applications with financing plans; grants with their
  // decisions and amendments; forwarding contracts to providers; payment requests and the payment ledger;
  // proofs of use with recovery claims; the innovation fund (FB5: calls, proposals, steering-committee scores)
  'programme',
  'budget',
  'application',
  'grant',
  'forwarding',
  'payment',
  'proof_of_use',
  'innovation',
] as const;
export type Resource = (typeof resources)[number];

/**
 * How far a permission reaches: `own` = records assigned to the actor; `team` = records of the actor's
 * teams; `organisation` = records of (or enrolled with) the actor's organisation; `municipality` =
 * records of the actor's municipalities (tenants); `all` = everything, across tenants.
 */
export const scopes = ['own', 'team', 'organisation', 'municipality', 'all'] as const;
export type Scope = (typeof scopes)[number];

export interface Permission {
  role: Role;
  action: Action;
  resource: Resource;
  scope: Scope;
}

function grant(role: Role, resource: Resource, scope: Scope, ...granted: Action[]): Permission[] {
  return granted.map((action) => ({ role, action, resource, scope }));
}

/** The permission table. `manage` implies every other action on the resource within its scope. */
export const permissions: readonly Permission[] = [
  // System administration: accounts and organisations everywhere, but never participant data.
  ...grant('system_admin', 'organisation', 'all', 'manage'),
  ...grant('system_admin', 'user', 'all', 'manage'),
  ...grant('system_admin', 'team', 'all', 'read'),
  ...grant('system_admin', 'permission', 'all', 'read'),
  ...grant('system_admin', 'session', 'all', 'manage'),
  ...grant('system_admin', 'audit_log', 'all', 'read'),
  // Ministry and approving authority: aggregates only, through audited functions.
  ...grant('ministry_analyst', 'aggregate', 'all', 'read'),
  ...grant('ministry_analyst', 'organisation', 'all', 'read'),
  ...grant('grant_officer', 'aggregate', 'all', 'read'),
  ...grant('grant_officer', 'organisation', 'all', 'read'),
  // Municipal administrators: their municipality's accounts, teams and audit log; no case data.
  ...grant('municipal_admin', 'organisation', 'all', 'read'),
  ...grant('municipal_admin', 'user', 'municipality', 'manage'),
  ...grant('municipal_admin', 'team', 'municipality', 'manage'),
  ...grant('municipal_admin', 'permission', 'all', 'read'),
  ...grant('municipal_admin', 'session', 'municipality', 'manage'),
  ...grant('municipal_admin', 'audit_log', 'municipality', 'read'),
  ...grant('municipal_admin', 'aggregate', 'municipality', 'read'),
  // Municipal policy: eligibility settings and deletion classes (retention) of the municipality.
  ...grant('municipal_admin', 'policy', 'municipality', 'manage'),
  // Managing office (alliance steering) and alliance members: aggregates of their municipality.
  ...grant('managing_office', 'organisation', 'all', 'read'),
  ...grant('managing_office', 'aggregate', 'municipality', 'read', 'export'),
  ...grant('managing_office', 'team', 'municipality', 'read'),
  ...grant('alliance_member', 'aggregate', 'municipality', 'read'),
  ...grant('advisor', 'aggregate', 'municipality', 'read'),
  ...grant('advisor', 'organisation', 'all', 'read'),
  // Participation managers: intake and search across the municipality (duplicate check), case work in their teams.
  ...grant('participation_manager', 'organisation', 'all', 'read'),
  ...grant('participation_manager', 'participant', 'municipality', 'read', 'create', 'update', 'export', 'delete'),
  ...grant('participation_manager', 'policy', 'municipality', 'read'),
  ...grant('participation_manager', 'case', 'municipality', 'create'),
  ...grant('participation_manager', 'case', 'team', 'read', 'update', 'export'),
  // …and the cases assigned to them personally, also outside their teams (e.g. standing in for a colleague).
  ...grant('participation_manager', 'case', 'own', 'read', 'update', 'export'),
  ...grant('participation_manager', 'team', 'municipality', 'read'),
  ...grant('participation_manager', 'aggregate', 'municipality', 'read'),
  // Coaches (FB1): only the participants and cases assigned to them.
  ...grant('coach', 'participant', 'own', 'read', 'update'),
  ...grant('coach', 'case', 'own', 'read', 'update'),
  // Providers: only participants enrolled with their organisation.
  ...grant('provider_staff', 'organisation', 'all', 'read'),
  ...grant('provider_staff', 'participant', 'organisation', 'read'),
  // The offer catalogue: everyone working in the municipality reads it; the managing office keeps it, and a
  // provider's staff keep their own offers (organisation = the offer's provider).
  ...grant('managing_office', 'offer', 'municipality', 'manage'),
  ...grant('provider_staff', 'offer', 'municipality', 'read'),
  ...grant('provider_staff', 'offer', 'organisation', 'create', 'update'),
  ...grant('participation_manager', 'offer', 'municipality', 'read'),
  ...grant('coach', 'offer', 'municipality', 'read'),
  ...grant('alliance_member', 'offer', 'municipality', 'read'),
  ...grant('advisor', 'offer', 'municipality', 'read'),
  ...grant('municipal_admin', 'offer', 'municipality', 'read'),
  // Enrolments follow the participant: participation managers enrol anyone of the municipality, coaches
  // their own participants; providers record attendance and results in their own offers.
  ...grant('participation_manager', 'enrolment', 'municipality', 'read', 'create', 'update'),
  ...grant('coach', 'enrolment', 'own', 'read', 'create', 'update'),
  ...grant('provider_staff', 'enrolment', 'organisation', 'read', 'update'),
  // Measure-career alerts: for the case workers of the person, never for providers.
  ...grant('participation_manager', 'alert', 'municipality', 'read', 'update'),
  ...grant('coach', 'alert', 'own', 'read', 'update'),
  // Quality review: the managing office runs it; providers see their own figures and dialogues.
  ...grant('managing_office', 'quality', 'municipality', 'manage'),
  ...grant('provider_staff', 'quality', 'organisation', 'read'),
  ...grant('participation_manager', 'quality', 'municipality', 'read'),
  ...grant('alliance_member', 'quality', 'municipality', 'read'),
  // Funding administration. The approving authority keeps the programmes and state budgets, reviews and decides
  // applications of every municipality, approves payments (four eyes: two officers, neither the requester) and
  // audits proofs of use. The municipality's managing office applies, forwards to providers, requests payments
  // and proves the use; its administrators read along. Providers see their own forwarding contracts, prove
  // their use to the municipality and may propose FB5 projects. The ministry reads; ministry and authority form
  // the FB5 steering committee (score proposals).
  ...grant('grant_officer', 'programme', 'all', 'manage'),
  ...grant('grant_officer', 'budget', 'all', 'manage'),
  ...grant('grant_officer', 'application', 'all', 'read', 'update', 'export'),
  ...grant('grant_officer', 'grant', 'all', 'manage'),
  ...grant('grant_officer', 'forwarding', 'all', 'read'),
  ...grant('grant_officer', 'payment', 'all', 'read', 'update', 'export'),
  ...grant('grant_officer', 'proof_of_use', 'all', 'read', 'update', 'export'),
  ...grant('grant_officer', 'innovation', 'all', 'manage'),
  ...grant('ministry_analyst', 'programme', 'all', 'read'),
  ...grant('ministry_analyst', 'budget', 'all', 'read', 'export'),
  ...grant('ministry_analyst', 'grant', 'all', 'read'),
  ...grant('ministry_analyst', 'payment', 'all', 'read'),
  ...grant('ministry_analyst', 'innovation', 'all', 'read', 'update'),
  ...grant('managing_office', 'programme', 'all', 'read'),
  ...grant('managing_office', 'budget', 'municipality', 'read', 'export'),
  ...grant('managing_office', 'application', 'municipality', 'read', 'create', 'update', 'export'),
  ...grant('managing_office', 'grant', 'municipality', 'read', 'export'),
  ...grant('managing_office', 'forwarding', 'municipality', 'manage'),
  ...grant('managing_office', 'payment', 'municipality', 'read', 'create', 'export'),
  ...grant('managing_office', 'proof_of_use', 'municipality', 'read', 'create', 'update', 'export'),
  ...grant('managing_office', 'innovation', 'municipality', 'read', 'create', 'update'),
  ...grant('municipal_admin', 'programme', 'all', 'read'),
  ...grant('municipal_admin', 'budget', 'municipality', 'read', 'export'),
  ...grant('municipal_admin', 'application', 'municipality', 'read', 'export'),
  ...grant('municipal_admin', 'grant', 'municipality', 'read', 'export'),
  ...grant('municipal_admin', 'forwarding', 'municipality', 'read'),
  ...grant('municipal_admin', 'payment', 'municipality', 'read', 'export'),
  ...grant('municipal_admin', 'proof_of_use', 'municipality', 'read', 'export'),
  ...grant('provider_staff', 'programme', 'all', 'read'),
  ...grant('provider_staff', 'forwarding', 'organisation', 'read'),
  ...grant('provider_staff', 'proof_of_use', 'organisation', 'read', 'create', 'update', 'export'),
  ...grant('provider_staff', 'innovation', 'organisation', 'read', 'create', 'update'),
];

/** Roles whose permissions reach participant or case data must use a second factor. */
export function seesParticipantData(role: Role): boolean {
  const personal: readonly Resource[] = ['participant', 'case', 'enrolment', 'alert'];
  return permissions.some((p) => p.role === role && personal.includes(p.resource));
}

/** Who is acting: built once per request from the session (accounts area). */
export interface Actor {
  userId: string;
  organisationId: string;
  roles: readonly Role[];
  /** Municipalities (tenants) the actor may act in. */
  municipalityIds: readonly string[];
  /** The tenant of this request (one of municipalityIds), or null for cross-tenant roles. */
  activeMunicipalityId: string | null;
  /** The actor's teams within the active municipality. */
  teamIds: readonly string[];
}

/** Function-level check: does any role of the actor hold this action on this resource at some scope? */
export function mayEver(actor: Pick<Actor, 'roles'>, action: Action, resource: Resource): boolean {
  return permissions.some(
    (p) => actor.roles.includes(p.role) && p.resource === resource && (p.action === action || p.action === 'manage'),
  );
}

/**
 * Whether any role of the actor holds this action on this resource at exactly this scope, e.g. `all` (the approving
 * authority's reach over every municipality) or `organisation` (a provider's own records).
 */
export function mayAtScope(actor: Pick<Actor, 'roles'>, action: Action, resource: Resource, scope: Scope): boolean {
  return permissions.some(
    (p) =>
      actor.roles.includes(p.role) &&
      p.resource === resource &&
      p.scope === scope &&
      (p.action === action || p.action === 'manage'),
  );
}

/** What is being acted on. Omitted facts are unknown and can never grant access. */
export interface Target {
  resource: Resource;
  municipalityId?: string | null;
  organisationId?: string | null;
  /** Users the record is assigned to (case workers, coaches). */
  assignedUserIds?: readonly string[];
  teamIds?: readonly string[];
  /** Organisations the participant is enrolled with (providers). */
  enrolledWithOrganisationIds?: readonly string[];
  /** "Anvertraut": only the assigned staff may see the record, whatever their role's scope. */
  restricted?: boolean;
}

export interface Decision {
  allowed: boolean;
  /** The permission that allowed it, for the audit log. */
  permission?: Permission;
  reason: string;
}

function intersects(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return Boolean(a?.some((value) => b.includes(value)));
}

function inScope(actor: Actor, scope: Scope, target: Target): boolean {
  switch (scope) {
    case 'all':
      return true;
    case 'municipality':
      return target.municipalityId != null && actor.municipalityIds.includes(target.municipalityId);
    case 'organisation':
      return (
        (target.organisationId != null && target.organisationId === actor.organisationId) ||
        Boolean(target.enrolledWithOrganisationIds?.includes(actor.organisationId))
      );
    case 'team':
      return intersects(target.teamIds, actor.teamIds);
    case 'own':
      return Boolean(target.assignedUserIds?.includes(actor.userId));
  }
}

/** Deny by default; allow when one of the actor's roles has a matching permission whose scope covers the target. */
export function authorize(actor: Actor, action: Action, target: Target): Decision {
  if (target.restricted && !target.assignedUserIds?.includes(actor.userId)) {
    return { allowed: false, reason: 'restricted record: only assigned staff' };
  }
  for (const role of actor.roles) {
    for (const permission of permissions) {
      if (permission.role !== role || permission.resource !== target.resource) continue;
      if (permission.action !== action && permission.action !== 'manage') continue;
      if (inScope(actor, permission.scope, target)) {
        return {
          allowed: true,
          permission,
          reason: `${role} may ${permission.action} ${target.resource} (${permission.scope})`,
        };
      }
    }
  }
  return { allowed: false, reason: `no permission to ${action} ${target.resource}` };
}
