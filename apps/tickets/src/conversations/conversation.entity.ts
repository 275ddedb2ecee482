import type { Channel, IdentityType } from '@garda/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'conversation' })
export class ConversationEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('uuid', { name: 'ticket_id' }) ticketId!: string;
  @Column('uuid', { name: 'customer_id' }) customerId!: string;
  @Column('text', { name: 'customer_name', nullable: true }) customerName!: string | null;
  @Column('text') channel!: Channel;
  @Column('text', { name: 'account_id' }) accountId!: string;
  @Column('text', { name: 'thread_key' }) threadKey!: string;
  @Column('text', { name: 'recipient_identity_type' }) recipientIdentityType!: IdentityType;
  @Column('text', { name: 'recipient_value' }) recipientValue!: string;
  @Column('text') status!: 'open' | 'closed';
  @Column('uuid', { name: 'assigned_agent_id', nullable: true }) assignedAgentId!: string | null;
  /** The routing contact currently representing this conversation. */
  @Column('uuid', { name: 'contact_id' }) contactId!: string;
  @Column('text', { nullable: true }) subject!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'last_message_at' }) lastMessageAt!: Date;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
}
