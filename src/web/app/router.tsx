import { createRootRoute, createRoute, createRouter } from '@tanstack/react-router';
import { AccessibilityStatementPage } from '../features/accessibility/accessibility-statement-page.tsx';
import { AreaPage, type AreaKey } from '../features/areas/area-page.tsx';
import { HomePage } from '../features/home/home-page.tsx';
import { NotFoundPage } from '../features/not-found/not-found-page.tsx';
import { AppLayout } from './app-layout.tsx';

const rootRoute = createRootRoute({
  component: AppLayout,
  notFoundComponent: NotFoundPage,
});

const homeRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: HomePage });

const accessibilityRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/accessibility',
  component: AccessibilityStatementPage,
});

function areaRoute<const TPath extends `/${AreaKey}`>(path: TPath, area: AreaKey) {
  return createRoute({ getParentRoute: () => rootRoute, path, component: () => <AreaPage area={area} /> });
}

const routeTree = rootRoute.addChildren([
  homeRoute,
  areaRoute('/participants', 'participants'),
  areaRoute('/offers', 'offers'),
  areaRoute('/funding', 'funding'),
  areaRoute('/alliance', 'alliance'),
  areaRoute('/reports', 'reports'),
  areaRoute('/admin', 'admin'),
  accessibilityRoute,
]);

export function createAppRouter() {
  return createRouter({
    routeTree,
    defaultPreload: 'intent',
    scrollRestoration: true,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}
