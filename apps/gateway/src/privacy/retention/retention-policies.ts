import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_RETENTION_POLICY, type RetentionPolicy, Topics } from '@garda/contracts';
import { type TransactionContext, UnitOfWork } from '@garda/messaging';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { queryRows } from '@garda/service-kit';

export interface RetentionPolicyView extends RetentionPolicy {
  /** 0 while the tenant has the default policy. */
  revision: number;
  changedAt: string | null;
}

interface PolicyRow {
  tenant_id: string;
  raw_payload_days: number | null;
  transcript_days: number | null;
  closed_ticket_days: number | null;
  audit_days: number | null;
  revision: number;
  changed_at: Date;
}

const viewOf = (row: PolicyRow): RetentionPolicyView => ({
  rawPayloadDays: row.raw_payload_days,
  transcriptDays: row.transcript_days,
  closedTicketDays: row.closed_ticket_days,
  auditDays: row.audit_days,
  revision: row.revision,
  changedAt: row.changed_at.toISOString(),
});

/**
 * Tenants' retention policies: stored here, announced to the services that prune
 * (privacy.retention-policy-changed.v1) in the same transaction, re-announced at every start.
 */
@Injectable()
export class RetentionPolicies {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
  ) {}

  async get(tenantId: string): Promise<RetentionPolicyView> {
    const rows = await queryRows(
      this.dataSource,
      z.looseObject({
        tenant_id: z.string(),
        raw_payload_days: z.number().nullable(),
        transcript_days: z.number().nullable(),
        closed_ticket_days: z.number().nullable(),
        audit_days: z.number().nullable(),
        revision: z.number(),
        changed_at: z.date(),
      }),
      `SELECT * FROM "gateway"."retention_policy" WHERE "tenant_id" = $1`,
      [tenantId],
    );
    return rows[0] ? viewOf(rows[0]) : { ...DEFAULT_RETENTION_POLICY, revision: 0, changedAt: null };
  }

  async set(tenantId: string, changedBy: string, policy: RetentionPolicy): Promise<RetentionPolicyView> {
    return this.unitOfWork.run(async (tx) => {
      const [row] = await queryRows(
        tx.manager,
        z.looseObject({
          tenant_id: z.string(),
          raw_payload_days: z.number().nullable(),
          transcript_days: z.number().nullable(),
          closed_ticket_days: z.number().nullable(),
          audit_days: z.number().nullable(),
          revision: z.number(),
          changed_at: z.date(),
        }),
        `INSERT INTO "gateway"."retention_policy" ("tenant_id", "raw_payload_days", "transcript_days", "closed_ticket_days", "audit_days", "revision", "changed_by")
         VALUES ($1, $2, $3, $4, $5, 1, $6)
         ON CONFLICT ("tenant_id") DO UPDATE SET "raw_payload_days" = EXCLUDED."raw_payload_days", "transcript_days" = EXCLUDED."transcript_days",
           "closed_ticket_days" = EXCLUDED."closed_ticket_days", "audit_days" = EXCLUDED."audit_days",
           "revision" = "retention_policy"."revision" + 1, "changed_by" = EXCLUDED."changed_by", "changed_at" = now()
         RETURNING *`,
        [tenantId, policy.rawPayloadDays, policy.transcriptDays, policy.closedTicketDays, policy.auditDays, changedBy],
      );
      await this.announce(tx, row);
      return viewOf(row);
    });
  }

  /** Every stored policy again, so a service whose projection starts from scratch (or after the topic's retention) has them. */
  async announceAll(): Promise<number> {
    return this.unitOfWork.run(async (tx) => {
      const rows = await queryRows(
        tx.manager,
        z.looseObject({
          tenant_id: z.string(),
          raw_payload_days: z.number().nullable(),
          transcript_days: z.number().nullable(),
          closed_ticket_days: z.number().nullable(),
          audit_days: z.number().nullable(),
          revision: z.number(),
          changed_at: z.date(),
        }),
        `SELECT * FROM "gateway"."retention_policy"`,
      );
      for (const row of rows) await this.announce(tx, row);
      return rows.length;
    });
  }

  private async announce({ publish }: TransactionContext, row: PolicyRow): Promise<void> {
    const { revision, changedAt, ...policy } = viewOf(row);
    await publish(
      Topics.RetentionPolicyChanged,
      { tenantId: row.tenant_id, ...policy, revision, changedAt: changedAt ?? new Date().toISOString() },
      { tenantId: row.tenant_id, key: row.tenant_id, messageId: `retention-policy:${row.tenant_id}:${revision}` },
    );
  }
}
