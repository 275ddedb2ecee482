import {
  messagingTablesMigrationFor,
  rateLimitTableMigrationFor,
  retentionPolicyTableMigrationFor,
  type ServiceDefinition,
} from '@garda/service-kit';
import { ChannelAccountEntity } from './accounts/channel-account.entity';
import { ChannelAccountsService } from './accounts/channel-accounts.service';
import { ChannelAddressEntity } from './accounts/channel-address.entity';
import { demoChannelAccounts } from './accounts/demo-accounts';
import { secretBoxFor } from './accounts/secret-box';
import { channelsIngestConfigShape } from './channels-ingest.config';
import { ChannelsIngestModule } from './channels-ingest.module';
import { InboundReceiptEntity } from './inbound/inbound-receipt.entity';
import { CreateChannelsIngest1732500000000 } from './migrations/1732500000000-create-channels-ingest';
import { CreateProviderTables1732500000001 } from './migrations/1732500000001-create-provider-tables';
import { CreateInboundRaw1732500000002 } from './migrations/1732500000002-create-inbound-raw';
import { CreateVoiceCalls1733900000000 } from './migrations/1733900000000-create-voice-calls';
import { CreateMedia1733900001000 } from './migrations/1733900001000-create-media';
import { CreateWhatsappTemplates1733900002000 } from './migrations/1733900002000-create-whatsapp-templates';
import { CreateOutboundSend1796278239957 } from './migrations/1796278239957-create-outbound-send';
import { CreateSocketIoAttachments1796278643914 } from './migrations/1796278643914-create-socket-io-attachments';
import { useWebchatSocketAdapter } from './webchat/webchat-socket-adapter';
import { CreateImapMailbox1796278343513 } from './migrations/1796278343513-create-imap-mailbox';
import { CreateAgentSignature1796279694844 } from './migrations/1796279694844-create-agent-signature';
import { InboundReceiptPrimaryKey1796297838155 } from './migrations/1796297838155-inbound-receipt-primary-key';
import { WebchatTranscriptEntity } from './webchat/webchat-transcript.entity';

export const channelsIngestService: ServiceDefinition<typeof channelsIngestConfigShape> = {
  name: 'channels-ingest',
  description: 'Channel adapters: web chat, e-mail, WhatsApp, Messenger, Instagram, SMS, Telegram and phone calls, in and out',
  configShape: channelsIngestConfigShape,
  entities: [ChannelAccountEntity, ChannelAddressEntity, InboundReceiptEntity, WebchatTranscriptEntity],
  migrations: [
    messagingTablesMigrationFor('channels-ingest'),
    CreateChannelsIngest1732500000000,
    CreateProviderTables1732500000001,
    CreateInboundRaw1732500000002,
    rateLimitTableMigrationFor('channels-ingest', 1733000000000),
    CreateVoiceCalls1733900000000,
    CreateMedia1733900001000,
    CreateWhatsappTemplates1733900002000,
    CreateOutboundSend1796278239957,
    CreateSocketIoAttachments1796278643914,
    retentionPolicyTableMigrationFor('channels-ingest', 1796279246281),
    CreateImapMailbox1796278343513,
    CreateAgentSignature1796279694844,
    InboundReceiptPrimaryKey1796297838155,
  ],
  appModule: ChannelsIngestModule,
  seed: async (runtime) => {
    const accounts = new ChannelAccountsService(runtime.dataSource, secretBoxFor(runtime.config), runtime.logger);
    for (const account of demoChannelAccounts) await accounts.upsert(account);
    runtime.logger.info({ accounts: demoChannelAccounts.map((account) => account.id) }, 'demo channel accounts seeded');
  },
  // The widget's API is called from the tenants' own sites (each account may restrict which: allowedOrigins).
  corsPublicPaths: ['/webchat/'],
  // The web-chat socket.io server shares the HTTP server (namespace /webchat, path /socket.io).
  configureApp: (app, runtime) => useWebchatSocketAdapter(app, runtime),
};
