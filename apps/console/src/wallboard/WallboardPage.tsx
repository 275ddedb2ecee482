import { useEffect, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useLocaleSettings } from '../i18n/LocaleProvider';
import { clockTimeWithSeconds } from '../time/formats';
import { formatDuration, secondsSince } from '../ui/format';
import { EmptyState } from '../ui/EmptyState';
import { useFailureNotice } from '../ui/failures';
import { useNow } from '../ui/useNow';
import { AgentsTable } from './AgentsTable';
import { ArrivalsChart, ServiceLevelChart, WaitingTrendChart } from './Charts';
import { QueuesTable } from './QueuesTable';
import { ReadOnlyConversation } from './ReadOnlyConversation';
import { useAnalytics } from './useAnalytics';
import { agentsByActivity, totals, useWallboard } from './useWallboard';
import { WaitingChart } from './WaitingChart';

const m = defineMessages({
  failure: { id: 'wallboard.failure' },
  commonPresenceAvailable: { id: 'common.presence.available' },
  commonPresenceAway: { id: 'common.presence.away' },
  commonPresenceOffline: { id: 'common.presence.offline' },
  agentOnContact: { id: 'wallboard.agent.onContact' },
  agentsTitle: { id: 'wallboard.agents.title' },
  chartsLabel: { id: 'wallboard.charts.label' },
  queuesTitle: { id: 'wallboard.queues.title' },
  tilesAbandoned: { id: 'wallboard.tiles.abandoned' },
  tilesAfterContact: { id: 'wallboard.tiles.afterContact' },
  tilesAnswered: { id: 'wallboard.tiles.answered' },
  tilesAsa: { id: 'wallboard.tiles.asa' },
  tilesInQueue: { id: 'wallboard.tiles.inQueue' },
  tilesLabel: { id: 'wallboard.tiles.label' },
  tilesOldest: { id: 'wallboard.tiles.oldest' },
  tilesServiceLevel: { id: 'wallboard.tiles.serviceLevel' },
});

