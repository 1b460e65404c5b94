// The main navigation: one entry per area, in the order the work flows.
export const NAVIGATION = [
  { to: '/', labelKey: 'nav.home', exact: true },
  { to: '/participants', labelKey: 'nav.participants', exact: false },
  { to: '/caseload', labelKey: 'cases.nav.caseload', exact: false },
  {
    to: '/offers',
    labelKey: 'nav.offers',
    exact: false,
    children: [{ to: '/offers/careers', labelKey: 'nav.careers' }],
  },
  { to: '/quality', labelKey: 'nav.quality', exact: false },
  { to: '/funding', labelKey: 'nav.funding', exact: false },
  { to: '/alliance', labelKey: 'nav.alliance', exact: false },
  { to: '/reports', labelKey: 'nav.reports', exact: false },
  {
    to: '/admin',
    labelKey: 'nav.admin',
    exact: true,
    // Pages of the administration, listed below it in the order of the cards on /admin.
    children: [
      { to: '/admin/users', labelKey: 'users.nav' },
      { to: '/admin/organisations', labelKey: 'organisations.nav' },
      { to: '/admin/permissions', labelKey: 'permissions.nav' },
      { to: '/admin/audit-log', labelKey: 'nav.auditLog' },
      { to: '/admin/policy', labelKey: 'cases.nav.policy' },
      { to: '/admin/careers', labelKey: 'nav.careerRules' },
    ],
  },
] as const;
