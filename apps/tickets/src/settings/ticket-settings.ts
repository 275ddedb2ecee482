import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '@garda/service-kit';
import type { EntityManager } from 'typeorm';
import type { TicketsConfig } from '../tickets.config';
import { TicketSettingsEntity } from './ticket-settings.entity';

export interface EffectiveTicketSettings {
  reopenWindowSeconds: number;
  autoCloseSeconds: number;
  pendingReminderSeconds: number;
  pendingSolveSeconds: number;
  pendingReminderText: string;
  strandedText: string;
  tagVocabulary: string[];
  freeTags: boolean;
  surveyKind: 'csat' | 'nps';
}

export const DEFAULT_PENDING_REMINDER_TEXT =
  'We are still waiting for your answer so we can help you further. Just reply to this message. / Kami masih menunggu jawaban Anda agar dapat membantu lebih lanjut. Cukup balas pesan ini.';
export const DEFAULT_STRANDED_TEXT =
  'All our agents are busy right now. Your request is saved as a ticket and our team will answer you here as soon as possible. / Semua agen kami sedang sibuk. Permintaan Anda sudah kami catat sebagai tiket dan tim kami akan membalas di sini secepatnya.';

/** A tenant's lifecycle settings: its own row, or the service's defaults for what it has not set. */
@Injectable()
export class TicketSettings {
  constructor(@Inject(CONFIG) private readonly config: TicketsConfig) {}

  defaults(): EffectiveTicketSettings {
    return {
      reopenWindowSeconds: this.config.TICKETS_REOPEN_WINDOW_SECONDS,
      autoCloseSeconds: this.config.TICKETS_AUTO_CLOSE_SECONDS,
      pendingReminderSeconds: this.config.TICKETS_PENDING_REMINDER_SECONDS,
      pendingSolveSeconds: this.config.TICKETS_PENDING_SOLVE_SECONDS,
      pendingReminderText: DEFAULT_PENDING_REMINDER_TEXT,
      strandedText: DEFAULT_STRANDED_TEXT,
      tagVocabulary: [],
      freeTags: true,
      surveyKind: 'csat',
    };
  }

  async of(manager: EntityManager, tenantId: string): Promise<EffectiveTicketSettings> {
    const row = await manager.getRepository(TicketSettingsEntity).findOneBy({ tenantId });
    const defaults = this.defaults();
    if (!row) return defaults;
    return {
      reopenWindowSeconds: row.reopenWindowSeconds,
      autoCloseSeconds: row.autoCloseSeconds,
      pendingReminderSeconds: row.pendingReminderSeconds,
      pendingSolveSeconds: row.pendingSolveSeconds,
      pendingReminderText: row.pendingReminderText ?? defaults.pendingReminderText,
      strandedText: row.strandedText ?? defaults.strandedText,
      tagVocabulary: row.tagVocabulary,
      freeTags: row.freeTags,
      surveyKind: row.surveyKind,
    };
  }
}
