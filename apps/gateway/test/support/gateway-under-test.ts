import { bootstrapService, type RunningService } from '@garda/service-kit';
import { createScratchDatabase, type ScratchDatabase } from '@garda/testing';
import { gatewayService } from '../../src/gateway.service-definition';

export const DEMO_PASSWORD = 'garda-demo-int';

/** One gateway on a database of its own (seeded with the demo tenant unless told otherwise). */
export class GatewayUnderTest {
  service!: RunningService;
  private database: ScratchDatabase | undefined;
  readonly env: NodeJS.ProcessEnv;

  constructor(extraEnv: NodeJS.ProcessEnv = {}) {
    this.env = {
      ...process.env,
      PORT: '0',
      SEED_DEMO: 'true',
      JWT_SECRET: 'gateway-identity-int-spec-0123456789',
      DEMO_PASSWORD,
      LOG_LEVEL: 'warn',
      SOCKET_ADAPTER: 'memory',
      // Nothing listens there: these tests are about the gateway's own routes.
      TICKETS_URL: 'http://127.0.0.1:9',
      CUSTOMERS_URL: 'http://127.0.0.1:9',
      ROUTING_URL: 'http://127.0.0.1:9',
      ANALYTICS_URL: 'http://127.0.0.1:9',
      ...extraEnv,
    };
  }

  async start(): Promise<this> {
    if (!this.database) {
      this.database = await createScratchDatabase(process.env.DATABASE_URL, 'garda_gateway_identity');
      this.env.DATABASE_URL = this.database.url;
    }
    this.service = (await bootstrapService(gatewayService, this.env))!;
    return this;
  }

  get url(): string {
    return this.service.url;
  }

  async restart(): Promise<void> {
    await this.service.close();
    this.service = (await bootstrapService(gatewayService, this.env))!;
  }

  async stop(): Promise<void> {
    await this.service?.close();
    await this.database?.drop();
  }

  query<T = unknown>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return this.service.runtime.dataSource.query(sql, parameters);
  }

  async call(method: string, path: string, options: { token?: string; body?: unknown } = {}) {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
  }

  async login(email: string, password = DEMO_PASSWORD): Promise<string> {
    const { status, body } = await this.call('POST', '/auth/login', { body: { email, password } });
    if (status !== 200) throw new Error(`login of ${email} answered ${status}: ${JSON.stringify(body)}`);
    return body.accessToken as string;
  }
}
