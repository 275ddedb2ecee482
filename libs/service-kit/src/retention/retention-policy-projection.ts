import { DEFAULT_RETENTION_POLICY, type RetentionPolicy, type RetentionPolicyChangedV1 } from '@garda/contracts';
import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS: Record<keyof RetentionPolicy, string> = {
  rawPayloadDays: 'raw_payload_days',
  transcriptDays: 'transcript_days',
  closedTicketDays: 'closed_ticket_days',
  auditDays: 'audit_days',
};

/** A service's copy of every tenant's retention policy (from privacy.retention-policy-changed.v1). */
export function retentionPolicyTableMigration(schema: string, timestamp: number): new () => MigrationInterface {
  const name = `RetentionPolicyProjection${timestamp}`;
  const migration = class implements MigrationInterface {
    name = name;
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE TABLE "${schema}"."retention_policy" (
        "tenant_id" uuid PRIMARY KEY,
        "raw_payload_days" integer,
        "transcript_days" integer,
        "closed_ticket_days" integer,
        "audit_days" integer,
        "revision" integer NOT NULL,
        "changed_at" timestamptz NOT NULL
      )`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${schema}"."retention_policy"`);
    }
  };
  Object.defineProperty(migration, 'name', { value: name });
  return migration;
}

export const retentionPolicyTableMigrationFor = (serviceName: string, timestamp: number) =>
  retentionPolicyTableMigration(serviceName.replace(/-/g, '_'), timestamp);

/** Keeps the newest revision of a tenant's policy; an older one arriving late or again changes nothing. */
export async function applyRetentionPolicy(manager: EntityManager, schema: string, policy: RetentionPolicyChangedV1): Promise<void> {
  await manager.query(
    `INSERT INTO "${schema}"."retention_policy" ("tenant_id", "raw_payload_days", "transcript_days", "closed_ticket_days", "audit_days", "revision", "changed_at")
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT ("tenant_id") DO UPDATE SET "raw_payload_days" = EXCLUDED."raw_payload_days", "transcript_days" = EXCLUDED."transcript_days",
       "closed_ticket_days" = EXCLUDED."closed_ticket_days", "audit_days" = EXCLUDED."audit_days",
       "revision" = EXCLUDED."revision", "changed_at" = EXCLUDED."changed_at"
     WHERE "retention_policy"."revision" < EXCLUDED."revision"`,
    [
      policy.tenantId,
      policy.rawPayloadDays,
      policy.transcriptDays,
      policy.closedTicketDays,
      policy.auditDays,
      policy.revision,
      policy.changedAt,
    ],
  );
}

/**
 * SQL for "older than the tenant's policy allows" on a row with `tenant_id` (alias `rowAlias`) and
 * a timestamp column: true when the tenant keeps that kind of data for N days and the row is older;
 * never true for a policy of null (keep for ever). Tenants without a policy get the default.
 */
export function expiredSql(schema: string, kind: keyof RetentionPolicy, rowAlias: string, timestampSql: string): string {
  const fallback = DEFAULT_RETENTION_POLICY[kind];
  const days = `COALESCE((SELECT p."${COLUMNS[kind]}" FROM "${schema}"."retention_policy" p WHERE p."tenant_id" = ${rowAlias}."tenant_id"),
    CASE WHEN EXISTS (SELECT 1 FROM "${schema}"."retention_policy" p WHERE p."tenant_id" = ${rowAlias}."tenant_id") THEN NULL ELSE ${fallback ?? 'NULL'}::integer END)`;
  return `${timestampSql} < now() - make_interval(days => ${days})`;
}

/** The service's own schema, which its DataSource was created with (PostgreSQL options). */
export function schemaOf(dataSource: DataSource): string {
  return String(('schema' in dataSource.options ? dataSource.options.schema : undefined) ?? 'public');
}
