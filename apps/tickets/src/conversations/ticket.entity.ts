import type { Channel, TicketPriority, TicketStatus, TicketType } from '@garda/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type { TicketStatus } from '@garda/contracts';

@Entity({ name: 'ticket' })
export class TicketEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  /** The number customers quote (#1001), unique per tenant. */
  @Column('integer') number!: number;
  @Column('uuid', { name: 'customer_id' }) customerId!: string;
  @Column('text') subject!: string;
  @Column('text') status!: TicketStatus;
  @Column('text') priority!: TicketPriority;
  @Column('text', { nullable: true }) type!: TicketType | null;
  @Column('text', { array: true }) tags!: string[];
  @Column('uuid', { name: 'assignee_id', nullable: true }) assigneeId!: string | null;
  @Column('text', { nullable: true }) queue!: string | null;
  @Column('text', { nullable: true }) channel!: Channel | null;
  @Column('text', { name: 'customer_name', nullable: true }) customerName!: string | null;
  /** The customer's address on the ticket's channel (e-mail, phone…), for search. */
  @Column('text', { name: 'customer_address', nullable: true }) customerAddress!: string | null;
  @Column('text', { nullable: true }) disposition!: string | null;
  /** The closed ticket this one follows up. */
  @Column('uuid', { name: 'follow_up_of', nullable: true }) followUpOf!: string | null;
  /** The next SLA deadline while a clock runs (sla/), for views and countdowns. */
  @Column('timestamptz', { name: 'sla_due_at', nullable: true }) slaDueAt!: Date | null;
  @Column('timestamptz', { name: 'status_changed_at' }) statusChangedAt!: Date;
  @Column('timestamptz', { name: 'solved_at', nullable: true }) solvedAt!: Date | null;
  @Column('text', { name: 'survey_kind', nullable: true }) surveyKind!: 'csat' | 'nps' | null;
  @Column('smallint', { name: 'survey_score', nullable: true }) surveyScore!: number | null;
  @Column('text', { name: 'survey_comment', nullable: true }) surveyComment!: string | null;
  @Column('timestamptz', { name: 'survey_answered_at', nullable: true }) surveyAnsweredAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
