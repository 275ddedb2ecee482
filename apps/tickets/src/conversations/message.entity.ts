import type { Attachment } from '@garda/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'message' })
export class MessageEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('uuid', { name: 'conversation_id' }) conversationId!: string;
  @Column('text') direction!: 'inbound' | 'outbound';
  @Column('text', { name: 'author_type' }) authorType!: 'customer' | 'agent' | 'system';
  @Column('text', { name: 'author_id', nullable: true }) authorId!: string | null;
  @Column('text', { name: 'author_name', nullable: true }) authorName!: string | null;
  @Column('text') text!: string;
  @Column('jsonb') attachments!: Attachment[];
  @Column('boolean') internal!: boolean;
  @Column('text', { name: 'provider_message_id', nullable: true }) providerMessageId!: string | null;
  @Column('text', { name: 'delivery_status', nullable: true }) deliveryStatus!: string | null;
  @Column('text', { name: 'delivery_error', nullable: true }) deliveryError!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
