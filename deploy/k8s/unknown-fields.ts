// Finds fields the Kubernetes API schema does not define (`readinesProbe`, `spec.replicaz`), which
// kubernetes-models' validators accept silently (its schemas allow additional properties) and
// the API server would drop or, with strict field validation, refuse.
//
// It watches the schema validator itself: the object is wrapped in proxies that record which
// properties the compiled validator reads. The validator reads every property its schema defines
// and enumerates the keys only of maps (labels, annotations, ConfigMap data…), whose keys are free.
// So a key of a non-map object that the validator never read is a field the schema does not know.
// That keeps the check on kubernetes-models' own definitions, with no second copy of the schemas.

interface Visit {
  path: string;
  read: Set<PropertyKey>;
  enumerated: boolean;
}

/** JSON-pointer-like paths (`/spec/template/spec/containers/0/readinesProbe`) of unknown fields. */
export function unknownFields(object: object, validate: (data: object) => void): string[] {
  const visits = new Map<object, Visit>();

  const track = <T>(value: T, path: string): T => {
    if (value === null || typeof value !== 'object') return value;
    const target = value as unknown as object;
    const visit: Visit = { path, read: new Set(), enumerated: false };
    visits.set(target, visit);
    const children = new Map<PropertyKey, unknown>();
    return new Proxy(target, {
      get(inner, key, receiver) {
        visit.read.add(key);
        const child = Reflect.get(inner, key, receiver) as unknown;
        if (typeof key === 'symbol' || child === null || typeof child !== 'object') return child;
        if (!children.has(key)) children.set(key, track(child, `${path}/${key}`));
        return children.get(key);
      },
      has(inner, key) {
        visit.read.add(key);
        return Reflect.has(inner, key);
      },
      getOwnPropertyDescriptor(inner, key) {
        visit.read.add(key);
        return Reflect.getOwnPropertyDescriptor(inner, key);
      },
      ownKeys(inner) {
        visit.enumerated = true;
        return Reflect.ownKeys(inner);
      },
    }) as unknown as T;
  };

  try {
    validate(track(object, ''));
  } catch {
    // Wrong types are reported by the schema validation proper; here only unread keys count.
  }

  const unknown: string[] = [];
  for (const [target, visit] of visits) {
    if (Array.isArray(target) || visit.enumerated) continue;
    for (const key of Object.keys(target)) if (!visit.read.has(key)) unknown.push(`${visit.path}/${key}`);
  }
  return unknown.sort();
}
