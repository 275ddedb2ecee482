import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Module } from '@nestjs/common';
import { Topics } from '@garda/contracts';
import { EventPattern } from '@garda/service-kit';
import { generatedRegion, handlersByService, loadServiceHandlers, topicConsumers, withRegion } from './topic-consumers';

const root = join(__dirname, '..', '..');

describe('topic → consumer table (README.md)', () => {
  const services = loadServiceHandlers(root);

  it("is exactly what the services' @EventPattern handlers say (run `npm run docs:topics` after changing one)", () => {
    const doc = readFileSync(join(root, 'README.md'), 'utf8');
    expect(generatedRegion(doc)).toBe(topicConsumers(services));
  });

  it('finds the handlers of every service that consumes, through imported modules', () => {
    const consumers = new Set(handlersByService(services).map((entry) => entry.service));
    expect([...consumers].sort()).toEqual(['analytics', 'channels-ingest', 'customers', 'gateway', 'notifications', 'routing', 'tickets']);
    expect(handlersByService(services)).toContainEqual({
      service: 'routing',
      topic: Topics.RoutingRequested,
      handler: 'RoutingHandlers.routingRequested',
      module: 'RoutingModule',
    });
  });

  it('lists every handler of a topic, from every module, including methods that handle several topics', () => {
    @Controller()
    class Surveys {
      @EventPattern(Topics.ConversationClosed)
      closed(): void {}
    }
    @Controller()
    class Webhooks {
      @EventPattern([Topics.ConversationClosed, Topics.OfferMade])
      mirror(): void {}
    }
    @Module({ controllers: [Webhooks] })
    class WebhooksModule {}
    @Module({ imports: [WebhooksModule], controllers: [Surveys] })
    class NotificationsModule {}
    const table = topicConsumers([{ name: 'notifications', appModule: NotificationsModule }]);
    expect(table).toContain(
      `| \`${Topics.ConversationClosed}\` | notifications: \`Surveys.closed\`<br>notifications: \`Webhooks.mirror\` |`,
    );
    expect(table).toContain(`| \`${Topics.OfferMade}\` | notifications: \`Webhooks.mirror\` |`);
    expect(table).toContain(`| \`${Topics.MaxWaitExceeded}\` | — (no consumer yet) |`);
  });

  it('replaces only the marked region', () => {
    const doc = readFileSync(join(root, 'README.md'), 'utf8');
    const rewritten = withRegion(doc, 'NEW TABLE');
    expect(generatedRegion(rewritten)).toBe('NEW TABLE');
    expect(rewritten.startsWith(doc.slice(0, doc.indexOf('<!-- topic-consumers:begin')))).toBe(true);
  });
});
