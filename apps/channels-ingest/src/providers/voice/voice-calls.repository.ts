import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { queryRows } from '@garda/service-kit';

const date = z.coerce.date();
const VoiceCallRow = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  account_id: z.string(),
  direction: z.enum(['inbound', 'callback']),
  call_sid: z.string().nullable(),
  customer_number: z.string(),
  status: z.enum(['ivr', 'queued', 'callback-pending', 'connecting', 'in-progress', 'completed', 'abandoned', 'failed']),
  language: z.enum(['id', 'en']),
  queue: z.string().nullable(),
  required_skills: z.array(z.object({ skill: z.string(), minLevel: z.number() })),
  thread_key: z.string(),
  inbound_message_id: z.uuid().nullable(),
  conversation_id: z.uuid().nullable(),
  agent_id: z.uuid().nullable(),
  contact_id: z.uuid().nullable(),
  source_call_id: z.uuid().nullable(),
  answered_at: date.nullable(),
  ended_at: date.nullable(),
  duration_seconds: z.number().int().nullable(),
  recording_url: z.string().nullable(),
  created_at: date,
});
export type VoiceCall = z.infer<typeof VoiceCallRow>;
export type VoiceCallStatus = VoiceCall['status'];

const AssignmentRow = z.object({ conversation_id: z.uuid(), tenant_id: z.uuid(), contact_id: z.uuid(), agent_id: z.uuid() });
export type VoiceAssignment = z.infer<typeof AssignmentRow>;
const EventRow = z.object({ id: z.uuid(), seq: z.coerce.number(), payload: z.record(z.string(), z.unknown()) });

const rows = <T extends z.ZodType>(schema: T, result: unknown): Array<z.output<T>> => z.array(schema).parse(result);
/** UPDATE … RETURNING answers [rows, count] through TypeORM's pg driver. */
const updated = <T extends z.ZodType>(schema: T, result: unknown): Array<z.output<T>> =>
  rows(schema, Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result);

const T = '"channels_ingest"."voice_call"';

export interface NewVoiceCall {
  id: string;
  tenantId: string;
  accountId: string;
  direction: 'inbound' | 'callback';
  callSid: string | null;
  customerNumber: string;
  status: VoiceCallStatus;
  language: 'id' | 'en';
  queue: string | null;
  requiredSkills: Array<{ skill: string; minLevel: number }>;
  threadKey: string;
  sourceCallId?: string;
}