/** The supervisor wallboard: queues and agents of the supervisor's tenant, live. */
export function WallboardPage() {
  const intl = useIntl();
  const notice = useFailureNotice();
  const { timeZone } = useLocaleSettings();
  const { snapshot, error, history } = useWallboard();
  const now = useNow();
  const { figures: analytics, unavailable: analyticsUnavailable, dayStart } = useAnalytics(snapshot?.asOf);
  const [openConversation, setOpenConversation] = useState<string>();

  useEffect(() => {
    if (error) notice(error, m.failure);
  }, [error, notice]);

  if (!snapshot)
    return (
      <p className="muted empty">
        <FormattedMessage id="wallboard.loading" />
      </p>
    );
  const sum = totals(snapshot.queues);
  const oldest = secondsSince(sum.oldestContactArrivedAt, now);
  const byState = agentsByActivity(snapshot.agents);
  // Each queue has its own threshold; the tiles use the default queue's.
  const threshold = (snapshot.queues.find((queue) => queue.isDefault) ?? snapshot.queues[0])?.serviceLevelThresholdSeconds ?? null;
  const duration = (seconds: number | null) => (seconds === null ? '—' : formatDuration(seconds));

  return (
    <div className="wallboard" data-testid="wallboard">
      <section className="tiles" aria-label={intl.formatMessage(m.tilesLabel)}>
        <Tile
          label={intl.formatMessage(m.tilesInQueue)}
          value={String(sum.contactsInQueue)}
          testId="wallboard-total-waiting"
          alert={sum.contactsInQueue > 0}
        />
        <Tile label={intl.formatMessage(m.tilesOldest)} value={duration(oldest)} alert={threshold !== null && (oldest ?? 0) > threshold} />
        <Tile
          label={
            threshold === null
              ? intl.formatMessage(m.tilesServiceLevel)
              : intl.formatMessage({ id: 'wallboard.tiles.serviceLevelWithin' }, { seconds: threshold })
          }
          value={
            sum.serviceLevelPercent === null
              ? '—'
              : intl.formatNumber(sum.serviceLevelPercent / 100, { style: 'percent', maximumFractionDigits: 1 })
          }
        />
        <Tile label={intl.formatMessage(m.tilesAnswered)} value={String(sum.contactsAnswered)} testId="wallboard-total-answered" />
        <Tile label={intl.formatMessage(m.tilesAbandoned)} value={String(sum.contactsAbandoned)} />
        <Tile label={intl.formatMessage(m.tilesAsa)} value={duration(sum.averageSpeedOfAnswerSeconds)} />
        <span className="tile-gap" />
        <Tile
          label={intl.formatMessage(m.commonPresenceAvailable)}
          value={String(byState.available)}
          tone="available"
          testId="wallboard-agents-available"
        />
        <Tile label={intl.formatMessage(m.agentOnContact)} value={String(byState.onContact)} tone="busy" />
        <Tile label={intl.formatMessage(m.tilesAfterContact)} value={String(byState.afterContactWork)} tone="acw" />
        <Tile label={intl.formatMessage(m.commonPresenceAway)} value={String(byState.away)} tone="away" />
        <Tile label={intl.formatMessage(m.commonPresenceOffline)} value={String(byState.offline)} tone="offline" />
      </section>

      <div className="wallboard-main">
        <section aria-label={intl.formatMessage(m.queuesTitle)}>
          <h2 className="section-title">
            <FormattedMessage id="wallboard.queues.title" />
          </h2>
          <QueuesTable queues={snapshot.queues} />
        </section>

        <section className="wallboard-charts" aria-label={intl.formatMessage(m.chartsLabel)}>
          <h2 className="section-title">
            <FormattedMessage id="wallboard.charts.today" />
          </h2>
          <p className="small muted" data-testid="wallboard-day-start" data-at={dayStart}>
            <FormattedMessage
              id="wallboard.charts.since"
              values={{ time: intl.formatDate(dayStart, { dateStyle: 'medium', timeStyle: 'short' }), zone: timeZone }}
            />
          </p>
          {analytics ? (
            <div className="charts">
              <ArrivalsChart intervals={analytics.intervals} />
              <ServiceLevelChart intervals={analytics.intervals} thresholdSeconds={threshold ?? 0} />
              <WaitingTrendChart points={analytics.waiting} />
            </div>
          ) : (
            <WaitingChart samples={history} now={now} />
          )}
          {analyticsUnavailable && (
            <p className="small muted">
              <FormattedMessage id="wallboard.charts.unavailable" />
            </p>
          )}
        </section>

        <section aria-label={intl.formatMessage(m.agentsTitle)}>
          <h2 className="section-title">
            <FormattedMessage id="wallboard.agents.title" />
          </h2>
          {snapshot.agents.length === 0 ? (
            <EmptyState title={<FormattedMessage id="wallboard.agents.none" />} />
          ) : (
            <AgentsTable snapshot={snapshot} onOpenConversation={setOpenConversation} />
          )}
          <p className="small muted" data-testid="wallboard-as-of">
            <FormattedMessage id="wallboard.footer" values={{ time: clockTimeWithSeconds(intl, snapshot.asOf) }} />
          </p>
        </section>
      </div>
      {openConversation && <ReadOnlyConversation conversationId={openConversation} onClose={() => setOpenConversation(undefined)} />}
    </div>
  );
}

function Tile({ label, value, testId, alert, tone }: { label: string; value: string; testId?: string; alert?: boolean; tone?: string }) {
  return (
    <div className={`tile${alert ? ' alert' : ''}${tone ? ` tone-${tone}` : ''}`}>
      <div className="tile-value" data-testid={testId}>
        {value}
      </div>
      <div className="tile-label">{label}</div>
    </div>
  );
}
