import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type TicketStatus = 'open' | 'pending' | 'solved' | 'closed';

@Entity({ name: 'ticket' })
export class TicketEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('uuid', { name: 'customer_id' }) customerId!: string;
  @Column('text') subject!: string;
  @Column('text') status!: TicketStatus;
  @Column('text') priority!: 'low' | 'normal' | 'high' | 'urgent';
  @Column('uuid', { name: 'assignee_id', nullable: true }) assigneeId!: string | null;
  @Column('text', { nullable: true }) queue!: string | null;
  @Column('text', { nullable: true }) disposition!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
