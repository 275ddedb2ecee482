import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A tenant's own lifecycle periods, texts and tag vocabulary (absent: the service's defaults). */
@Entity({ name: 'ticket_settings' })
export class TicketSettingsEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('integer', { name: 'reopen_window_seconds' }) reopenWindowSeconds!: number;
  @Column('integer', { name: 'auto_close_seconds' }) autoCloseSeconds!: number;
  @Column('integer', { name: 'pending_reminder_seconds' }) pendingReminderSeconds!: number;
  @Column('integer', { name: 'pending_solve_seconds' }) pendingSolveSeconds!: number;
  @Column('text', { name: 'pending_reminder_text', nullable: true }) pendingReminderText!: string | null;
  @Column('text', { name: 'stranded_text', nullable: true }) strandedText!: string | null;
  @Column('text', { name: 'tag_vocabulary', array: true }) tagVocabulary!: string[];
  @Column('boolean', { name: 'free_tags' }) freeTags!: boolean;
  /** Which survey notifications sends this tenant's customers, so a bare number is read right. */
  @Column('text', { name: 'survey_kind' }) surveyKind!: 'csat' | 'nps';
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
