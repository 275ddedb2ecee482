import type { Role } from '@garda/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Someone who logs in to the console: an agent, a supervisor or an admin of one tenant. */
@Entity({ name: 'app_user' })
@Index('uq_app_user_email', ['email'], { unique: true })
@Index('idx_app_user_tenant', ['tenantId'])
export class AppUserEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  /** Always stored lower-cased. */
  @Column('text') email!: string;
  @Column('text') name!: string;
  @Column('text') role!: Role;
  /** Self-describing scrypt hash (see password-hasher.ts), never the password. */
  @Column('text', { name: 'password_hash' }) passwordHash!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
