import type { TicketActorType, TicketHistoryField } from '@garda/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One change of one field of a ticket: who, when, from → to. */
@Entity({ name: 'ticket_history' })
export class TicketHistoryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('uuid', { name: 'ticket_id' }) ticketId!: string;
  @Column('text') field!: TicketHistoryField;
  @Column('text', { name: 'from_value', nullable: true }) fromValue!: string | null;
  @Column('text', { name: 'to_value', nullable: true }) toValue!: string | null;
  @Column('text', { name: 'actor_type' }) actorType!: TicketActorType;
  @Column('text', { name: 'actor_id', nullable: true }) actorId!: string | null;
  @Column('text', { name: 'actor_name', nullable: true }) actorName!: string | null;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('timestamptz', { name: 'changed_at' }) changedAt!: Date;
}
