import type { DynamicModule, ForwardReference, Type } from '@nestjs/common';
import type { ModulesContainer } from '@nestjs/core';
import { PATTERN_EXTRAS_METADATA, PATTERN_METADATA } from '@nestjs/microservices/constants';

/** One `@EventPattern` method: the topic it handles, `Class.method`, and the module that lists the class. */
export interface HandlerEntry {
  topic: string;
  handler: string;
  module: string;
}

type ModuleRef = Type | DynamicModule | ForwardReference | Promise<DynamicModule>;

/** The pattern handlers a class declares: method name → its topics and its metadata object. */
function patternMethods(controller: Type): Array<{ method: string; topics: string[]; extras: unknown }> {
  const methods: Array<{ method: string; topics: string[]; extras: unknown }> = [];
  const seen = new Set<string>();
  for (let proto = controller.prototype as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const method of Object.getOwnPropertyNames(proto)) {
      if (method === 'constructor' || seen.has(method)) continue;
      seen.add(method);
      const value = Object.getOwnPropertyDescriptor(proto, method)?.value as unknown;
      if (typeof value !== 'function') continue;
      const topics = Reflect.getMetadata(PATTERN_METADATA, value) as unknown[] | undefined;
      if (!topics) continue;
      methods.push({ method, topics: topics.map(String), extras: Reflect.getMetadata(PATTERN_EXTRAS_METADATA, value) });
    }
  }
  return methods;
}

/**
 * Every `@EventPattern` handler reachable from a service's root module, read from the modules'
 * static metadata (nothing is instantiated), sorted by topic: what the README's topic → consumer
 * table is generated from (tools/docs/topic-consumers.ts).
 */
export function eventHandlersOf(root: Type | DynamicModule): HandlerEntry[] {
  const entries: HandlerEntry[] = [];
  const visited = new Set<unknown>();
  const visit = (ref: ModuleRef | undefined) => {
    if (!ref || ref instanceof Promise) return;
    const resolved = 'forwardRef' in ref ? (ref.forwardRef() as Type | DynamicModule) : ref;
    const dynamic = 'module' in resolved ? resolved : undefined;
    const moduleClass = dynamic ? dynamic.module : (resolved as Type);
    if (visited.has(resolved)) return;
    visited.add(resolved);
    const controllers = [
      ...((Reflect.getMetadata('controllers', moduleClass) as Type[] | undefined) ?? []),
      ...(dynamic?.controllers ?? []),
    ];
    for (const controller of controllers) {
      for (const { method, topics } of patternMethods(controller)) {
        for (const topic of topics) entries.push({ topic, handler: `${controller.name}.${method}`, module: moduleClass.name });
      }
    }
    for (const imported of [
      ...((Reflect.getMetadata('imports', moduleClass) as ModuleRef[] | undefined) ?? []),
      ...(dynamic?.imports ?? []),
    ]) {
      visit(imported);
    }
  };
  visit(root);
  return entries.sort((a, b) => a.topic.localeCompare(b.topic) || a.handler.localeCompare(b.handler));
}

/**
 * In a running app: which `Class.method in Module` carries this pattern metadata object (the
 * same object for every registration of one class method, which is how duplicates are recognised).
 */
export function locateHandler(modules: ModulesContainer, extras: object): string[] {
  const found: string[] = [];
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller || typeof controller !== 'function') continue;
      for (const { method, extras: candidate } of patternMethods(controller)) {
        if (candidate === extras) found.push(`${controller.name}.${method} in ${module.metatype.name}`);
      }
    }
  }
  return found;
}
