import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/postgres-adapter';
import type { ServiceRuntime } from '@garda/service-kit';
import { Pool } from 'pg';
import type { Server, ServerOptions } from 'socket.io';
import { trackSocketConnections } from './socket-connections.metric';
import type { GatewayConfig } from '../gateway.config';

/** Counts this replica's socket connections for GET /metrics (garda_socket_connections). */
class MeteredIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    protected readonly runtime: ServiceRuntime<GatewayConfig>,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, { ...options, ...consoleOriginsOnly(this.runtime.config.CORS_ALLOWED_ORIGINS) }) as Server;
    trackSocketConnections(this.runtime.observability.metrics.registry, () => server.engine.clientsCount);
    return server;
  }
}

/**
 * Only the console's origins may open the agent socket from a browser: CORS for the polling
 * transport, and `allowRequest` for every transport (browsers do not apply CORS to WebSockets, so
 * without it any site could open a socket with a token it got hold of). Clients that are not
 * browsers send no Origin and are judged by their token alone.
 */
export function consoleOriginsOnly(origins: readonly string[]): Pick<ServerOptions, 'cors' | 'allowRequest'> {
  return {
    cors: { origin: [...origins], credentials: true },
    allowRequest: (request, callback) => {
      const origin = request.headers.origin?.toLowerCase();
      callback(
        origin === undefined || origins.includes(origin) ? null : 'origin not allowed',
        origin === undefined || origins.includes(origin),
      );
    },
  };
}

/**
 * socket.io adapter whose broadcasts reach the sockets of every gateway replica through
 * PostgreSQL LISTEN/NOTIFY on the gateway's own database (no extra infrastructure). The replica
 * that consumes an event emits to a room; the replica holding the agent's socket delivers it.
 */
export class PostgresIoAdapter extends MeteredIoAdapter {
  private readonly pool: Pool;

  constructor(app: INestApplicationContext, runtime: ServiceRuntime<GatewayConfig>) {
    super(app, runtime);
    this.pool = new Pool({ connectionString: runtime.config.DATABASE_URL, max: 4, application_name: 'garda-gateway-sockets' });
    this.pool.on('error', (error) => runtime.logger.warn({ err: error }, 'socket adapter database connection failed'));
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    server.adapter(
      createAdapter(this.pool, {
        channelPrefix: `garda-${this.runtime.schema}`,
        tableName: `"${this.runtime.schema}"."socket_io_attachments"`,
        errorHandler: (error) => this.runtime.logger.warn({ err: error }, 'socket adapter error'),
      }),
    );
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await this.pool.end();
  }
}

export function useSharedSocketAdapter(app: NestExpressApplication, runtime: ServiceRuntime<GatewayConfig>): void {
  app.useWebSocketAdapter(
    runtime.config.SOCKET_ADAPTER === 'postgres' ? new PostgresIoAdapter(app, runtime) : new MeteredIoAdapter(app, runtime),
  );
}
