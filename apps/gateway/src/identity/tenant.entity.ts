import type { TenantLanguage } from '@garda/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'tenant' })
export class TenantEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  /** IANA name; where the tenant's "today" begins. */
  @Column('text', { name: 'time_zone' }) timeZone!: string;
  @Column('text', { name: 'default_language' }) defaultLanguage!: TenantLanguage;
  @Column('text', { array: true }) languages!: TenantLanguage[];
  /** Rises on every change of the settings; announced with them. */
  @Column('integer', { name: 'settings_revision' }) settingsRevision!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
