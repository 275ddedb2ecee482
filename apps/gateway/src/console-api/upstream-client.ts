import { BadGatewayException } from '@nestjs/common';

export interface UpstreamResponse {
  status: number;
  body: unknown;
}

/**
 * Calls another Garda service on behalf of the console with the caller's own token, so that
 * service applies its own tenant and role rules. Only fixed paths built from validated ids reach it.
 */
export class UpstreamClient {
  constructor(
    private readonly serviceName: string,
    private readonly baseUrl: string,
    private readonly timeoutMs = 5000,
  ) {}

  async request(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    path: string,
    authorization: string,
    correlationId?: string,
    body?: unknown,
  ): Promise<UpstreamResponse> {
    const headers: Record<string, string> = { authorization, accept: 'application/json' };
    if (correlationId) headers['x-correlation-id'] = correlationId;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new BadGatewayException(`the ${this.serviceName} service did not answer: ${(error as Error).message}`);
    }
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      throw new BadGatewayException(`the ${this.serviceName} service answered something that is not JSON`);
    }
    return { status: response.status, body: parsed };
  }
}
