import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Channel } from '@garda/contracts';

/** One tenant's connection to one provider (a WhatsApp number, a Telegram bot, a web-chat widget…). */
@Entity({ name: 'channel_account' })
@Index('idx_channel_account_tenant', ['tenantId'])
export class ChannelAccountEntity {
  @PrimaryColumn('text') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('text') channel!: Channel;
  @Column('text', { name: 'display_name' }) displayName!: string;
  /** Non-secret settings: provider ids, API base URLs, addresses. */
  @Column('jsonb') config!: Record<string, unknown>;
  /** App secrets and tokens, AES-256-GCM encrypted (see secret-box.ts). */
  @Column('text', { name: 'secrets_encrypted', nullable: true }) secretsEncrypted!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
