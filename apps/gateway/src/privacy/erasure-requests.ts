import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ERASING_SERVICES, type ErasureCompletedV1, type PrivacySubject, Topics } from '@garda/contracts';
import { type TransactionContext, UnitOfWork } from '@garda/messaging';
import { NotFoundError, affectedRows, queryRows } from '@garda/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';

export interface ErasureRequestView {
  id: string;
  customerId: string;
  requestedBy: string;
  status: 'pending' | 'done';
  requestedAt: string;
  completedAt: string | null;
  services: Array<{ service: string; done: boolean; rowsAffected: number | null; completedAt: string | null }>;
}

const RequestRow = z.looseObject({
  id: z.string(),
  customer_id: z.string(),
  requested_by: z.string(),
  status: z.enum(['pending', 'done']),
  requested_at: z.date(),
  completed_at: z.date().nullable(),
});

/** Erasure requests: recorded and announced in one transaction, done when every erasing service has reported. */
@Injectable()
export class ErasureRequests {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * Records the request and publishes privacy.erasure-requested.v1 through the outbox. A request
   * still pending for the same customer is returned instead of a second one (a double click, a
   * retried call); once done, a new request runs again (the customer may have written since).
   */
  async request(
    tenantId: string,
    requestedBy: string,
    subject: PrivacySubject,
  ): Promise<{ created: boolean; request: ErasureRequestView }> {
    return this.unitOfWork.run(async ({ manager, publish }: TransactionContext) => {
      // One request at a time per customer, also across gateway replicas.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`erasure:${tenantId}:${subject.customerId}`]);
      const pending = await queryRows(
        manager,
        z.object({ id: z.string() }),
        `SELECT "id" FROM "gateway"."erasure_request" WHERE "tenant_id" = $1 AND "customer_id" = $2 AND "status" = 'pending'`,
        [tenantId, subject.customerId],
      );
      if (pending[0]) return { created: false, request: await this.viewWith(manager, tenantId, pending[0].id) };
      const id = randomUUID();
      const requestedAt = new Date();
      await manager.query(
        `INSERT INTO "gateway"."erasure_request" ("id", "tenant_id", "customer_id", "requested_by", "requested_at") VALUES ($1, $2, $3, $4, $5)`,
        [id, tenantId, subject.customerId, requestedBy, requestedAt],
      );
      await publish(
        Topics.ErasureRequested,
        { requestId: id, tenantId, subject, requestedBy, requestedAt: requestedAt.toISOString() },
        { tenantId, key: tenantId, messageId: `erasure-requested:${id}` },
      );
      return { created: true, request: await this.viewWith(manager, tenantId, id) };
    });
  }

  /** A service reported; the request is done once all of ERASING_SERVICES have. Returns true when this report completed it. */
  async recordCompletion(manager: EntityManager, report: ErasureCompletedV1): Promise<boolean> {
    await manager.query(
      `INSERT INTO "gateway"."erasure_request_service" ("request_id", "service", "rows_affected", "completed_at")
       SELECT r."id", $3, $4, $5 FROM "gateway"."erasure_request" r WHERE r."id" = $1 AND r."tenant_id" = $2
       ON CONFLICT DO NOTHING`,
      [report.requestId, report.tenantId, report.service, report.rowsAffected, report.completedAt],
    );
    const completed = await affectedRows(
      manager,
      `UPDATE "gateway"."erasure_request" r SET "status" = 'done', "completed_at" = now()
       WHERE r."id" = $1 AND r."tenant_id" = $2 AND r."status" = 'pending'
         AND (SELECT count(*) FROM "gateway"."erasure_request_service" s WHERE s."request_id" = r."id" AND s."service" = ANY($3::text[])) = $4`,
      [report.requestId, report.tenantId, [...ERASING_SERVICES], ERASING_SERVICES.length],
    );
    return completed > 0;
  }

  async view(tenantId: string, id: string): Promise<ErasureRequestView> {
    return this.viewWith(this.dataSource.manager, tenantId, id);
  }

  async list(tenantId: string): Promise<ErasureRequestView[]> {
    const rows = await queryRows(
      this.dataSource,
      z.object({ id: z.string() }),
      `SELECT "id" FROM "gateway"."erasure_request" WHERE "tenant_id" = $1 ORDER BY "requested_at" DESC LIMIT 100`,
      [tenantId],
    );
    return Promise.all(rows.map((row) => this.view(tenantId, row.id)));
  }

  private async viewWith(manager: EntityManager, tenantId: string, id: string): Promise<ErasureRequestView> {
    const rows = await queryRows(manager, RequestRow, `SELECT * FROM "gateway"."erasure_request" WHERE "id" = $1 AND "tenant_id" = $2`, [
      id,
      tenantId,
    ]);
    const row = rows[0];
    if (!row) throw new NotFoundError('No such erasure request');
    const reports = await queryRows(
      manager,
      z.looseObject({ service: z.string(), rows_affected: z.number(), completed_at: z.date() }),
      `SELECT * FROM "gateway"."erasure_request_service" WHERE "request_id" = $1`,
      [id],
    );
    const byService = new Map(reports.map((report) => [report.service, report]));
    return {
      id: row.id,
      customerId: row.customer_id,
      requestedBy: row.requested_by,
      status: row.status,
      requestedAt: row.requested_at.toISOString(),
      completedAt: row.completed_at?.toISOString() ?? null,
      services: ERASING_SERVICES.map((service) => {
        const report = byService.get(service);
        return {
          service,
          done: Boolean(report),
          rowsAffected: report?.rows_affected ?? null,
          completedAt: report?.completed_at.toISOString() ?? null,
        };
      }),
    };
  }
}
