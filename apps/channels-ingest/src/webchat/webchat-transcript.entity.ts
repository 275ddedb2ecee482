import type { Attachment } from '@garda/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One line of a web-chat session, kept so a visitor who reloads the page sees the conversation so far. */
@Entity({ name: 'webchat_transcript' })
@Index('idx_webchat_transcript_session', ['sessionId', 'id'])
export class WebchatTranscriptEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('text', { name: 'account_id' }) accountId!: string;
  @Column('uuid', { name: 'session_id' }) sessionId!: string;
  @Column('uuid', { name: 'message_id', unique: true }) messageId!: string;
  @Column('text') direction!: 'inbound' | 'outbound';
  @Column('text') text!: string;
  @Column('text', { name: 'author_name', nullable: true }) authorName!: string | null;
  // The column defaults to '[]' in the migration (which owns defaults, ADR 0061); a row saved without attachments gets it.
  @Column('jsonb') attachments!: Attachment[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
