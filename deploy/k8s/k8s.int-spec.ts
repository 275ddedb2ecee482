// Renders every Kustomize overlay with `kubectl kustomize` and validates every object against the
// Kubernetes API schemas (kubernetes-models), then checks what operating Garda relies on: probes,
// resources, hardening, disruption budgets, autoscalers, ingress stickiness for socket.io, the
// migration and topic Jobs, network policies and where secrets come from.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPIC_PARTITIONS, Topics } from '@garda/contracts';
import { parseAllDocuments } from 'yaml';
import { gatewayConfigShape } from '../../apps/gateway/src/gateway.config';
import { allows, type Endpoint, type NetworkPolicyObject } from './network-policy';
import { unknownFields } from './unknown-fields';

const k8sDir = __dirname;
const INSTALL_HINT =
  '`kubectl` not found (needed for `kubectl kustomize`). Install it with `tools/platform/ensure-tools.sh` ' + 'or your package manager.';

const SERVICES: Record<string, number> = {
  gateway: 3000,
  'channels-ingest': 3001,
  customers: 3002,
  tickets: 3003,
  routing: 3004,
  analytics: 3005,
  notifications: 3006,
};
const WORKLOADS = [...Object.keys(SERVICES), 'console'];

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // The shapes differ per kind; the schema validation below is what types them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
  data?: Record<string, string>;
}

interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean; runAsNonRoot?: boolean };
  command?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
}

/** Problem with the local kubectl, or undefined when it can render these overlays. */
function kubectlProblem(): string | undefined {
  const result = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  if (result.status !== 0) return INSTALL_HINT;
  // The overlays use `labels`, target patches and `replicas`: kustomize v5 (kubectl >= 1.27).
  const kustomize = /Kustomize Version: v(\d+)\./.exec(result.stdout);
  if (!kustomize || Number(kustomize[1]) < 5) {
    return `kubectl's built-in kustomize is too old (${kustomize ? `v${kustomize[1]}` : 'unknown'}); need v5+, i.e. kubectl 1.27 or newer. ${INSTALL_HINT}`;
  }
  return undefined;
}

function render(kustomizationDir: string): K8sObject[] {
  const result = spawnSync('kubectl', ['kustomize', kustomizationDir], { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 });
  if (result.error) throw new Error(`${INSTALL_HINT} (${result.error.message})`);
  if (result.status !== 0) throw new Error(`kubectl kustomize ${kustomizationDir} failed:\n${result.stderr}`);
  return parseManifests(result.stdout);
}

function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(document.errors.map((e) => e.message).join('\n'));
      return document.toJSON() as K8sObject | null;
    })
    .filter((object): object is K8sObject => object !== null);
}

type ModelClass = (new (data: unknown) => { validate(): void }) & { prototype: { validate(this: object): void } };

/** kubernetes-models lays its classes out as <group>/<version>/<Kind>, core as v1/<Kind>. */
function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(apiVersion) || !/^\w+$/.test(kind)) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(`kubernetes-models/${apiVersion}/${kind}`) as Record<string, ModelClass>)[kind];
  } catch {
    return undefined;
  }
}

/**
 * Kustomize folds long base64 Secret values over several lines; the API server's base64 decoding
 * ignores line breaks, the schema's "byte" format does not. Unfold them as the server would.
 */
function asApiServerReadsIt(object: K8sObject): K8sObject {
  if (object.kind !== 'Secret' || !object.data) return object;
  const data = Object.fromEntries(Object.entries(object.data).map(([key, value]) => [key, String(value).replace(/[\r\n]/g, '')]));
  return { ...object, data };
}

/**
 * One line per problem, naming the object; empty when every object matches its API schema: types,
 * required fields and formats (kubernetes-models), and no field the schema does not define.
 */
