import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/postgres-adapter';
import { databaseSslOptions, type ServiceRuntime } from '@garda/service-kit';
import { Pool } from 'pg';
import type { Server, ServerOptions } from 'socket.io';
import type { ChannelsIngestConfig } from '../channels-ingest.config';

/**
 * socket.io adapter whose broadcasts reach the `/webchat` sockets of every channels-ingest replica
 * through PostgreSQL LISTEN/NOTIFY on the service's own database, as the gateway's does for agents
 * (ADR 0007's adapter, reused). The replica that consumes an agent's reply emits to the session's room; the replica
 * holding the visitor's socket delivers it. Needs no infrastructure besides the database.
 */
export class WebchatPostgresAdapter extends IoAdapter {
  private readonly pool: Pool;

  constructor(
    app: INestApplicationContext,
    private readonly runtime: ServiceRuntime<ChannelsIngestConfig>,
  ) {
    super(app);
    this.pool = new Pool({
      connectionString: runtime.config.DATABASE_URL,
      ssl: databaseSslOptions(runtime.config),
      max: 4,
      application_name: 'garda-channels-ingest-sockets',
    });
    this.pool.on('error', (error) => runtime.logger.warn({ err: error }, 'web-chat socket adapter database connection failed'));
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    server.adapter(
      createAdapter(this.pool, {
        channelPrefix: `garda-${this.runtime.schema}`,
        tableName: `"${this.runtime.schema}"."socket_io_attachments"`,
        errorHandler: (error) => this.runtime.logger.warn({ err: error }, 'web-chat socket adapter error'),
      }),
    );
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await this.pool.end();
  }
}

export function useWebchatSocketAdapter(
  app: INestApplicationContext & { useWebSocketAdapter(adapter: IoAdapter): unknown },
  runtime: ServiceRuntime<ChannelsIngestConfig>,
): void {
  app.useWebSocketAdapter(
    runtime.config.WEBCHAT_SOCKET_ADAPTER === 'postgres' ? new WebchatPostgresAdapter(app, runtime) : new IoAdapter(app),
  );
}
