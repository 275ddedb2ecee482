import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A provider message already accepted; its unique key is what turns provider retries into no-ops. */
@Entity({ name: 'inbound_receipt' })
@Index('idx_inbound_receipt_received_at', ['receivedAt'])
export class InboundReceiptEntity {
  @PrimaryColumn('text', { name: 'account_id', primaryKeyConstraintName: 'pk_inbound_receipt' }) accountId!: string;
  @PrimaryColumn('text', { name: 'provider_message_id', primaryKeyConstraintName: 'pk_inbound_receipt' }) providerMessageId!: string;
  @Column('uuid', { name: 'message_id' }) messageId!: string;
  @Column('timestamptz', { name: 'received_at', default: () => 'now()' }) receivedAt!: Date;
}
