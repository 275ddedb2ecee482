import type { Role } from '@garda/contracts';
import type { ComponentType } from 'react';
import type { MessageDescriptor } from 'react-intl';

/** A screen of the console, at `/<path>`, for the roles that may open it. */
export interface FeatureRoute {
  /** Relative to the console's root: 'desk', 'tickets', 'tickets/:ticketId'. */
  path: string;
  /** Who may open it; anyone else sees "not allowed" (and the gateway refuses their calls anyway). */
  roles: readonly Role[];
  /** The page; or `lazy` to load it only when first opened (its own bundle). */
  Component?: ComponentType;
  lazy?: () => Promise<ComponentType>;
  /** The roles that land here after logging in (one route per role). */
  homeFor?: readonly Role[];
}

/** An entry of the top bar's navigation; shown only to the roles listed. */
export interface NavEntry {
  to: string;
  label: MessageDescriptor;
  roles: readonly Role[];
  /** Position in the navigation, lowest first (desk 10, wallboard 20; leave gaps). */
  order: number;
  /** data-testid of the link (`nav-<feature>` by convention). */
  testId: string;
}

/**
 * A feature of the console: its routes and its navigation entries, declared in
 * `src/<feature>/<feature>.feature.tsx` (`export const feature: ConsoleFeature = …`). The router
 * finds every such file by itself (app/features.ts): adding a screen touches no shared file.
 */
export interface ConsoleFeature {
  id: string;
  routes: FeatureRoute[];
  nav?: NavEntry[];
}

export const canOpen = (role: Role, entry: { roles: readonly Role[] }): boolean => entry.roles.includes(role);

/** Two features claiming one path or one id is a programming mistake: fail at start, loudly. */
export function checked(features: ConsoleFeature[]): ConsoleFeature[] {
  const ids = new Set<string>();
  const paths = new Set<string>();
  for (const feature of features) {
    if (ids.has(feature.id)) throw new Error(`Two console features are called "${feature.id}"`);
    ids.add(feature.id);
    for (const route of feature.routes) {
      if (paths.has(route.path)) throw new Error(`Two console routes claim "/${route.path}"`);
      paths.add(route.path);
      if (!route.Component === !route.lazy) throw new Error(`The route "/${route.path}" needs exactly one of Component or lazy`);
    }
  }
  return features;
}

/** The navigation a role sees, in order. */
export function navigationFor(role: Role, features: ConsoleFeature[]): NavEntry[] {
  return features
    .flatMap((feature) => feature.nav ?? [])
    .filter((entry) => canOpen(role, entry))
    .sort((a, b) => a.order - b.order);
}

/** Where a role lands after logging in: the route marked home for it, else its first navigation entry. */
export function homeFor(role: Role, features: ConsoleFeature[]): string | undefined {
  const home = features.flatMap((feature) => feature.routes).find((route) => route.homeFor?.includes(role) && canOpen(role, route));
  if (home) return `/${home.path}`;
  return navigationFor(role, features)[0]?.to;
}
