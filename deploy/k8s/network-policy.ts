// A small evaluator of Kubernetes NetworkPolicy semantics, so the manifest tests can ask "may pod A
// reach pod B on port P?" instead of pattern-matching YAML. It follows the API's rules: a pod is
// isolated for a direction once any policy of that type selects it; traffic is then allowed if some
// selecting policy has a rule whose peers and ports both match (absent peers/ports match all).
// Named ports resolve against the destination pod's container ports, as the API defines.

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}

interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

interface PolicyRule {
  to?: PolicyPeer[];
  from?: PolicyPeer[];
  ports?: Array<{ protocol?: string; port?: number | string; endPort?: number }>;
}

export interface NetworkPolicyObject {
  metadata: { name: string; namespace?: string };
  spec: { podSelector: LabelSelector; policyTypes?: Array<'Ingress' | 'Egress'>; ingress?: PolicyRule[]; egress?: PolicyRule[] };
}

/** A pod (in some namespace, with labels and named container ports) or an address outside the cluster. */
export type Endpoint =
  | {
      namespace: string;
      namespaceLabels?: Record<string, string>;
      labels: Record<string, string>;
      ports?: Array<{ name?: string; containerPort: number }>;
    }
  | { ip: string };

export function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In':
        return key in labels && values.includes(labels[key]);
      case 'NotIn':
        return !(key in labels) || !values.includes(labels[key]);
      case 'Exists':
        return key in labels;
      case 'DoesNotExist':
        return !(key in labels);
    }
  });
  return byLabel && byExpression;
}

function ipv4(address: string): number {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255))
    throw new Error(`not an IPv4 address: ${address}`);
  return parts.reduce((sum, part) => sum * 256 + part, 0);
}

function inCidr(address: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipv4(address) / size) === Math.floor(ipv4(base) / size);
}

function peerMatches(peer: PolicyPeer, policyNamespace: string, endpoint: Endpoint): boolean {
  if ('ip' in endpoint) {
    if (!peer.ipBlock) return false;
    return inCidr(endpoint.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((except) => inCidr(endpoint.ip, except));
  }
  if (peer.ipBlock) return false; // ipBlock is meant for addresses outside the cluster
  const namespaceLabels = { 'kubernetes.io/metadata.name': endpoint.namespace, ...endpoint.namespaceLabels };
  const namespaceOk = peer.namespaceSelector ? selects(peer.namespaceSelector, namespaceLabels) : endpoint.namespace === policyNamespace;
  return namespaceOk && selects(peer.podSelector, endpoint.labels);
}

function portMatches(rule: PolicyRule, port: number, destination: Endpoint): boolean {
  if (!rule.ports || rule.ports.length === 0) return true;
  return rule.ports.some((allowed) => {
    if ((allowed.protocol ?? 'TCP') !== 'TCP') return false;
    if (allowed.port === undefined) return true;
    if (typeof allowed.port === 'number') return allowed.endPort ? port >= allowed.port && port <= allowed.endPort : port === allowed.port;
    // A named port means "the destination pod's container port of that name".
    return 'ports' in destination && (destination.ports ?? []).some((p) => p.name === allowed.port && p.containerPort === port);
  });
}

function directionAllows(
  policies: NetworkPolicyObject[],
  type: 'Ingress' | 'Egress',
  subject: Extract<Endpoint, { labels: Record<string, string> }>,
  peer: Endpoint,
  port: number,
  destination: Endpoint,
): boolean {
  const selecting = policies.filter(
    (policy) =>
      (policy.metadata.namespace ?? subject.namespace) === subject.namespace &&
      (policy.spec.policyTypes ?? ['Ingress']).includes(type) &&
      selects(policy.spec.podSelector, subject.labels),
  );
  if (selecting.length === 0) return true; // not isolated in this direction
  return selecting.some((policy) =>
    (type === 'Egress' ? policy.spec.egress : policy.spec.ingress)?.some((rule) => {
      const peers = type === 'Egress' ? rule.to : rule.from;
      const peerOk =
        !peers || peers.length === 0 || peers.some((p) => peerMatches(p, policy.metadata.namespace ?? subject.namespace, peer));
      return peerOk && portMatches(rule, port, destination);
    }),
  );
}

/** Whether `from` may open a TCP connection to `to` on `port` under these policies (both ends' policies apply). */
export function allows(policies: NetworkPolicyObject[], from: Endpoint, to: Endpoint, port: number): boolean {
  const egressOk = 'ip' in from || directionAllows(policies, 'Egress', from, to, port, to);
  const ingressOk = 'ip' in to || directionAllows(policies, 'Ingress', to, from, port, to);
  return egressOk && ingressOk;
}