function schemaProblems(objects: K8sObject[]): string[] {
  return objects.map(asApiServerReadsIt).flatMap((object) => {
    const id = `${object.kind ?? '?'}/${object.metadata?.name ?? '?'}`;
    const Model = modelFor(object.apiVersion, object.kind);
    if (!Model) return [`${id}: no Kubernetes schema for ${object.apiVersion} ${object.kind}`];
    const problems: string[] = [];
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${id}: ${(error as Error).message}`);
    }
    const unknown = unknownFields(object, (data) => Model.prototype.validate.call(data));
    if (unknown.length > 0) problems.push(`${id}: unknown fields ${unknown.join(', ')}`);
    return problems;
  });
}

const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${kind}/${name} is not in the render`);
  return found;
};
const podContainers = (object: K8sObject): Container[] => [
  ...((object.spec.template.spec.initContainers ?? []) as Container[]),
  ...(object.spec.template.spec.containers as Container[]),
];
const labelsMatch = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

/** A container's environment as the kubelet builds it: envFrom ConfigMaps first, then env (wins). */
function effectiveEnv(objects: K8sObject[], container: Container): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) Object.assign(result, named(objects, 'ConfigMap', source.configMapRef.name).data);
  }
  for (const variable of container.env ?? []) result[variable.name] = variable.value;
  return result;
}

/** A Deployment's pods as a network endpoint: namespace, pod labels and named container ports. */
function podOf(deployment: K8sObject): Endpoint {
  return {
    namespace: deployment.metadata.namespace ?? 'default',
    labels: deployment.spec.template.metadata.labels,
    ports: podContainers(deployment).flatMap((c) => c.ports ?? []),
  };
}

/** The container port a Service port sends to on the pods of `deployment` (targetPort by name or number). */
function targetPortOf(servicePort: { port: number; targetPort?: number | string }, deployment: K8sObject): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  return podContainers(deployment)
    .flatMap((c) => c.ports ?? [])
    .find((p) => p.name === target)?.containerPort;
}

const policiesOf = (objects: K8sObject[]) => ofKind(objects, 'NetworkPolicy') as unknown as NetworkPolicyObject[];

