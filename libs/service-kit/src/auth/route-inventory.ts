import { type DynamicModule, type ForwardReference, RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { ModulesContainer } from '@nestjs/core';
import type { Role } from '@garda/contracts';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';

/** One HTTP route as Nest maps it, with who may call it (AuthGuard's view of the metadata). */
export interface RouteEntry {
  method: string;
  /** Express form, e.g. `/conversations/:id`. */
  path: string;
  handler: string;
  public: boolean;
  /** The roles the guard lets through (admin always); all three when the route names none. */
  roles: Role[];
}

type ModuleRef = Type | DynamicModule | ForwardReference | Promise<DynamicModule>;

const ALL_ROLES: Role[] = ['agent', 'supervisor', 'admin'];

/** The controllers reachable from a root module, read from static metadata (nothing is instantiated). */
export function controllersOf(root: Type | DynamicModule): Type[] {
  const controllers = new Set<Type>();
  const visited = new Set<unknown>();
  const visit = (ref: ModuleRef | undefined) => {
    if (!ref || ref instanceof Promise) return;
    const resolved = 'forwardRef' in ref ? (ref.forwardRef() as Type | DynamicModule) : ref;
    const dynamic = 'module' in resolved ? resolved : undefined;
    const moduleClass = dynamic ? dynamic.module : (resolved as Type);
    if (visited.has(resolved)) return;
    visited.add(resolved);
    for (const controller of [
      ...((Reflect.getMetadata('controllers', moduleClass) as Type[] | undefined) ?? []),
      ...(dynamic?.controllers ?? []),
    ])
      controllers.add(controller);
    for (const imported of [
      ...((Reflect.getMetadata('imports', moduleClass) as ModuleRef[] | undefined) ?? []),
      ...(dynamic?.imports ?? []),
    ])
      visit(imported);
  };
  visit(root);
  return [...controllers];
}

/** The controllers of a running Nest app (CoreModule's health and metrics included). */
export function controllersIn(modules: ModulesContainer): Type[] {
  const controllers = new Set<Type>();
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values())
      if (typeof wrapper.metatype === 'function') controllers.add(wrapper.metatype as Type);
  }
  return [...controllers];
}

/** Every HTTP route the controllers declare, sorted by path and method. */
export function httpRoutesOf(controllers: Type[]): RouteEntry[] {
  const routes: RouteEntry[] = [];
  for (const controller of controllers) {
    const prefixes = asList(Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined);
    const seen = new Set<string>();
    for (let proto = controller.prototype as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        if (name === 'constructor' || seen.has(name)) continue;
        seen.add(name);
        const method = Object.getOwnPropertyDescriptor(proto, name)?.value as unknown;
        if (typeof method !== 'function') continue;
        const requestMethod = Reflect.getMetadata(METHOD_METADATA, method) as RequestMethod | undefined;
        const paths = Reflect.getMetadata(PATH_METADATA, method) as string | string[] | undefined;
        if (requestMethod === undefined || paths === undefined) continue;
        const isPublic = Boolean(metadataOf<boolean>(IS_PUBLIC, method, controller));
        const required = metadataOf<Role[]>(REQUIRED_ROLES, method, controller);
        const roles = required ? ALL_ROLES.filter((role) => role === 'admin' || required.includes(role)) : ALL_ROLES;
        for (const prefix of prefixes)
          for (const path of asList(paths))
            routes.push({
              method: RequestMethod[requestMethod],
              path: joinPath(prefix, path),
              handler: `${controller.name}.${name}`,
              public: isPublic,
              roles: isPublic ? [] : roles,
            });
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** Like Reflector.getAllAndOverride: the handler's metadata, else the class's. */
function metadataOf<T>(key: string, handler: unknown, controller: Type): T | undefined {
  return (Reflect.getMetadata(key, handler as object) as T | undefined) ?? (Reflect.getMetadata(key, controller) as T | undefined);
}

const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [''] : Array.isArray(value) ? value : [value]);

function joinPath(prefix: string, path: string): string {
  const joined = `/${[prefix, path]
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
  return joined;
}
