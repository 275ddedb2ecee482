import { randomUUID } from 'node:crypto';
import type { OnApplicationShutdown, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { type AuthClaims, Topics } from '@garda/contracts';
import type { UnitOfWork } from '@garda/messaging';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { affectedRows, queryRows, updatedRows } from '@garda/service-kit';

export interface PresenceTiming {
  /** How often a replica renews its lease (and looks for replicas whose lease ran out). */
  heartbeatMs: number;
  /** A replica that has not renewed for this long is dead: its sockets are gone. */
  leaseMs: number;
}

/** Three missed heartbeats: a crashed gateway's agents go offline within about 6–8 s. */
export const DEFAULT_PRESENCE_TIMING: PresenceTiming = { heartbeatMs: 2000, leaseMs: 6000 };

interface Held {
  tenantId: string;
  userId: string;
}

/**
 * Presence that survives a gateway crash (ADR 0059). The disconnect grace of DisconnectNotifier
 * lives in the replica's memory and dies with it: a gateway killed with agents connected left them
 * "available" with no socket, and every contact offered to them waited out its offer timeout.
 *
 * So each replica holds a lease in PostgreSQL (`gateway_replica`, renewed every heartbeat) and
 * records the sockets it holds (`socket_presence`). Any replica that finds a lease expired takes
 * it over in one transaction: it deletes that replica's rows and, for every user who has no socket
 * left on a live replica, publishes `agents.disconnected.v1` through the outbox — routing then
 * takes the agent offline and moves their pending offers on (ADR 0011), and ignores the
 * announcement if the agent has since come back and asked for a state.
 *
 * A replica only judges others after its own database connection has worked for a whole lease:
 * after a database outage every replica missed its heartbeats, and none may be declared dead
 * before it had the time to renew. A replica that was itself declared dead (stalled, cut off)
 * registers again and re-records its sockets at its next heartbeat.
 */
export class PresenceLease implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  readonly instanceId = randomUUID();
  private readonly held = new Map<string, Held>();
  private timer: NodeJS.Timeout | undefined;
  private beat: Promise<void> | undefined;
  /** When the heartbeats started succeeding without a break; undefined while they fail. */
  private healthySince: number | undefined;
  /** The database's record of our sockets may be behind (a write failed, or we were declared dead). */
  private resync = true;
  /** Socket writes in the order the sockets came and went (a close must not overtake its connect). */
  private writes: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly logger: Logger,
    private readonly timing: PresenceTiming = DEFAULT_PRESENCE_TIMING,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.heartbeat();
    this.timer = setInterval(() => {
      this.beat ??= this.heartbeat().finally(() => (this.beat = undefined));
    }, this.timing.heartbeatMs);
    this.timer.unref();
  }

  /**
   * A stopping replica lets its lease run out instead of giving it back, and keeps its sockets on
   * record as they close: clients that reconnect to another replica within the lease keep their
   * agents available; agents who do not come back go offline when the lease is taken over.
   */
  onModuleDestroy(): void {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.beat, this.writes]);
  }

  connected(user: AuthClaims, socketId: string): void {
    if (this.stopping) return;
    this.held.set(socketId, { tenantId: user.tenantId, userId: user.sub });
    this.write(
      `INSERT INTO "gateway"."socket_presence" ("instance_id", "socket_id", "tenant_id", "user_id") VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [this.instanceId, socketId, user.tenantId, user.sub],
    );
  }

  disconnected(socketId: string): void {
    if (this.stopping || !this.held.delete(socketId)) return;
    this.write(`DELETE FROM "gateway"."socket_presence" WHERE "instance_id" = $1 AND "socket_id" = $2`, [this.instanceId, socketId]);
  }

  /** Renews this replica's lease, then takes over the leases that ran out. */
  async heartbeat(): Promise<void> {
    try {
      const renewed = await affectedRows(
        this.dataSource,
        `UPDATE "gateway"."gateway_replica" SET "heartbeat_at" = now() WHERE "instance_id" = $1`,
        [this.instanceId],
      );
      if (renewed === 0 || this.resync) await this.register();
      this.healthySince ??= Date.now();
    } catch (error) {
      this.healthySince = undefined;
      this.logger.warn({ err: error }, 'gateway presence lease not renewed; will retry');
      return;
    }
    if (Date.now() - this.healthySince < this.timing.leaseMs) return;
    try {
      while (await this.takeOverOneExpired()) {
        // one expired replica per transaction, until none is left
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'could not take over expired gateway leases; will retry');
    }
  }

  /** (Re)writes this replica's lease and the sockets it holds now. */
  private async register(): Promise<void> {
    this.resync = false;
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.query(
          `INSERT INTO "gateway"."gateway_replica" ("instance_id") VALUES ($1)
           ON CONFLICT ("instance_id") DO UPDATE SET "heartbeat_at" = now()`,
          [this.instanceId],
        );
        await manager.query(`DELETE FROM "gateway"."socket_presence" WHERE "instance_id" = $1`, [this.instanceId]);
        for (const [socketId, { tenantId, userId }] of this.held) {
          await manager.query(
            `INSERT INTO "gateway"."socket_presence" ("instance_id", "socket_id", "tenant_id", "user_id") VALUES ($1, $2, $3, $4)`,
            [this.instanceId, socketId, tenantId, userId],
          );
        }
      });
    } catch (error) {
      this.resync = true;
      throw error;
    }
  }

  private async takeOverOneExpired(): Promise<boolean> {
    return this.unitOfWork.run(async ({ manager, publish }) => {
      const [expired] = await queryRows(
        manager,
        z.looseObject({ instance_id: z.string(), heartbeat_at: z.date() }),
        `SELECT "instance_id", "heartbeat_at" FROM "gateway"."gateway_replica"
         WHERE "heartbeat_at" < now() - $1 * interval '1 millisecond' AND "instance_id" <> $2
         ORDER BY "heartbeat_at" LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [this.timing.leaseMs, this.instanceId],
      );
      if (!expired) return false;
      await manager.query(`DELETE FROM "gateway"."gateway_replica" WHERE "instance_id" = $1`, [expired.instance_id]);
      const gone = await updatedRows(
        manager,
        z.object({ tenant_id: z.string(), user_id: z.string() }),
        `DELETE FROM "gateway"."socket_presence" WHERE "instance_id" = $1 RETURNING "tenant_id", "user_id"`,
        [expired.instance_id],
      );
      const users = new Map(gone.map((row) => [`${row.tenant_id}/${row.user_id}`, row]));
      let announced = 0;
      for (const { tenant_id: tenantId, user_id: agentId } of users.values()) {
        const elsewhere = await queryRows(
          manager,
          z.unknown(),
          `SELECT 1 FROM "gateway"."socket_presence" p JOIN "gateway"."gateway_replica" r ON r."instance_id" = p."instance_id"
           WHERE p."tenant_id" = $1 AND p."user_id" = $2 LIMIT 1`,
          [tenantId, agentId],
        );
        if (elsewhere.length > 0) continue;
        // The last moment the agent was known to be connected: routing drops this if they asked for a state since.
        await publish(
          Topics.AgentDisconnected,
          { tenantId, agentId, disconnectedAt: new Date(expired.heartbeat_at).toISOString() },
          { tenantId, key: tenantId },
        );
        announced += 1;
      }
      this.logger.warn(
        { deadInstance: expired.instance_id, lastHeartbeat: expired.heartbeat_at, sockets: gone.length, agentsOffline: announced },
        'a gateway replica stopped renewing its lease; its agents without another socket were taken offline',
      );
      return true;
    });
  }

  private write(sql: string, parameters: unknown[]): void {
    this.writes = this.writes
      .then(() => this.dataSource.query(sql, parameters))
      .then(
        () => undefined,
        (error: unknown) => {
          // The next heartbeat writes the whole picture again.
          this.resync = true;
          this.logger.warn({ err: error }, 'socket presence not recorded; will resync');
        },
      );
  }
}
