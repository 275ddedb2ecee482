import { FormattedMessage, type IntlShape, useIntl } from 'react-intl';
import type { AnalyticsInterval, AnalyticsWaitingPoint } from './useAnalytics';

const W = 380;
const H = 90;
const PAD = 16;

/** "09:15" on the axis, in the tenant's zone (the intl provider's), on a 24-hour clock to stay short. */
const hourLabel = (intl: IntlShape, iso: string) => intl.formatTime(iso, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** Per 15-minute interval today: contacts arriving (queued) against contacts answered. */
export function ArrivalsChart({ intervals }: { intervals: AnalyticsInterval[] }) {
  const intl = useIntl();
  const shown = trimToActivity(intervals);
  const max = Math.max(2, ...shown.flatMap((i) => [i.contactsQueued, i.contactsAnswered]));
  const slot = (W - PAD) / Math.max(1, shown.length);
  const bar = Math.max(1, slot / 2 - 1);
  const y = (value: number) => H - PAD - (value / max) * (H - PAD - 6);
  return (
    <figure className="chart" aria-label={intl.formatMessage({ id: 'wallboard.chart.arrivalsLabel' })}>
      <figcaption className="small muted">
        <FormattedMessage
          id="wallboard.chart.arrivalsCaption"
          values={{ arrivals: <span className="key key-arrivals" />, answered: <span className="key key-answered" />, max }}
        />
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" data-testid="chart-arrivals">
        <line x1={PAD} x2={W} y1={H - PAD} y2={H - PAD} className="axis" />
        {shown.map((interval, index) => (
          <g key={interval.intervalStart}>
            <rect
              x={PAD + index * slot}
              y={y(interval.contactsQueued)}
              width={bar}
              height={H - PAD - y(interval.contactsQueued)}
              className="bar-arrivals"
            >
              <title>
                {intl.formatMessage(
                  { id: 'wallboard.chart.arrivalsBar' },
                  { time: hourLabel(intl, interval.intervalStart), arrived: interval.contactsQueued, answered: interval.contactsAnswered },
                )}
              </title>
            </rect>
            <rect
              x={PAD + index * slot + bar + 1}
              y={y(interval.contactsAnswered)}
              width={bar}
              height={H - PAD - y(interval.contactsAnswered)}
              className="bar-answered"
            />
          </g>
        ))}
        <AxisLabels items={shown.map((i) => i.intervalStart)} slot={slot} />
      </svg>
    </figure>
  );
}

/** Service level per 15-minute interval through the day (intervals with no contacts are gaps). */
export function ServiceLevelChart({ intervals, thresholdSeconds }: { intervals: AnalyticsInterval[]; thresholdSeconds: number }) {
  const intl = useIntl();
  const shown = trimToActivity(intervals);
  const slot = (W - PAD) / Math.max(1, shown.length);
  const y = (percent: number) => H - PAD - (percent / 100) * (H - PAD - 6);
  let path = '';
  let pen = false;
  shown.forEach((interval, index) => {
    if (interval.serviceLevelPercent === null) {
      pen = false;
      return;
    }
    path += `${pen ? 'L' : 'M'}${PAD + index * slot + slot / 2},${y(interval.serviceLevelPercent)}`;
    pen = true;
  });
  return (
    <figure className="chart" aria-label={intl.formatMessage({ id: 'wallboard.chart.serviceLevelLabel' })}>
      <figcaption className="small muted">
        <FormattedMessage id="wallboard.chart.serviceLevelCaption" values={{ seconds: thresholdSeconds }} />
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" data-testid="chart-service-level">
        <line x1={PAD} x2={W} y1={y(80)} y2={y(80)} className="target" />
        <line x1={PAD} x2={W} y1={H - PAD} y2={H - PAD} className="axis" />
        <text x={0} y={y(100) + 4} className="tick">
          100
        </text>
        <text x={0} y={y(80) + 4} className="tick">
          80
        </text>
        {path && <path d={path} className="line" />}
        {shown.map((interval, index) =>
          interval.serviceLevelPercent === null ? null : (
            <circle
              key={interval.intervalStart}
              cx={PAD + index * slot + slot / 2}
              cy={y(interval.serviceLevelPercent)}
              r={2}
              className="dot"
            />
          ),
        )}
        <AxisLabels items={shown.map((i) => i.intervalStart)} slot={slot} />
      </svg>
    </figure>
  );
}

/** Contacts in queue over the last hour. */
export function WaitingTrendChart({ points }: { points: AnalyticsWaitingPoint[] }) {
  const intl = useIntl();
  const max = Math.max(2, ...points.map((p) => p.contactsInQueue));
  const step = (W - PAD) / Math.max(1, points.length - 1);
  const y = (value: number) => H - PAD - (value / max) * (H - PAD - 6);
  const path = points.map((point, index) => `${index === 0 ? 'M' : 'L'}${PAD + index * step},${y(point.contactsInQueue)}`).join('');
  return (
    <figure className="chart" aria-label={intl.formatMessage({ id: 'wallboard.chart.waitingLabel' })}>
      <figcaption className="small muted">
        <FormattedMessage id="wallboard.chart.waitingCaption" values={{ max }} />
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" data-testid="chart-waiting">
        <line x1={PAD} x2={W} y1={H - PAD} y2={H - PAD} className="axis" />
        {path && <path d={path} className="line" />}
        {points.length > 0 && (
          <>
            <text x={PAD} y={H - 3} className="tick">
              {hourLabel(intl, points[0].at)}
            </text>
            <text x={W - 30} y={H - 3} className="tick">
              {hourLabel(intl, points[points.length - 1].at)}
            </text>
          </>
        )}
      </svg>
    </figure>
  );
}

function AxisLabels({ items, slot }: { items: string[]; slot: number }) {
  const intl = useIntl();
  const every = Math.max(1, Math.ceil(items.length / 6));
  return (
    <>
      {items.map((iso, index) =>
        index % every === 0 ? (
          <text key={iso} x={PAD + index * slot} y={H - 3} className="tick" data-testid="chart-tick" data-at={iso}>
            {hourLabel(intl, iso)}
          </text>
        ) : null,
      )}
    </>
  );
}

/** From the first interval with any contact (at most the last 8 hours), so the bars stay readable. */
function trimToActivity(intervals: AnalyticsInterval[]): AnalyticsInterval[] {
  const recent = intervals.slice(-32);
  const first = recent.findIndex((i) => i.contactsQueued + i.contactsAnswered + i.contactsAbandoned > 0);
  return first === -1 ? recent.slice(-8) : recent.slice(Math.min(first, Math.max(0, recent.length - 8)));
}
