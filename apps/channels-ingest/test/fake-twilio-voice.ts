import { randomBytes } from 'node:crypto';
import { FakeProvider, type ReceivedRequest } from './fake-provider';
import { twilioSign } from './provider-fixtures';

export const callSid = () => `CA${randomBytes(16).toString('hex')}`;

/** The value of one attribute of the first element named `verb` in a TwiML document. */
export function twimlAttribute(document: string, verb: string, attribute: string): string | undefined {
  const element = new RegExp(`<${verb}\\b[^>]*>`).exec(document)?.[0];
  const value = element && new RegExp(`\\b${attribute}="([^"]*)"`).exec(element)?.[1];
  return value
    ?.replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&apos;/g, "'");
}

export function twimlText(document: string, verb: string): string | undefined {
  return new RegExp(`<${verb}\\b[^>]*>([^<]*)</${verb}>`).exec(document)?.[1];
}

/**
 * Plays Twilio for voice: its Calls REST API (recording every request, answering as Twilio does)
 * and the signed webhooks Twilio sends to the URLs Garda's own TwiML names (relative ones resolved
 * against the request that returned them, as Twilio does).
 */
export class FakeTwilioVoice {
  readonly rest = new FakeProvider((request) => this.answer(request));

  constructor(
    private readonly garda: () => string,
    private readonly accountSid: string,
    private readonly authToken: string,
  ) {}

  start() {
    return this.rest.start();
  }

  stop() {
    return this.rest.stop();
  }

  get url(): string {
    return this.rest.url;
  }

  /** Requests that redirected a live call (POST …/Calls/{CallSid}.json), with their TwiML. */
  updates(sid: string): Array<{ twiml: string }> {
    return this.rest
      .to(`/2010-04-01/Accounts/${this.accountSid}/Calls/${sid}.json`)
      .map((request) => ({ twiml: new URLSearchParams(request.body).get('Twiml') ?? '' }));
  }

  /** Calls Garda placed (POST …/Calls.json), with their form fields. */
  placed(): URLSearchParams[] {
    return this.rest.to(`/2010-04-01/Accounts/${this.accountSid}/Calls.json`).map((request) => new URLSearchParams(request.body));
  }

  /** A signed webhook, as Twilio sends it; `url` may be relative to Garda's base. */
  async webhook(url: string, params: Record<string, string>, signature?: string | null): Promise<{ status: number; twiml: string }> {
    const absolute = new URL(url, this.garda()).toString();
    const body = new URLSearchParams(params).toString();
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    const signed = signature === undefined ? twilioSign(this.authToken, absolute, params) : signature;
    if (signed !== null) headers['x-twilio-signature'] = signed;
    const response = await fetch(absolute, { method: 'POST', headers, body });
    return { status: response.status, twiml: await response.text() };
  }

  /** The parameters Twilio sends about a call. */
  callParams(sid: string, from: string, to: string, extra: Record<string, string> = {}): Record<string, string> {
    return { CallSid: sid, AccountSid: this.accountSid, From: from, To: to, CallStatus: 'ringing', Direction: 'inbound', ...extra };
  }

  private answer(request: ReceivedRequest) {
    if (request.path.endsWith('/Calls.json')) {
      const form = new URLSearchParams(request.body);
      return {
        status: 201,
        body: { sid: callSid(), account_sid: this.accountSid, to: form.get('To'), from: form.get('From'), status: 'queued' },
      };
    }
    const sid = /\/Calls\/(CA[0-9a-f]{32})\.json$/.exec(request.path)?.[1];
    return { status: 200, body: { sid, account_sid: this.accountSid, status: 'in-progress' } };
  }
}
