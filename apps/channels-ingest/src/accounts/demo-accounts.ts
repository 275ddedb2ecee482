import { DemoTenant } from '@garda/demo-tenant';
import type { ChannelAccountInput } from './channel-accounts.service';

/** The demo tenant's web-chat widget: `<script src=".../webchat/widget.js" data-account="demo-web">`. */
export const demoChannelAccounts: ChannelAccountInput[] = [
  {
    id: DemoTenant.webchatAccountId,
    tenantId: DemoTenant.id,
    channel: 'webchat',
    displayName: `${DemoTenant.name} web chat`,
    config: { topics: DemoTenant.queues.map((queue) => queue.name), greeting: 'Hi! How can we help?' },
  },
];
