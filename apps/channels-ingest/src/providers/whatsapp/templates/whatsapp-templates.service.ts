import { Inject, Injectable } from '@nestjs/common';
import { InvalidInputError, NotFoundError, OutboundGuard, queryRows } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import { type ChannelAccount, ChannelAccountsService } from '../../../accounts/channel-accounts.service';
import { settingsOf } from '../../../accounts/channel-config';
import { deliverWithRetries, RETRY_POLICY, type RetryPolicy } from '../../../delivery/http-delivery';
import { CUSTOMER_SERVICE_WINDOW_MS } from '../whatsapp.sender';
import { GraphTemplatePage, renderTemplate, templateOf } from './template-catalogue';
import { WhatsAppTemplatesRepository } from './whatsapp-templates.repository';
import { z } from 'zod';

/**
 * The account's approved message templates (read from Meta: GET /{version}/{waba-id}/message_templates
 * ?status=APPROVED with the account's token), what the composer offers outside the 24-hour window,
 * and the check of an agent's values (400 on an unknown template or a missing parameter).
 */
@Injectable()
export class WhatsAppTemplates {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ChannelAccountsService) private readonly accounts: ChannelAccountsService,
    @Inject(RETRY_POLICY) private readonly retryPolicy: RetryPolicy,
    @Inject(OutboundGuard) private readonly guard: OutboundGuard,
  ) {}

  async account(tenantId: string, accountId: string): Promise<ChannelAccount> {
    const account = await this.accounts.findById(accountId, 'whatsapp');
    if (!account || account.tenantId !== tenantId) throw new NotFoundError(`No WhatsApp account "${accountId}" in this tenant`);
    return account;
  }

  async sync(account: ChannelAccount): Promise<number> {
    const { config, secrets } = settingsOf('whatsapp', account);
    if (!config.businessAccountId)
      throw new InvalidInputError('config.businessAccountId', 'set the WhatsApp Business Account id to read its templates');
    const templates = [];
    let url: string | undefined =
      `${config.apiBaseUrl.replace(/\/$/, '')}/${config.apiVersion}/${encodeURIComponent(config.businessAccountId)}/message_templates?` +
      new URLSearchParams({
        status: 'APPROVED',
        fields: 'name,language,status,category,parameter_format,components',
        limit: '100',
      }).toString();
    for (let page = 0; url && page < 50; page += 1) {
      const outcome = await deliverWithRetries(
        { url, method: 'GET', headers: { authorization: `Bearer ${secrets.accessToken}` } },
        this.retryPolicy,
        (target, init) => this.guard.fetch(target, init),
      );
      if (!outcome.ok) throw new InvalidInputError('config.businessAccountId', `Meta refused the template list: ${outcome.error}`);
      const parsed = GraphTemplatePage.parse(outcome.body);
      templates.push(...parsed.data.filter((template) => template.status === 'APPROVED').map(templateOf));
      url = parsed.paging?.next;
    }
    await new WhatsAppTemplatesRepository(this.dataSource.manager).replace(account.id, templates);
    return templates.length;
  }

  list(account: ChannelAccount) {
    return new WhatsAppTemplatesRepository(this.dataSource.manager).list(account.id);
  }

  /** The rendered text and the Cloud API template object, or a 400 naming what is wrong. */
  async render(account: ChannelAccount, request: { name: string; language: string; parameters: Record<string, string> }) {
    const template = await new WhatsAppTemplatesRepository(this.dataSource.manager).find(account.id, request.name, request.language);
    if (!template) throw new InvalidInputError('name', `no approved template ${request.name} (${request.language}) on this account`);
    const rendered = renderTemplate(template, request.parameters);
    if (!rendered.ok) throw new InvalidInputError(rendered.field, rendered.message);
    return { text: rendered.text, template: rendered.template };
  }

  /** Whether a free-form reply may still go out on the thread, and until when. */
  async window(account: ChannelAccount, threadKey: string): Promise<{ open: boolean; closesAt: string | null }> {
    const [row] = await queryRows(
      this.dataSource,
      z.object({ last_inbound_at: z.date() }),
      `SELECT "last_inbound_at" FROM "channels_ingest"."customer_window" WHERE "account_id" = $1 AND "thread_key" = $2`,
      [account.id, threadKey],
    );
    if (!row) return { open: false, closesAt: null };
    const closesAt = new Date(new Date(row.last_inbound_at).getTime() + CUSTOMER_SERVICE_WINDOW_MS);
    return { open: closesAt.getTime() > Date.now(), closesAt: closesAt.toISOString() };
  }
}
