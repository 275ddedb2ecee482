import { BadGatewayException } from '@nestjs/common';
import type { AgentFigures, QueueFigures, SupervisorSnapshot } from '@garda/contracts';
import { signAccessToken } from '@garda/service-kit';

/** Who the gateway says it is when it reads a tenant's wallboard on its own account. */
const SERVICE_USER_ID = '00000000-0000-4000-8000-000000000a7e';
const SERVICE_TOKEN_SECONDS = 60;
const TIMEOUT_MS = 3000;

/**
 * Reads the wallboard's figures from the analytics service, the single source of them (ADR 0008,
 * docs/metrics.md). For HTTP requests the caller's own token goes through; for the socket push,
 * which no request carries, the gateway signs a short-lived token itself, for that tenant with
 * role supervisor, with its JWT_SECRET (the secret every Garda service verifies tokens with), so
 * analytics applies its usual tenant scoping.
 */
export class AnalyticsWallboard {
  constructor(
    private readonly baseUrl: string,
    private readonly jwtSecret: string,
  ) {}

  serviceToken(tenantId: string): string {
    return signAccessToken({ sub: SERVICE_USER_ID, tenantId, role: 'supervisor', name: 'gateway wallboard' }, this.jwtSecret, SERVICE_TOKEN_SECONDS);
  }

  queues(authorization: string): Promise<{ asOf: string; since: string; queues: QueueFigures[] }> {
    return this.get('/realtime/queues', authorization);
  }

  agents(authorization: string): Promise<{ asOf: string; agents: AgentFigures[] }> {
    return this.get('/realtime/agents', authorization);
  }

  async snapshot(authorization: string): Promise<SupervisorSnapshot> {
    const [queues, agents] = await Promise.all([this.queues(authorization), this.agents(authorization)]);
    return { asOf: queues.asOf, since: queues.since, queues: queues.queues, agents: agents.agents };
  }

  async snapshotFor(tenantId: string): Promise<SupervisorSnapshot> {
    return this.snapshot(`Bearer ${this.serviceToken(tenantId)}`);
  }

  /** Analytics' own 4xx (e.g. 401/403) never happen with our token; anything but 200 is analytics failing us. */
  private async get<T>(path: string, authorization: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), { headers: { authorization, accept: 'application/json' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new BadGatewayException(`the analytics service did not answer (${(error as Error).message}): the wallboard's figures are unavailable`);
    }
    if (!response.ok) throw new BadGatewayException(`the analytics service answered ${response.status} to ${path}: the wallboard's figures are unavailable`);
    try {
      return (await response.json()) as T;
    } catch {
      throw new BadGatewayException(`the analytics service answered ${path} with something that is not JSON`);
    }
  }
}
