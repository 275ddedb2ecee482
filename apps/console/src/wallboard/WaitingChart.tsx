import { FormattedMessage, useIntl } from 'react-intl';
import type { WaitingSample } from './useWallboard';

/** Waiting contacts over the last hour (as seen since this page opened), as a step line. */
export function WaitingChart({ samples, now }: { samples: WaitingSample[]; now: number }) {
  const intl = useIntl();
  const width = 360;
  const height = 64;
  const from = now - 60 * 60 * 1000;
  const max = Math.max(2, ...samples.map((s) => s.waiting));
  const x = (at: number) => ((Math.max(at, from) - from) / (now - from)) * width;
  const y = (waiting: number) => height - 4 - (waiting / max) * (height - 12);
  let path = '';
  samples.forEach((sample, index) => {
    path += index === 0 ? `M${x(sample.at)},${y(sample.waiting)}` : `H${x(sample.at)}V${y(sample.waiting)}`;
  });
  if (samples.length) path += `H${width}`;
  return (
    <figure className="chart" aria-label={intl.formatMessage({ id: 'wallboard.chart.waitingLabel' })}>
      <figcaption className="small muted">
        <FormattedMessage id="wallboard.chart.waitingCaption" values={{ max }} />
      </figcaption>
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img">
        <line x1="0" x2={width} y1={height - 4} y2={height - 4} className="axis" />
        {path && <path d={path} className="line" />}
      </svg>
    </figure>
  );
}