/** The voice tables (calls, their pending events, assignments waiting for a call, agents' phones). */
export class VoiceCallsRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Inserts the call unless one with this CallSid (or this source, for callbacks) exists; returns the stored one. */
  async insert(call: NewVoiceCall): Promise<{ call: VoiceCall; created: boolean }> {
    const inserted = rows(
      VoiceCallRow,
      await this.manager.query(
        `INSERT INTO ${T} ("id", "tenant_id", "account_id", "direction", "call_sid", "customer_number", "status", "language", "queue",
           "required_skills", "thread_key", "source_call_id")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING RETURNING *`,
        [
          call.id,
          call.tenantId,
          call.accountId,
          call.direction,
          call.callSid,
          call.customerNumber,
          call.status,
          call.language,
          call.queue,
          JSON.stringify(call.requiredSkills),
          call.threadKey,
          call.sourceCallId ?? null,
        ],
      ),
    );
    if (inserted[0]) return { call: inserted[0], created: true };
    const existing = call.callSid ? await this.bySid(call.callSid) : call.sourceCallId ? await this.bySource(call.sourceCallId) : undefined;
    if (!existing) throw new Error(`voice call ${call.id} was neither inserted nor found`);
    return { call: existing, created: false };
  }

  async bySid(callSid: string, lock = false): Promise<VoiceCall | undefined> {
    return rows(
      VoiceCallRow,
      await this.manager.query(`SELECT * FROM ${T} WHERE "call_sid" = $1 ${lock ? 'FOR UPDATE' : ''}`, [callSid]),
    )[0];
  }

  private async bySource(sourceCallId: string): Promise<VoiceCall | undefined> {
    return rows(VoiceCallRow, await this.manager.query(`SELECT * FROM ${T} WHERE "source_call_id" = $1`, [sourceCallId]))[0];
  }

  async byConversation(tenantId: string, conversationId: string): Promise<VoiceCall | undefined> {
    return rows(
      VoiceCallRow,
      await this.manager.query(`SELECT * FROM ${T} WHERE "tenant_id" = $1 AND "conversation_id" = $2 FOR UPDATE`, [
        tenantId,
        conversationId,
      ]),
    )[0];
  }

  async update(
    id: string,
    fields: Partial<{
      status: VoiceCallStatus;
      callSid: string;
      queue: string | null;
      language: 'id' | 'en';
      requiredSkills: Array<{ skill: string; minLevel: number }>;
      inboundMessageId: string;
      agentId: string;
      contactId: string;
      answeredAt: Date;
      endedAt: Date;
      durationSeconds: number;
      recordingUrl: string;
    }>,
  ): Promise<VoiceCall> {
    const columns: Record<string, string> = {
      status: 'status',
      callSid: 'call_sid',
      queue: 'queue',
      language: 'language',
      requiredSkills: 'required_skills',
      inboundMessageId: 'inbound_message_id',
      agentId: 'agent_id',
      contactId: 'contact_id',
      answeredAt: 'answered_at',
      endedAt: 'ended_at',
      durationSeconds: 'duration_seconds',
      recordingUrl: 'recording_url',
    };
    const entries = Object.entries(fields).filter(([, value]) => value !== undefined);
    const sets = entries.map(([key], index) => `"${columns[key]}" = $${index + 2}`);
    const values = entries.map(([key, value]) => (key === 'requiredSkills' ? JSON.stringify(value) : value));
    const [call] = updated(
      VoiceCallRow,
      await this.manager.query(`UPDATE ${T} SET ${[...sets, '"updated_at" = now()'].join(', ')} WHERE "id" = $1 RETURNING *`, [
        id,
        ...values,
      ]),
    );
    return call;
  }

  /** tickets threaded the call's message: the call now knows its conversation. */
  async mapConversation(tenantId: string, inboundMessageId: string, conversationId: string): Promise<VoiceCall | undefined> {
    return updated(
      VoiceCallRow,
      await this.manager.query(
        `UPDATE ${T} SET "conversation_id" = $3, "updated_at" = now() WHERE "tenant_id" = $1 AND "inbound_message_id" = $2 RETURNING *`,
        [tenantId, inboundMessageId, conversationId],
      ),
    )[0];
  }

  /** Keeps an event once per call and kind; false when it was already there. */
  async addEvent(callId: string, eventId: string, kind: string, payload: Record<string, unknown>): Promise<boolean> {
    const inserted = await queryRows(
      this.manager,
      z.unknown(),
      `INSERT INTO "channels_ingest"."voice_call_event" ("id", "call_id", "kind", "payload") VALUES ($1, $2, $3, $4)
       ON CONFLICT ("call_id", "kind") DO NOTHING RETURNING "id"`,
      [eventId, callId, kind, JSON.stringify(payload)],
    );
    return inserted.length > 0;
  }

  /** Events not yet published, oldest first, claimed as published in the same statement. */
  async takeUnpublishedEvents(callId: string): Promise<Array<{ id: string; seq: number; payload: Record<string, unknown> }>> {
    return updated(
      EventRow,
      await this.manager.query(
        `UPDATE "channels_ingest"."voice_call_event" SET "published_at" = now()
         WHERE "id" IN (SELECT "id" FROM "channels_ingest"."voice_call_event" WHERE "call_id" = $1 AND "published_at" IS NULL ORDER BY "seq" FOR UPDATE)
         RETURNING "id", "payload", "seq"`,
        [callId],
      ),
    ).sort((a, b) => a.seq - b.seq);
  }

  async saveAssignment(assignment: VoiceAssignment & { assignedAt: Date }): Promise<void> {
    await this.manager.query(
      `INSERT INTO "channels_ingest"."voice_assignment" ("conversation_id", "tenant_id", "contact_id", "agent_id", "assigned_at")
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ("conversation_id") DO UPDATE SET "contact_id" = EXCLUDED."contact_id", "agent_id" = EXCLUDED."agent_id", "assigned_at" = EXCLUDED."assigned_at"`,
      [assignment.conversation_id, assignment.tenant_id, assignment.contact_id, assignment.agent_id, assignment.assignedAt],
    );
  }

  async assignmentOf(tenantId: string, conversationId: string): Promise<VoiceAssignment | undefined> {
    return rows(
      AssignmentRow,
      await this.manager.query(
        `SELECT "conversation_id", "tenant_id", "contact_id", "agent_id" FROM "channels_ingest"."voice_assignment" WHERE "tenant_id" = $1 AND "conversation_id" = $2`,
        [tenantId, conversationId],
      ),
    )[0];
  }

  async agentPhone(tenantId: string, agentId: string): Promise<string | undefined> {
    return rows(
      z.object({ phone_number: z.string() }),
      await this.manager.query(
        `SELECT "phone_number" FROM "channels_ingest"."voice_agent_endpoint" WHERE "tenant_id" = $1 AND "agent_id" = $2`,
        [tenantId, agentId],
      ),
    )[0]?.phone_number;
  }

  async setAgentPhone(tenantId: string, agentId: string, phoneNumber: string | null): Promise<void> {
    if (phoneNumber === null) {
      await this.manager.query(`DELETE FROM "channels_ingest"."voice_agent_endpoint" WHERE "tenant_id" = $1 AND "agent_id" = $2`, [
        tenantId,
        agentId,
      ]);
      return;
    }
    await this.manager.query(
      `INSERT INTO "channels_ingest"."voice_agent_endpoint" ("tenant_id", "agent_id", "phone_number") VALUES ($1, $2, $3)
       ON CONFLICT ("tenant_id", "agent_id") DO UPDATE SET "phone_number" = EXCLUDED."phone_number", "updated_at" = now()`,
      [tenantId, agentId, phoneNumber],
    );
  }
}
