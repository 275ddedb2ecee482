import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CustomerEntity } from './customer.entity';

/** How a customer is known on one channel (e-mail address, phone, wa_id, PSID, web-chat visitor). */
@Entity({ name: 'customer_identity' })
@Index('uq_customer_identity', ['tenantId', 'identityType', 'value'], { unique: true })
@Index('idx_customer_identity_customer', ['customerId'])
export class CustomerIdentityEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('uuid', { name: 'customer_id' }) customerId!: string;
  /** Declared so the schema builder (drift check, migration:generate) knows the migration's foreign key. */
  @ManyToOne(() => CustomerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'customer_identity_customer_id_fkey' })
  customer?: CustomerEntity;
  @Column('text', { name: 'identity_type' }) identityType!: string;
  @Column('text') value!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
