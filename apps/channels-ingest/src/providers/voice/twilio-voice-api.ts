import type { OutboundGuard } from '@garda/service-kit';
import { deliverWithRetries, type DeliveryOutcome, type RetryPolicy } from '../../delivery/http-delivery';
import type { VoiceAccountConfig } from './voice-config';

/**
 * Twilio's Calls REST resource (https://www.twilio.com/docs/voice/api/call-resource), form-encoded
 * with HTTP Basic (Account SID, auth token): redirect a live call to new TwiML, or place a call.
 */
export class TwilioVoiceApi {
  constructor(
    private readonly config: VoiceAccountConfig,
    private readonly authToken: string,
    private readonly retryPolicy: RetryPolicy,
    private readonly guard: OutboundGuard,
  ) {}

  /** POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json with Twiml: the call leaves what it was doing. */
  updateCall(callSid: string, twimlDocument: string): Promise<DeliveryOutcome> {
    return this.post(`/Calls/${encodeURIComponent(callSid)}.json`, { Twiml: twimlDocument });
  }

  /** POST /2010-04-01/Accounts/{AccountSid}/Calls.json: a new outbound call that runs the TwiML once answered. */
  createCall(call: { to: string; twiml: string; statusCallback?: string; timeoutSeconds: number }): Promise<DeliveryOutcome> {
    return this.post('/Calls.json', {
      To: call.to,
      From: this.config.phoneNumber,
      Twiml: call.twiml,
      Timeout: String(call.timeoutSeconds),
      ...(call.statusCallback
        ? {
            StatusCallback: call.statusCallback,
            StatusCallbackMethod: 'POST',
            StatusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
          }
        : {}),
    });
  }

  private post(path: string, fields: Record<string, string | string[]>): Promise<DeliveryOutcome> {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const item of Array.isArray(value) ? value : [value]) form.append(name, item);
    return deliverWithRetries(
      {
        url: `${this.config.apiBaseUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${this.config.accountSid}${path}`,
        headers: {
          authorization: `Basic ${Buffer.from(`${this.config.accountSid}:${this.authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: form.toString(),
      },
      this.retryPolicy,
      (url, init) => this.guard.fetch(url, init),
    );
  }
}
