import { BadGatewayException } from '@nestjs/common';
import type { AgentFigures, QueueFigures, SupervisorSnapshot } from '@garda/contracts';
import { signAccessToken } from '@garda/service-kit';
import type { Logger } from 'pino';

/** Who the gateway says it is when it reads a tenant's wallboard on its own account. */
const SERVICE_USER_ID = '00000000-0000-4000-8000-000000000a7e';
const SERVICE_TOKEN_SECONDS = 60;
const TIMEOUT_MS = 3000;

/** Routing's GET /agents, the part the wallboard needs: each agent's name, and load and capacity per channel. */
interface RoutingAgent {
  agentId: string;
  name: string;
  state: AgentFigures['state'];
  stateReason: string | null;
  stateSince: string;
  queues: string[];
  load: Record<string, { used: number; capacity: number }>;
}

interface Profile {
  name: string;
  capacity: Partial<Record<string, number>>;
  routing: RoutingAgent;
}

/**
 * Reads the wallboard's figures from the analytics service, the single source of them (ADR 0008,
 * docs/metrics.md). For HTTP requests the caller's own token goes through; for the socket push,
 * which no request carries, the gateway signs a short-lived token itself, for that tenant with
 * role supervisor, with its JWT_SECRET (the secret every Garda service verifies tokens with), so
 * analytics applies its usual tenant scoping.
 *
 * Capacity per channel is added here from routing's GET /agents rather than projected by
 * analytics: it is configuration routing owns (an admin's PUT of the agent's profile), not
 * something that happens in the event stream, and no event carries it. Projecting it would mean
 * routing publishing profile changes for analytics to copy; reading it where the wallboard's
 * answer is put together costs one indexed query per read and is always current. When routing
 * does not answer, the figures still go out, without capacity (the wallboard then shows load only).
 * The profile's name also stands in for an agent whose name analytics has not learned from an
 * event yet (it learns names from agents' replies), and an agent analytics has never seen an event
 * about (never logged in today) is still listed from routing's roster: a supervisor counts heads
 * against the whole team, not only against the agents who have done something.
 */
export class AnalyticsWallboard {
  constructor(
    private readonly analyticsUrl: string,
    private readonly routingUrl: string,
    private readonly jwtSecret: string,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  serviceToken(tenantId: string): string {
    return signAccessToken(
      { sub: SERVICE_USER_ID, tenantId, role: 'supervisor', name: 'gateway wallboard' },
      this.jwtSecret,
      SERVICE_TOKEN_SECONDS,
    );
  }

  queues(authorization: string): Promise<{ asOf: string; since: string; queues: QueueFigures[] }> {
    return this.get(this.analyticsUrl, 'analytics', '/realtime/queues', authorization);
  }

  async agents(authorization: string): Promise<{ asOf: string; agents: AgentFigures[] }> {
    const [figures, profiles] = await Promise.all([
      this.get<{ asOf: string; agents: AgentFigures[] }>(this.analyticsUrl, 'analytics', '/realtime/agents', authorization),
      this.profiles(authorization),
    ]);
    if (!profiles) return figures;
    const seen = new Set(figures.agents.map((agent) => agent.agentId));
    const unseen = [...profiles.values()]
      .filter((profile) => !seen.has(profile.routing.agentId))
      .map((profile) => rosterOnly(profile, figures.asOf));
    return {
      ...figures,
      agents: [
        ...figures.agents.map((agent) => {
          const profile = profiles.get(agent.agentId);
          return profile ? { ...agent, name: agent.name ?? profile.name, capacity: profile.capacity } : agent;
        }),
        ...unseen,
      ],
    };
  }

  async snapshot(authorization: string): Promise<SupervisorSnapshot> {
    const [queues, agents] = await Promise.all([this.queues(authorization), this.agents(authorization)]);
    return { asOf: queues.asOf, since: queues.since, queues: queues.queues, agents: agents.agents };
  }

  async snapshotFor(tenantId: string): Promise<SupervisorSnapshot> {
    return this.snapshot(`Bearer ${this.serviceToken(tenantId)}`);
  }

  private async profiles(authorization: string): Promise<Map<string, Profile> | undefined> {
    try {
      const agents = await this.get<RoutingAgent[]>(this.routingUrl, 'routing', '/agents', authorization);
      return new Map(
        agents.map((agent) => [
          agent.agentId,
          {
            name: agent.name,
            capacity: Object.fromEntries(Object.entries(agent.load).map(([channel, load]) => [channel, load.capacity])),
            routing: agent,
          },
        ]),
      );
    } catch (error) {
      this.logger.warn({ err: error }, "routing did not answer: the wallboard shows agents' load without capacity");
      return undefined;
    }
  }

  /** The services' own 4xx (e.g. 401/403) never happen with our token; anything but 200 is the service failing us. */
  private async get<T>(baseUrl: string, service: string, path: string, authorization: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, baseUrl), {
        headers: { authorization, accept: 'application/json' },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new BadGatewayException(
        `the ${service} service did not answer (${(error as Error).message}): the wallboard's figures are unavailable`,
      );
    }
    if (!response.ok)
      throw new BadGatewayException(
        `the ${service} service answered ${response.status} to ${path}: the wallboard's figures are unavailable`,
      );
    try {
      return (await response.json()) as T;
    } catch {
      throw new BadGatewayException(`the ${service} service answered ${path} with something that is not JSON`);
    }
  }
}

/** An agent only routing knows (no event about them yet): their routing state, no contacts, nothing answered. */
function rosterOnly(profile: Profile, asOf: string): AgentFigures {
  const agent = profile.routing;
  const stateSince = new Date(agent.stateSince).toISOString();
  const used = Object.values(agent.load).reduce((sum, load) => sum + load.used, 0);
  return {
    agentId: agent.agentId,
    name: agent.name,
    state: agent.state,
    stateReason: agent.stateReason,
    stateSince,
    timeInStateSeconds: Math.max(0, Math.round((Date.parse(asOf) - Date.parse(stateSince)) / 1000)) || 0,
    activity: agent.state === 'available' && used > 0 ? 'on-contact' : agent.state,
    load: Object.fromEntries(Object.entries(agent.load).map(([channel, load]) => [channel, load.used])),
    capacity: profile.capacity,
    contacts: [],
    queues: agent.queues ?? [],
    contactsAnsweredToday: 0,
  };
}
