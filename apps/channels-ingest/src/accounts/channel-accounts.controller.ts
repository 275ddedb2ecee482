import { Body, ConflictException, Controller, ForbiddenException, Get, HttpCode, Inject, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthClaims, ChannelSchema } from '@garda/contracts';
import { CurrentUser, InvalidInputError, OutboundGuard, OutboundRefused, Roles, zodBody } from '@garda/service-kit';
import { z } from 'zod';
import { AddressTaken, ChannelAccountsService } from './channel-accounts.service';
import { missingImapSecrets, oauth2Endpoint } from '../providers/email/imap/imap-settings';
import { ChannelAccountSchemas } from './channel-config';

const AccountBody = z
  .object({
    channel: ChannelSchema,
    displayName: z.string().trim().min(1).max(200),
    config: z.record(z.string(), z.unknown()).default({}),
    secrets: z.record(z.string(), z.string().max(4096)).optional(),
    /** Provider-side ids that route webhooks here; defaulted from config for most channels. */
    addresses: z.array(z.string().min(1).max(500)).max(20).optional(),
  })
  .superRefine((body, context) => {
    const schemas = ChannelAccountSchemas[body.channel];
    for (const [part, schema, value] of [
      ['config', schemas.config, body.config],
      ['secrets', schemas.secrets, body.secrets ?? {}],
    ] as const) {
      const parsed = schema.safeParse(value);
      if (!parsed.success)
        for (const issue of parsed.error.issues)
          context.addIssue({ code: 'custom', path: [part, ...issue.path.map(String)], message: issue.message });
    }
  });
type AccountBody = z.infer<typeof AccountBody>;

/** Where an account's webhooks come from, when the admin does not list addresses explicitly. */
function defaultAddresses(body: AccountBody): string[] {
  const config = body.config as Record<string, unknown>;
  const pick = (value: unknown) =>
    typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  switch (body.channel) {
    case 'whatsapp':
      return pick(config.phoneNumberId);
    case 'messenger':
      return pick(config.pageId);
    case 'instagram':
      return pick(config.instagramAccountId);
    case 'sms':
    case 'voice':
      return pick(config.phoneNumber);
    case 'email':
      return pick(config.addresses);
    case 'webchat':
    case 'telegram':
      return [];
  }
}

/** Tenant admins connect their providers here; secrets go in, but only their names ever come out. */
@ApiTags('channel-accounts')
@ApiBearerAuth()
@Controller('channel-accounts')
export class ChannelAccountsController {
  constructor(
    @Inject(ChannelAccountsService) private readonly accounts: ChannelAccountsService,
    @Inject(OutboundGuard) private readonly guard: OutboundGuard,
  ) {}

  @Get()
  @Roles('supervisor')
  list(@CurrentUser() user: AuthClaims) {
    return this.accounts.listForTenant(user.tenantId);
  }

  @Put(':id')
  @Roles('admin')
  @HttpCode(200)
  async put(@CurrentUser() user: AuthClaims, @Param('id') id: string, @Body(zodBody(AccountBody)) body: AccountBody) {
    if (!/^[\w.:-]{1,100}$/.test(id)) throw new ForbiddenException('Account ids are 1-100 letters, digits, or . _ : -');
    const existing = await this.accounts.findById(id);
    if (existing && existing.tenantId !== user.tenantId) throw new ForbiddenException('This account id belongs to another tenant');
    this.assertImapSignIn(body, body.secrets ?? existing?.secrets ?? {});
    await this.assertOutboundTargets(body);
    try {
      await this.accounts.upsert({
        id,
        tenantId: user.tenantId,
        channel: body.channel,
        displayName: body.displayName,
        config: body.config,
        secrets: body.secrets ?? existing?.secrets,
        addresses: body.addresses ?? defaultAddresses(body),
      });
    } catch (error) {
      // Which account (or tenant) holds the address is not said: that would leak another tenant's setup.
      if (error instanceof AddressTaken) throw new ConflictException(error.message);
      throw error;
    }
    const saved = (await this.accounts.listForTenant(user.tenantId)).find((account) => account.id === id);
    return saved;
  }

  /** A mailbox read over IMAP needs its password or refresh token, given now or kept from before (secrets are write-only). */
  private assertImapSignIn(body: AccountBody, secrets: Record<string, string>): void {
    if (body.channel !== 'email') return;
    const config = ChannelAccountSchemas.email.config.parse(body.config);
    if (config.inbound !== 'imap' || !config.imap) return;
    const [missing] = missingImapSecrets(config.imap, secrets);
    if (missing) throw new InvalidInputError(`secrets.${missing.path.join('.')}`, missing.message);
  }

  /** Where Garda will call on the account's behalf must be public (or allow-listed): told now, checked again at every send. */
  private async assertOutboundTargets(body: AccountBody): Promise<void> {
    const config = body.config as { apiBaseUrl?: unknown; smtp?: { host?: unknown } };
    const targets: Array<[field: string, value: unknown, kind: 'url' | 'host']> = [
      ['config.apiBaseUrl', config.apiBaseUrl, 'url'],
      ['config.smtp.host', config.smtp?.host, 'host'],
    ];
    if (body.channel === 'email') {
      const imap = ChannelAccountSchemas.email.config.safeParse(body.config).data?.imap;
      if (imap) targets.push(['config.imap.host', imap.host, 'host']);
      if (imap?.oauth2) targets.push(['config.imap.oauth2.tokenUrl', oauth2Endpoint(imap.oauth2).tokenUrl, 'url']);
    }
    for (const [field, value, kind] of targets) {
      if (typeof value !== 'string') continue;
      try {
        await this.guard.assertCallable(value, kind);
      } catch (error) {
        if (error instanceof OutboundRefused) throw new InvalidInputError(field, error.reason);
        throw error;
      }
    }
  }
}
