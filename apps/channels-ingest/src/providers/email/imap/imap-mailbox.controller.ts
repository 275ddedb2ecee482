import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { CurrentUser, NotFoundError, Roles } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import { ChannelAccountsService } from '../../../accounts/channel-accounts.service';
import { ImapMailboxRepository } from './imap-mailbox.repository';
import { readsOverImap } from './imap-settings';

/** How an account's IMAP mailbox is being read: cursor, whether a replica reads it now, the last error. */
@ApiTags('channel-accounts')
@ApiBearerAuth()
@Controller('channel-accounts')
export class ImapMailboxController {
  constructor(
    @Inject(ChannelAccountsService) private readonly accounts: ChannelAccountsService,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  @Get(':id/mailbox')
  @Roles('supervisor')
  async status(@CurrentUser() user: AuthClaims, @Param('id') id: string) {
    const account = await this.accounts.findById(id, 'email');
    if (!account || account.tenantId !== user.tenantId || !readsOverImap(account))
      throw new NotFoundError(`No e-mail account "${id}" that reads a mailbox over IMAP`);
    return (
      (await new ImapMailboxRepository(this.dataSource).status(id)) ?? {
        accountId: id,
        uidValidity: null,
        lastUid: '0',
        readingNow: false,
        lastCheckedAt: null,
        lastError: null,
        messagesRead: '0',
      }
    );
  }
}
