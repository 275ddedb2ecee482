import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const fakeCallSid = () => `CA${randomBytes(16).toString('hex')}`;

/** Twilio's X-Twilio-Signature over a URL and POST parameters (https://www.twilio.com/docs/usage/security). */
export function twilioRequestSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(data).digest('base64');
}

/** The value of one attribute of the first element named `verb` in a TwiML document. */
export function twimlAttribute(document: string, verb: string, attribute: string): string | undefined {
  const element = new RegExp(`<${verb}\\b[^>]*>`).exec(document)?.[0];
  const value = element && new RegExp(`\\b${attribute}="([^"]*)"`).exec(element)?.[1];
  return value
    ?.replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The text inside the first element named `verb`. */
export function twimlText(document: string, verb: string): string | undefined {
  return new RegExp(`<${verb}\\b[^>]*>([^<]*)</${verb}>`).exec(document)?.[1];
}

/**
 * Plays Twilio Programmable Voice for tests: its Calls REST API (every request recorded, answered
 * as Twilio answers) and the signed webhooks Twilio sends to the URLs Garda's own TwiML names
 * (relative ones resolved against Garda's base URL, as Twilio resolves them).
 */
export class FakeTwilioVoice {
  readonly requests: Array<{ method: string; path: string; form: URLSearchParams }> = [];
  private server: Server | undefined;
  url = '';

  constructor(
    private readonly garda: () => string,
    readonly accountSid: string,
    private readonly authToken: string,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '';
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        this.requests.push({ method: request.method ?? '', path, form });
        const placing = path.endsWith('/Calls.json');
        const sid = placing ? fakeCallSid() : /\/Calls\/(CA[0-9a-f]{32})\.json$/.exec(path)?.[1];
        response.writeHead(placing ? 201 : 200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            sid,
            account_sid: this.accountSid,
            to: form.get('To'),
            from: form.get('From'),
            status: placing ? 'queued' : 'in-progress',
          }),
        );
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** TwiML of the requests that redirected a live call (POST …/Calls/{CallSid}.json). */
  updates(sid: string): string[] {
    return this.requests
      .filter((request) => request.path === `/2010-04-01/Accounts/${this.accountSid}/Calls/${sid}.json`)
      .map((request) => request.form.get('Twiml') ?? '');
  }

  /** Form fields of the calls Garda placed (POST …/Calls.json). */
  placed(): URLSearchParams[] {
    return this.requests.filter((request) => request.path === `/2010-04-01/Accounts/${this.accountSid}/Calls.json`).map((r) => r.form);
  }

  /** A webhook as Twilio sends it, signed unless `signature` says otherwise (null: no header). */
  async webhook(url: string, params: Record<string, string>, signature?: string | null): Promise<{ status: number; twiml: string }> {
    const absolute = new URL(url, this.garda()).toString();
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    const signed = signature === undefined ? twilioRequestSignature(this.authToken, absolute, params) : signature;
    if (signed !== null) headers['x-twilio-signature'] = signed;
    const response = await fetch(absolute, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
    return { status: response.status, twiml: await response.text() };
  }

  /** The parameters Twilio sends about a call. */
  callParams(sid: string, from: string, to: string, extra: Record<string, string> = {}): Record<string, string> {
    return { CallSid: sid, AccountSid: this.accountSid, From: from, To: to, CallStatus: 'ringing', Direction: 'inbound', ...extra };
  }
}
