import { Inject, Injectable, NotFoundException, Optional } from '@nestjs/common';
import { LOGGER, type Logger } from '@garda/service-kit';
import type { Channel } from '@garda/contracts';
import { DataSource, type EntityManager, In } from 'typeorm';
import { ChannelAccountEntity } from './channel-account.entity';
import { hasNul } from '../inbound/nul-characters';
import { ChannelAddressEntity } from './channel-address.entity';
import { SecretBox } from './secret-box';

/** A channel account as the adapters use it: its settings and its secrets, decrypted. */
export interface ChannelAccount {
  id: string;
  tenantId: string;
  channel: Channel;
  displayName: string;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

export interface ChannelAccountInput extends Omit<ChannelAccount, 'secrets'> {
  secrets?: Record<string, string>;
  /** Provider-side identifiers that route webhooks to this account (see channel_address). */
  addresses?: string[];
}

/** Per-tenant provider configuration; secrets are sealed before they touch the database. */
@Injectable()
export class ChannelAccountsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SecretBox) private readonly secretBox: SecretBox,
    @Optional() @Inject(LOGGER) private readonly logger?: Logger,
  ) {}

  async findById(id: string, channel?: Channel): Promise<ChannelAccount | undefined> {
    // No account can have such an id; a NUL would also be refused by PostgreSQL (see nul-characters.ts).
    if (id.length === 0 || id.length > 200 || hasNul(id)) return undefined;
    const entity = await this.dataSource.getRepository(ChannelAccountEntity).findOneBy({ id });
    if (!entity || (channel && entity.channel !== channel)) return undefined;
    return this.toAccount(entity);
  }

  /** The account a webhook is for, from the provider id in its payload (or its URL). */
  async findByAddress(channel: Channel, address: string): Promise<ChannelAccount | undefined> {
    if (address.length === 0 || address.length > 500 || hasNul(address)) return undefined;
    const route = await this.dataSource
      .getRepository(ChannelAddressEntity)
      .findOneBy({ channel, address: normaliseAddress(channel, address) });
    return route ? this.findById(route.accountId, channel) : undefined;
  }

  /** Every account of a channel (e.g. to match a verification handshake's token). */
  async listByChannel(channel: Channel): Promise<ChannelAccount[]> {
    const entities = await this.dataSource
      .getRepository(ChannelAccountEntity)
      .find({ where: { channel }, order: { createdAt: 'ASC' }, take: 1000 });
    return entities.map((entity) => this.toAccount(entity));
  }

  /** E-mail accounts that read an existing mailbox over IMAP (only these have their secrets opened). */
  async listReadingOverImap(): Promise<ChannelAccount[]> {
    const entities = await this.dataSource
      .getRepository(ChannelAccountEntity)
      .createQueryBuilder('account')
      .where(`account.channel = 'email' AND account.config->>'inbound' = 'imap'`)
      .orderBy('account.createdAt', 'ASC')
      .take(10_000)
      .getMany();
    return entities.map((entity) => this.toAccount(entity));
  }

  async findByIdOrThrow(id: string, channel: Channel): Promise<ChannelAccount> {
    const account = await this.findById(id, channel);
    if (!account) throw new NotFoundException(`No ${channel} channel account "${id}"`);
    return account;
  }

  async listForTenant(tenantId: string): Promise<Array<Omit<ChannelAccount, 'secrets'> & { secretNames: string[]; addresses: string[] }>> {
    const entities = await this.dataSource.getRepository(ChannelAccountEntity).find({ where: { tenantId }, order: { createdAt: 'ASC' } });
    const addresses =
      entities.length > 0
        ? await this.dataSource.getRepository(ChannelAddressEntity).find({ where: { accountId: In(entities.map((entity) => entity.id)) } })
        : [];
    return entities.map((entity) => {
      const { secrets, ...account } = this.toAccount(entity);
      return {
        ...account,
        secretNames: Object.keys(secrets).sort(),
        addresses: addresses.filter((address) => address.accountId === entity.id).map((address) => address.address),
      };
    });
  }

  /**
   * Creates or replaces an account and its routing addresses (idempotent; used by the seed and the
   * admin API). An address routes webhooks to exactly one account, so one already routed to another
   * account is refused with AddressTaken and nothing changes.
   */
  async upsert(input: ChannelAccountInput, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const addresses = input.addresses && [...new Set(input.addresses.map((address) => normaliseAddress(input.channel, address)))];
    await manager
      .transaction(async (tx) => {
        if (addresses && addresses.length > 0) {
          const taken = await tx.getRepository(ChannelAddressEntity).find({ where: { channel: input.channel, address: In(addresses) } });
          const others = taken.filter((route) => route.accountId !== input.id);
          if (others.length > 0)
            throw new AddressTaken(
              input.channel,
              others.map((route) => route.address),
            );
        }
        const repository = tx.getRepository(ChannelAccountEntity);
        await repository.save(
          repository.create({
            id: input.id,
            tenantId: input.tenantId,
            channel: input.channel,
            displayName: input.displayName,
            config: input.config,
            secretsEncrypted: input.secrets && Object.keys(input.secrets).length > 0 ? this.secretBox.seal(input.secrets) : null,
          }),
        );
        if (addresses) {
          await tx.getRepository(ChannelAddressEntity).delete({ accountId: input.id });
          for (const address of addresses)
            await tx.getRepository(ChannelAddressEntity).insert({ channel: input.channel, address, accountId: input.id });
        }
      })
      .catch((error: unknown) => {
        // Two admins claiming one address at the same moment: the primary key decides, same answer.
        if ((error as { code?: string }).code === '23505' && addresses) throw new AddressTaken(input.channel, addresses);
        throw error;
      });
  }

  private toAccount(entity: ChannelAccountEntity): ChannelAccount {
    return {
      id: entity.id,
      tenantId: entity.tenantId,
      channel: entity.channel,
      displayName: entity.displayName,
      config: entity.config ?? {},
      secrets: this.openSecrets(entity),
    };
  }

  /**
   * Secrets sealed under another key (a rotated CHANNELS_SECRET_KEY) or damaged cannot be read:
   * that account then fails its signature checks and sends, while every other account keeps working.
   */
  private openSecrets(entity: ChannelAccountEntity): Record<string, string> {
    if (!entity.secretsEncrypted) return {};
    try {
      return this.secretBox.open(entity.secretsEncrypted);
    } catch (error) {
      this.logger?.error({ accountId: entity.id, err: error }, 'channel account secrets cannot be decrypted with CHANNELS_SECRET_KEY');
      return {};
    }
  }
}

/** An address (phone number id, page, number, mailbox) that already routes to another channel account. */
export class AddressTaken extends Error {
  constructor(
    readonly channel: Channel,
    readonly addresses: string[],
  ) {
    super(`${channel} address ${addresses.map((address) => `"${address}"`).join(', ')} is already connected to another channel account`);
  }
}

/** E-mail addresses match case-insensitively; phone numbers and provider ids are kept as given. */
export function normaliseAddress(channel: Channel, address: string): string {
  return channel === 'email' ? address.trim().toLowerCase() : address.trim();
}
