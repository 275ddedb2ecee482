import { nextDeliveryStatus } from './delivery-progress';

describe('nextDeliveryStatus', () => {
  it('moves a reply forward as the channel reports progress', () => {
    expect(nextDeliveryStatus('pending', 'sent')).toBe('sent');
    expect(nextDeliveryStatus('sent', 'delivered')).toBe('delivered');
    expect(nextDeliveryStatus('delivered', 'read')).toBe('read');
  });

  it('never goes backwards when callbacks arrive out of order, and ignores a repeat', () => {
    expect(nextDeliveryStatus('read', 'delivered')).toBeNull();
    expect(nextDeliveryStatus('delivered', 'sent')).toBeNull();
    expect(nextDeliveryStatus('sent', 'sent')).toBeNull();
  });

  it('always records a failure, and a later success of a retry', () => {
    expect(nextDeliveryStatus('delivered', 'failed')).toBe('failed');
    expect(nextDeliveryStatus('pending', 'failed')).toBe('failed');
    expect(nextDeliveryStatus('failed', 'delivered')).toBe('delivered');
    expect(nextDeliveryStatus('failed', 'failed')).toBeNull();
    expect(nextDeliveryStatus('failed', 'sent')).toBeNull();
  });
});
