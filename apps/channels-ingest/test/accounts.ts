import { randomUUID } from 'node:crypto';
import type { RunningService } from '@garda/service-kit';
import { ChannelAccountsService } from '../src/accounts/channel-accounts.service';
import { ids } from './provider-fixtures';

export const secrets = {
  whatsappAppSecret: 'wa-app-secret-for-tests',
  messengerAppSecret: 'fb-app-secret-for-tests',
  instagramAppSecret: 'ig-app-secret-for-tests',
  verifyToken: 'garda-verify-token',
  twilioAuthToken: '0123456789abcdef0123456789abcdef',
  telegramWebhookSecret: 'tg-secret_token-123',
  telegramBotToken: '123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11',
};

export const tenantId = randomUUID();
export const accountIds = {
  whatsapp: `wa-${tenantId.slice(0, 8)}`,
  messenger: `fb-${tenantId.slice(0, 8)}`,
  instagram: `ig-${tenantId.slice(0, 8)}`,
  sms: `sms-${tenantId.slice(0, 8)}`,
  telegram: `tg-${tenantId.slice(0, 8)}`,
  email: `mail-${tenantId.slice(0, 8)}`,
};
export const supportAddress = `support-${tenantId.slice(0, 8)}@acme.example`;

/** One account per provider for a fresh tenant, every API base URL pointing at the local fake. */
export async function createProviderAccounts(
  service: RunningService,
  providerUrl: string,
  smtpRelay: { host: string; port: number },
): Promise<void> {
  const accounts = service.app.get(ChannelAccountsService);
  await accounts.upsert({
    id: accountIds.whatsapp,
    tenantId,
    channel: 'whatsapp',
    displayName: 'Acme WhatsApp',
    config: { phoneNumberId: ids.whatsappPhoneNumberId, apiBaseUrl: providerUrl, apiVersion: 'v21.0' },
    secrets: { appSecret: secrets.whatsappAppSecret, verifyToken: secrets.verifyToken, accessToken: 'EAAG-wa-access-token' },
    addresses: [ids.whatsappPhoneNumberId],
  });
  await accounts.upsert({
    id: accountIds.messenger,
    tenantId,
    channel: 'messenger',
    displayName: 'Acme Messenger',
    config: { pageId: ids.pageId, apiBaseUrl: providerUrl },
    secrets: { appSecret: secrets.messengerAppSecret, verifyToken: secrets.verifyToken, pageAccessToken: 'EAAG-page-token' },
    addresses: [ids.pageId],
  });
  await accounts.upsert({
    id: accountIds.instagram,
    tenantId,
    channel: 'instagram',
    displayName: 'Acme Instagram',
    config: { instagramAccountId: ids.instagramId, apiBaseUrl: providerUrl },
    secrets: { appSecret: secrets.instagramAppSecret, verifyToken: secrets.verifyToken, accessToken: 'IGQV-token' },
    addresses: [ids.instagramId],
  });
  await accounts.upsert({
    id: accountIds.sms,
    tenantId,
    channel: 'sms',
    displayName: 'Acme SMS',
    config: { accountSid: ids.twilioAccountSid, phoneNumber: ids.twilioNumber, apiBaseUrl: providerUrl },
    secrets: { authToken: secrets.twilioAuthToken },
    addresses: [ids.twilioNumber],
  });
  await accounts.upsert({
    id: accountIds.telegram,
    tenantId,
    channel: 'telegram',
    displayName: 'Acme Telegram bot',
    config: { apiBaseUrl: providerUrl },
    secrets: { botToken: secrets.telegramBotToken, webhookSecret: secrets.telegramWebhookSecret },
    addresses: [],
  });
  await accounts.upsert({
    id: accountIds.email,
    tenantId,
    channel: 'email',
    displayName: 'Acme support mailbox',
    config: { addresses: [supportAddress], fromAddress: supportAddress, fromName: 'Acme Support', smtp: { ...smtpRelay, secure: false } },
    secrets: {},
    addresses: [supportAddress],
  });
}