describe('Kubernetes manifests (deploy/k8s)', () => {
  it('has a kubectl recent enough to render the overlays with', () => {
    const problem = kubectlProblem();
    if (problem) throw new Error(problem);
  });

  describe('schema validation', () => {
    it('rejects a Deployment with wrong field types, naming the fields', () => {
      const fixture = parseManifests(readFileSync(join(k8sDir, 'test-fixtures/invalid-deployment.yaml'), 'utf8'));
      const problems = schemaProblems(fixture);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/Deployment\/broken/);
      expect(problems[0]).toMatch(/spec\/replicas must be integer/);
      expect(problems[0]).toMatch(/containerPort must be integer/);
    });

    it('rejects an overlay whose patch breaks an object, although kustomize renders it', () => {
      const problems = schemaProblems(render(join(k8sDir, 'test-fixtures/broken-overlay')));
      expect(problems).toEqual([expect.stringMatching(/^Deployment\/routing: .*resources\/limits/)]);
    });

    it('rejects misspelt field names of the right type, naming each, and leaves map keys alone', () => {
      const fixture = parseManifests(readFileSync(join(k8sDir, 'test-fixtures/misspelled-fields.yaml'), 'utf8'));
      // kubernetes-models alone accepts it: the check below is what catches the typos.
      const Model = modelFor('apps/v1', 'Deployment')!;
      expect(() => new Model(fixture[0]).validate()).not.toThrow();
      expect(schemaProblems(fixture)).toEqual([
        'Deployment/misspelt: unknown fields /spec/replicaz, /spec/template/spec/containers/0/readinesProbe',
      ]);
    });

    it('rejects a kind it has no schema for instead of waving it through', () => {
      const problems = schemaProblems([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }]);
      expect(problems).toEqual(['Widget/w: no Kubernetes schema for example.com/v1 Widget']);
    });
  });

  describe.each(['dev', 'prod'])('overlay %s', (overlay) => {
    let objects: K8sObject[];
    beforeAll(() => {
      objects = render(join(k8sDir, 'overlays', overlay));
    });

    it('renders and every object matches its Kubernetes API schema', () => {
      expect(objects.length).toBeGreaterThan(40);
      expect(schemaProblems(objects)).toEqual([]);
    });

    it('puts every object in the overlay namespace', () => {
      const namespace = overlay === 'prod' ? 'garda' : 'garda-dev';
      const namespaced = objects.filter((o) => o.kind !== 'Namespace');
      expect(namespaced.filter((o) => o.metadata.namespace !== namespace).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
      expect(named(objects, 'Namespace', namespace).metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    });

    it.each(WORKLOADS)('runs %s hardened, with startup, readiness and liveness probes and resources', (name) => {
      const deployment = named(objects, 'Deployment', name);
      const pod = deployment.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const container of podContainers(deployment)) {
        expect(container.startupProbe?.httpGet).toBeDefined();
        expect(container.readinessProbe?.httpGet).toBeDefined();
        expect(container.livenessProbe?.httpGet).toBeDefined();
        expect(container.resources?.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
        expect(container.resources?.limits).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
        expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
        expect(container.image).toMatch(/:[\w.-]+$/); // every image pinned to a tag by the overlay
      }
    });

    it.each(Object.entries(SERVICES))('probes %s on its health endpoints and exposes port %d', (name, port) => {
      const deployment = named(objects, 'Deployment', name);
      const [container] = podContainers(deployment);
      expect(container.startupProbe?.httpGet?.path).toBe('/health/live');
      expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
      expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
      expect(container.env).toEqual(
        expect.arrayContaining([
          { name: 'PORT', value: String(port) },
          { name: 'KAFKA_CLIENT_ID', value: name },
          { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: expect.stringMatching(/^garda-secrets/), key: 'DATABASE_URL' } } },
          { name: 'JWT_SECRET', valueFrom: { secretKeyRef: { name: expect.stringMatching(/^garda-secrets/), key: 'JWT_SECRET' } } },
        ]),
      );
      const service = named(objects, 'Service', name);
      expect(service.spec.ports).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'http', port })]));
      expect(labelsMatch(service.spec.selector, deployment.spec.template.metadata.labels)).toBe(true);
    });

    it.each(WORKLOADS)('keeps %s available through node drains and lets it autoscale', (name) => {
      const deployment = named(objects, 'Deployment', name);
      const podLabels = deployment.spec.template.metadata.labels as Record<string, string>;
      const budget = named(objects, 'PodDisruptionBudget', name);
      expect(labelsMatch(budget.spec.selector.matchLabels, podLabels)).toBe(true);
      expect(budget.spec.maxUnavailable).toBe(1);

      const autoscaler = named(objects, 'HorizontalPodAutoscaler', name);
      expect(autoscaler.apiVersion).toBe('autoscaling/v2');
      expect(autoscaler.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
      expect(autoscaler.spec.minReplicas).toBeLessThanOrEqual(deployment.spec.replicas);
      expect(deployment.spec.replicas).toBeLessThanOrEqual(autoscaler.spec.maxReplicas);
    });

    it('gives channels-ingest (and its migration) the key that encrypts provider secrets', () => {
      const fromSecret = {
        name: 'CHANNELS_SECRET_KEY',
        valueFrom: { secretKeyRef: { name: expect.stringMatching(/^garda-secrets/), key: 'CHANNELS_SECRET_KEY' } },
      };
      const [ingest] = podContainers(named(objects, 'Deployment', 'channels-ingest'));
      expect(ingest.env).toEqual(expect.arrayContaining([fromSecret, { name: 'SMTP_PORT', value: '2525' }]));
      const migration = podContainers(named(objects, 'Job', 'garda-migrate')).find((c) => c.image.startsWith('garda/channels-ingest:'));
      expect(migration?.env).toEqual(expect.arrayContaining([fromSecret]));
    });

    it('gives notifications (and its migration) the key that encrypts webhook secrets', () => {
      const fromSecret = {
        name: 'WEBHOOK_SECRET_KEY',
        valueFrom: { secretKeyRef: { name: expect.stringMatching(/^garda-secrets/), key: 'WEBHOOK_SECRET_KEY' } },
      };
      const [notifications] = podContainers(named(objects, 'Deployment', 'notifications'));
      expect(notifications.env).toEqual(expect.arrayContaining([fromSecret]));
      const migration = podContainers(named(objects, 'Job', 'garda-migrate')).find((c) => c.image.startsWith('garda/notifications:'));
      expect(migration?.env).toEqual(expect.arrayContaining([fromSecret]));
    });

    it('runs two routing replicas and never scales routing beyond the partitions it can own', () => {
      expect(named(objects, 'Deployment', 'routing').spec.replicas).toBe(2);
      const autoscaler = named(objects, 'HorizontalPodAutoscaler', 'routing');
      expect(autoscaler.spec.minReplicas).toBe(2);
      expect(autoscaler.spec.maxReplicas).toBeLessThanOrEqual(TOPIC_PARTITIONS[Topics.RoutingRequested]);
    });

    it('pins socket.io sessions to one gateway replica at the ingress and serves the console', () => {
      const realtime = named(objects, 'Ingress', 'garda-realtime');
      expect(realtime.metadata.annotations).toMatchObject({
        'nginx.ingress.kubernetes.io/affinity': 'cookie',
        'nginx.ingress.kubernetes.io/session-cookie-path': '/socket.io',
      });
      const realtimeBackends = realtime.spec.rules.flatMap((rule: { http: { paths: unknown[] } }) => rule.http.paths);
      expect(realtimeBackends).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: '/socket.io', backend: { service: { name: 'gateway', port: { name: 'http' } } } }),
        ]),
      );
      const web = named(objects, 'Ingress', 'garda-web');
      const webServices = web.spec.rules.flatMap((rule: { http: { paths: Array<{ backend: { service: { name: string } } }> } }) =>
        rule.http.paths.map((p) => p.backend.service.name),
      );
      expect(webServices).toEqual(expect.arrayContaining(['console', 'gateway', 'channels-ingest']));
      if (overlay === 'prod') {
        expect(realtime.spec.tls).toHaveLength(1);
        expect(web.spec.tls).toHaveLength(1);
        expect(realtime.metadata.annotations?.['nginx.ingress.kubernetes.io/session-cookie-secure']).toBe('true');
      }
    });

    it('keeps /metrics off the public hosts: on a port of its own that no Ingress routes to and only monitoring may reach', () => {
      const policies = policiesOf(objects);
      const ingressController: Endpoint = { namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } };
      const prometheus: Endpoint = { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } };
      const httpPorts: Record<string, number> = { ...SERVICES, console: 4200 };
      // Every public route lands on the workload's HTTP port (whatever name or number it uses).
      const backends = ofKind(objects, 'Ingress').flatMap((ingress) =>
        (
          ingress.spec.rules as Array<{
            host: string;
            http: { paths: Array<{ path: string; backend: { service: { name: string; port: { name?: string; number?: number } } } }> };
          }>
        ).flatMap((rule) => rule.http.paths.map((path) => ({ route: `${rule.host}${path.path}`, ...path.backend.service }))),
      );
      expect(backends.length).toBeGreaterThanOrEqual(5);
      for (const backend of backends) {
        const service = named(objects, 'Service', backend.name);
        const servicePort = (service.spec.ports as Array<{ name?: string; port: number; targetPort?: number | string }>).find(
          (p) => p.name === backend.port.name || p.port === backend.port.number,
        );
        const deployment = ofKind(objects, 'Deployment').find((d) => labelsMatch(service.spec.selector, d.spec.template.metadata.labels))!;
        const containerPort = servicePort && targetPortOf(servicePort, deployment);
        expect({ route: backend.route, containerPort }).toEqual({
          route: backend.route,
          containerPort: httpPorts[deployment.metadata.name],
        });
        expect({ route: backend.route, fromIngress: allows(policies, ingressController, podOf(deployment), containerPort!) }).toEqual({
          route: backend.route,
          fromIngress: true,
        });
      }
      for (const name of Object.keys(SERVICES)) {
        const deployment = named(objects, 'Deployment', name);
        const [container] = podContainers(deployment);
        const metricsPort = Number(effectiveEnv(objects, container).METRICS_PORT);
        expect({ name, metricsPort }).toEqual({ name, metricsPort: expect.any(Number) });
        expect(metricsPort).not.toBe(SERVICES[name]);
        expect(container.ports).toContainEqual(expect.objectContaining({ name: 'metrics', containerPort: metricsPort }));
        expect(deployment.spec.template.metadata.annotations?.['prometheus.io/port']).toBe(String(metricsPort));
        const pod = podOf(deployment);
        expect({
          name,
          scrape: allows(policies, prometheus, pod, metricsPort),
          fromIngress: allows(policies, ingressController, pod, metricsPort),
        }).toEqual({
          name,
          scrape: true,
          fromIngress: false,
        });
      }
    });

    it('exports traces where the overlay turns it on (prod), and lets exactly that export through the network policy', () => {
      const policies = policiesOf(objects);
      const collectorNamespace = 'observability';
      const collector: Endpoint = { namespace: collectorNamespace, labels: { 'app.kubernetes.io/name': 'opentelemetry-collector' } };
      for (const name of Object.keys(SERVICES)) {
        const deployment = named(objects, 'Deployment', name);
        const endpoint = effectiveEnv(objects, podContainers(deployment)[0]).OTEL_EXPORTER_OTLP_ENDPOINT;
        const exportAllowed = allows(policies, podOf(deployment), collector, 4318);
        if (overlay === 'prod') {
          const url = new URL(endpoint!);
          expect({ name, port: url.port, namespace: url.hostname.split('.')[1] }).toEqual({
            name,
            port: '4318',
            namespace: collectorNamespace,
          });
          expect({ name, exportAllowed }).toEqual({ name, exportAllowed: true });
          // Only to the collector's namespace: 4318 anywhere else stays closed.
          expect(allows(policies, podOf(deployment), { namespace: 'elsewhere', labels: {} }, 4318)).toBe(false);
          expect(allows(policies, podOf(deployment), { ip: '203.0.113.7' }, 4318)).toBe(false);
        } else {
          expect({ name, endpoint, exportAllowed }).toEqual({ name, endpoint: undefined, exportAllowed: false });
        }
      }
    });

    it('tells the console where browsers reach the gateway: the api host the Ingress routes to the gateway', () => {
      const consoleDeployment = named(objects, 'Deployment', 'console');
      const gatewayUrl = effectiveEnv(objects, podContainers(consoleDeployment)[0]).GATEWAY_URL;
      expect(gatewayUrl).toMatch(overlay === 'prod' ? /^https:\/\// : /^https?:\/\//);
      const host = new URL(gatewayUrl!).hostname;
      const rules = ofKind(objects, 'Ingress').flatMap(
        (ingress) =>
          ingress.spec.rules as Array<{ host: string; http: { paths: Array<{ path: string; backend: { service: { name: string } } }> } }>,
      );
      const gatewayPaths = rules
        .filter((rule) => rule.host === host)
        .flatMap((rule) => rule.http.paths.filter((p) => p.backend.service.name === 'gateway').map((p) => p.path));
      expect(gatewayPaths.sort()).toEqual(['/', '/socket.io']);
      if (overlay === 'prod') {
        const tlsHosts = ofKind(objects, 'Ingress').flatMap((ingress) =>
          (ingress.spec.tls ?? []).flatMap((tls: { hosts: string[] }) => tls.hosts),
        );
        expect(tlsHosts).toContain(host);
      }
    });

    it("migrates every service's schema in one Job, each with its own image and MIGRATE_ONLY=true", () => {
      const job = named(objects, 'Job', 'garda-migrate');
      const containers = podContainers(job);
      expect(containers.map((c) => c.image.split(':')[0]).sort()).toEqual(
        Object.keys(SERVICES)
          .map((s) => `garda/${s}`)
          .sort(),
      );
      for (const container of containers) {
        expect(container.env).toEqual(expect.arrayContaining([{ name: 'MIGRATE_ONLY', value: 'true' }]));
        expect(container.resources?.limits).toBeDefined();
      }
      expect(job.spec.template.spec.restartPolicy).toBe('Never');
    });

    it('labels config and Jobs so a release can apply them before the Deployments', () => {
      const phaseOne = objects.filter((o) => ['config', 'job'].includes(o.metadata.labels?.['app.kubernetes.io/component'] ?? ''));
      const expected = ['ConfigMap', 'ConfigMap', 'Job', 'Job', ...(overlay === 'dev' ? ['Secret'] : [])];
      expect(phaseOne.map((o) => o.kind).sort()).toEqual(expected);
    });

    it('creates the Kafka topics in a Job with the topics tool', () => {
      const job = named(objects, 'Job', 'garda-create-topics');
      const [container] = podContainers(job);
      expect(container.image).toMatch(/^garda\/platform-tools:/);
      expect(container.command).toEqual(['node', 'tools/platform/create-topics.mjs']);
      expect(container.envFrom).toEqual([{ configMapRef: { name: expect.stringMatching(/^garda-config/) } }]);
    });

    it('denies all traffic by default and allows DNS, Kafka, PostgreSQL and the ingress controller', () => {
      const policies = ofKind(objects, 'NetworkPolicy');
      const defaultDeny = named(objects, 'NetworkPolicy', 'default-deny-all');
      expect(defaultDeny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      const allowedEgressPorts = policies.flatMap((p) =>
        (p.spec.egress ?? []).flatMap((rule: { ports?: Array<{ port: number | string }> }) => (rule.ports ?? []).map((x) => x.port)),
      );
      expect(allowedEgressPorts).toEqual(expect.arrayContaining([53, 9092, 5432]));
      const fromIngress = named(objects, 'NetworkPolicy', 'allow-from-ingress-controller');
      expect(fromIngress.spec.podSelector.matchExpressions[0].values).toEqual(
        expect.arrayContaining(['gateway', 'channels-ingest', 'console']),
      );
    });

    it('points every upstream URL the gateway reads at a rendered Service on its port, and lets the gateway reach it', () => {
      // Every *_URL of the gateway's config schema (DATABASE_URL aside) names another service; the
      // schema defaults to 127.0.0.1, which only works when everything runs on one host.
      const urlVariables = Object.keys(gatewayConfigShape).filter((name) => name.endsWith('_URL') && name !== 'DATABASE_URL');
      expect(urlVariables.length).toBeGreaterThanOrEqual(4);
      const gateway = named(objects, 'Deployment', 'gateway');
      const env = effectiveEnv(objects, podContainers(gateway)[0]);
      const policies = policiesOf(objects);
      for (const variable of urlVariables) {
        const value = env[variable];
        expect({ variable, value }).toEqual({ variable, value: expect.stringMatching(/^http:\/\//) });
        const url = new URL(value!);
        const service = named(objects, 'Service', url.hostname);
        const servicePort = (service.spec.ports as Array<{ port: number; targetPort?: number | string }>).find(
          (p) => p.port === Number(url.port),
        );
        expect({ variable, servicePort: servicePort?.port }).toEqual({ variable, servicePort: SERVICES[url.hostname] });
        const upstream = named(objects, 'Deployment', url.hostname);
        expect(labelsMatch(service.spec.selector, upstream.spec.template.metadata.labels)).toBe(true);
        const containerPort = targetPortOf(servicePort!, upstream);
        expect({ variable, containerPort }).toEqual({ variable, containerPort: SERVICES[url.hostname] });
        expect({ variable, allowed: allows(policies, podOf(gateway), podOf(upstream), containerPort!) }).toEqual({
          variable,
          allowed: true,
        });
      }
    });

    it('lets no service other than the gateway open HTTP connections to another service', () => {
      const policies = policiesOf(objects);
      for (const [from, to] of [
        ['tickets', 'customers'],
        ['channels-ingest', 'routing'],
        ['notifications', 'gateway'],
        ['console', 'tickets'],
      ]) {
        const target = named(objects, 'Deployment', to);
        const port = SERVICES[to];
        expect({ from, to, allowed: allows(policies, podOf(named(objects, 'Deployment', from)), podOf(target), port) }).toEqual({
          from,
          to,
          allowed: false,
        });
      }
    });

    it('refers only to ConfigMaps it renders, and to Secrets as the overlay intends', () => {
      const workloads = [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'Job'), ...ofKind(objects, 'StatefulSet')];
      const refs = workloads
        .flatMap(podContainers)
        .flatMap((c) => [
          ...(c.envFrom ?? []).flatMap((e) =>
            e.configMapRef ? [['ConfigMap', e.configMapRef.name]] : e.secretRef ? [['Secret', e.secretRef.name]] : [],
          ),
          ...(c.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [['Secret', e.valueFrom.secretKeyRef.name]] : [])),
        ]);
      const rendered = new Set(objects.map((o) => `${o.kind}/${o.metadata.name}`));
      const missing = [...new Set(refs.map(([kind, name]) => `${kind}/${name}`))].filter((ref) => !rendered.has(ref));
      if (overlay === 'prod') {
        // The one Secret prod expects from outside (docs/operations.md); prod renders no Secret at all.
        expect(missing).toEqual(['Secret/garda-secrets']);
        expect(ofKind(objects, 'Secret')).toEqual([]);
      } else {
        expect(missing).toEqual([]);
        for (const secret of ofKind(objects, 'Secret')) {
          for (const value of Object.values(secret.data ?? {})) {
            expect(Buffer.from(value, 'base64').toString('utf8')).toMatch(/dev-only/);
          }
        }
      }
    });
  });
});
