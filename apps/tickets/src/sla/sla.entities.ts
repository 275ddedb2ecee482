import type { Channel, TicketPriority } from '@garda/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { BusinessCalendar } from './business-hours';

/** SLA targets in business seconds for tickets of a priority, optionally only in a queue or on a channel. */
@Entity({ name: 'sla_policy' })
export class SlaPolicyEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('text', { nullable: true }) priority!: TicketPriority | null;
  @Column('text', { nullable: true }) queue!: string | null;
  @Column('text', { nullable: true }) channel!: Channel | null;
  @Column('integer', { name: 'first_response_seconds', nullable: true }) firstResponseSeconds!: number | null;
  @Column('integer', { name: 'next_response_seconds', nullable: true }) nextResponseSeconds!: number | null;
  @Column('integer', { name: 'resolution_seconds', nullable: true }) resolutionSeconds!: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** When the tenant's team works (its time zone, weekly hours, holidays) and how early to warn. */
@Entity({ name: 'sla_calendar' })
export class SlaCalendarEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('text', { name: 'time_zone' }) timeZone!: string;
  /** null: round the clock. */
  @Column('jsonb', { nullable: true }) weekly!: BusinessCalendar['weekly'] | null;
  @Column('text', { array: true }) holidays!: string[];
  @Column('integer', { name: 'warning_seconds' }) warningSeconds!: number;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
