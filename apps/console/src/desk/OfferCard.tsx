import type { OfferMadeV1 } from '@garda/contracts';
import { FormattedMessage, useIntl } from 'react-intl';
import { ChannelIcon, channelLabel } from '../ui/ChannelIcon';
import { useNow } from '../ui/useNow';

/** An incoming contact with a visible countdown; Alt+A accepts, Alt+R rejects. */
export function OfferCard({
  offer,
  busy,
  onAccept,
  onReject,
}: {
  offer: OfferMadeV1;
  busy: boolean;
  onAccept: () => void;
  onReject: () => void;
}) {
  const intl = useIntl();
  const now = useNow(250);
  const total = Math.max(1, Date.parse(offer.expiresAt) - Date.parse(offer.offeredAt));
  const left = Math.max(0, Date.parse(offer.expiresAt) - now);
  const fraction = left / total;
  return (
    <section
      className="offer-card"
      data-testid="offer-card"
      data-contact-id={offer.contactId}
      aria-label={intl.formatMessage({ id: 'desk.offer.label' })}
      role="alert"
    >
      <header>
        <ChannelIcon channel={offer.channel} />
        <strong>{offer.customerName ?? intl.formatMessage({ id: 'desk.offer.newCustomer' })}</strong>
        <span className="muted">
          {channelLabel(intl, offer.channel)} · {offer.queueName}
        </span>
        <span className="offer-countdown" data-testid="offer-countdown">
          <FormattedMessage id="desk.offer.secondsLeft" values={{ seconds: Math.ceil(left / 1000) }} />
        </span>
      </header>
      {offer.preview && (
        <p className="offer-preview">
          <FormattedMessage id="desk.offer.preview" values={{ text: offer.preview }} />
        </p>
      )}
      <div className="countdown-bar" aria-hidden>
        <div className={fraction < 0.3 ? 'urgent' : ''} style={{ width: `${fraction * 100}%` }} />
      </div>
      <div className="offer-actions">
        <button data-testid="offer-accept" className="primary" disabled={busy} onClick={onAccept}>
          <FormattedMessage id="desk.offer.accept" /> <kbd>Alt+A</kbd>
        </button>
        <button data-testid="offer-reject" disabled={busy} onClick={onReject}>
          <FormattedMessage id="desk.offer.reject" /> <kbd>Alt+R</kbd>
        </button>
      </div>
    </section>
  );
}
