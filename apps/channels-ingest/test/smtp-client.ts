import { connect, type Socket } from 'node:net';

/**
 * A bare SMTP client over a TCP socket, for what a well-behaved library would never do: stream
 * past the size limit without announcing SIZE, or hold connections open from a chosen source
 * address (any of 127.0.0.0/8 on Linux).
 */
export class RawSmtpClient {
  private buffer = '';
  private waiting: Array<(line: string) => void> = [];
  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      this.buffer += data;
      this.flush();
    });
  }

  static async open(port: number, localAddress = '127.0.0.1'): Promise<{ client: RawSmtpClient; greeting: string }> {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const client = new RawSmtpClient(socket);
    return { client, greeting: await client.reply() };
  }

  /** The next complete reply (the last line of a multi-line one), or 'closed'. */
  reply(): Promise<string> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.flush();
      this.socket.once('close', () => resolve('closed'));
    });
  }

  async command(line: string): Promise<string> {
    this.socket.write(`${line}\r\n`);
    return this.reply();
  }

  /** Writes `bytes` of message body in 998-character lines, honouring backpressure, then the final dot. */
  async streamData(bytes: number): Promise<string> {
    const line = Buffer.from(`${'x'.repeat(998)}\r\n`);
    const chunk = Buffer.concat(Array.from({ length: 64 }, () => line));
    for (let sent = 0; sent < bytes; sent += chunk.length) {
      if (!this.socket.write(chunk)) await new Promise((resolve) => this.socket.once('drain', resolve));
    }
    this.socket.write('\r\n.\r\n');
    return this.reply();
  }

  close(): void {
    this.socket.destroy();
  }

  private flush(): void {
    for (;;) {
      const match = /^(\d{3}) [^\r\n]*\r\n/m.exec(this.buffer);
      if (!match || this.waiting.length === 0) return;
      const end = match.index + match[0].length;
      this.buffer = this.buffer.slice(end);
      this.waiting.shift()!(match[0].trim());
    }
  }
}
