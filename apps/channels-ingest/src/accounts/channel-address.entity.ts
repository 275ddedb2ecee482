import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A provider-side identifier that routes a webhook to its account (phone_number_id, page id, number, address). */
@Entity({ name: 'channel_address' })
@Index('idx_channel_address_account', ['accountId'])
export class ChannelAddressEntity {
  @PrimaryColumn('text') channel!: string;
  @PrimaryColumn('text') address!: string;
  @Column('text', { name: 'account_id' }) accountId!: string;
}
