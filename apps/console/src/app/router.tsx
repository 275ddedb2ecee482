import type { Role } from '@garda/contracts';
import { createBrowserRouter, Navigate, Outlet, type RouteObject, useLocation } from 'react-router';
import { LoginPage } from '../session/LoginPage';
import { useSession, useSessionState } from '../session/SessionProvider';
import { EmptyState } from '../ui/EmptyState';
import { Page } from '../ui/Page';
import { canOpen, type ConsoleFeature, type FeatureRoute, homeFor } from './feature';
import { LiveProvider } from './LiveProvider';
import { RouteError } from './RouteError';
import { Shell } from './Shell';
import { FormattedMessage } from 'react-intl';

/**
 * The console's routes: /login, and under the logged-in shell every feature's routes (each behind
 * its roles). Paths are real URLs, so a reload or a shared link opens the same screen; serve.mjs
 * answers index.html for them.
 */
export function consoleRoutes(features: ConsoleFeature[]): RouteObject[] {
  return [
    { path: '/login', Component: LoginPage, ErrorBoundary: RouteError },
    {
      path: '/',
      Component: LoggedIn,
      ErrorBoundary: RouteError,
      children: [
        { index: true, element: <HomeRedirect features={features} /> },
        ...features.flatMap((feature) =>
          feature.routes.map((route) => ({ element: <RoleGate roles={route.roles} />, children: [pageRoute(route)] })),
        ),
        { path: '*', Component: NotFound },
      ],
    },
  ];
}

export const createConsoleRouter = (features: ConsoleFeature[]) => createBrowserRouter(consoleRoutes(features));

function pageRoute(route: FeatureRoute): RouteObject {
  if (route.lazy) {
    const load = route.lazy;
    return { path: route.path, lazy: async () => ({ Component: await load() }) };
  }
  return { path: route.path, Component: route.Component };
}

/** Not logged in: to the login page, which brings the user back here afterwards. */
function LoggedIn() {
  const { session } = useSessionState();
  const location = useLocation();
  if (!session) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <LiveProvider key={session.accessToken}>
      <Shell />
    </LiveProvider>
  );
}

function HomeRedirect({ features }: { features: ConsoleFeature[] }) {
  const session = useSession();
  const home = homeFor(session.user.role, features);
  return home ? <Navigate to={home} replace /> : <NotFound />;
}

function RoleGate({ roles }: { roles: readonly Role[] }) {
  const session = useSession();
  if (canOpen(session.user.role, { roles })) return <Outlet />;
  return (
    <Page title={<FormattedMessage id="common.forbidden.title" />}>
      <EmptyState testId="forbidden" title={<FormattedMessage id="common.forbidden.title" />}>
        <FormattedMessage id="common.forbidden.body" />
      </EmptyState>
    </Page>
  );
}

function NotFound() {
  return (
    <Page title={<FormattedMessage id="common.notFound.title" />}>
      <EmptyState testId="not-found" title={<FormattedMessage id="common.notFound.title" />}>
        <FormattedMessage id="common.notFound.body" />
      </EmptyState>
    </Page>
  );
}
