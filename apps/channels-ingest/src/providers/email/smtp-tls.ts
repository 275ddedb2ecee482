import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { ConfigError } from '@garda/service-kit';
import type { ChannelsIngestConfig } from '../../channels-ingest.config';

export interface SmtpTls {
  key: Buffer;
  cert: Buffer;
}

/**
 * The certificate the SMTP listener offers with STARTTLS, read and checked at start: a missing
 * file, a key that does not match its certificate, or only one of the two variables stops the
 * service with a message naming the variable, instead of a listener that silently speaks plaintext.
 */
export function smtpTlsFrom(
  config: Pick<ChannelsIngestConfig, 'SMTP_TLS_CERT_FILE' | 'SMTP_TLS_KEY_FILE' | 'SMTP_REQUIRE_TLS'>,
): SmtpTls | undefined {
  const { SMTP_TLS_CERT_FILE: certFile, SMTP_TLS_KEY_FILE: keyFile } = config;
  if (!certFile && !keyFile) {
    if (config.SMTP_REQUIRE_TLS)
      throw new ConfigError('channels-ingest', ['SMTP_REQUIRE_TLS: needs SMTP_TLS_CERT_FILE and SMTP_TLS_KEY_FILE']);
    return undefined;
  }
  if (!certFile || !keyFile)
    throw new ConfigError('channels-ingest', [
      `${certFile ? 'SMTP_TLS_KEY_FILE' : 'SMTP_TLS_CERT_FILE'}: must be set together with ${certFile ? 'SMTP_TLS_CERT_FILE' : 'SMTP_TLS_KEY_FILE'}`,
    ]);
  const read = (variable: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new ConfigError('channels-ingest', [`${variable}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
    }
  };
  const tls = { cert: read('SMTP_TLS_CERT_FILE', certFile), key: read('SMTP_TLS_KEY_FILE', keyFile) };
  try {
    createSecureContext(tls);
  } catch (error) {
    throw new ConfigError('channels-ingest', [
      `SMTP_TLS_CERT_FILE/SMTP_TLS_KEY_FILE: not a usable certificate and key (${(error as Error).message})`,
    ]);
  }
  return tls;
}
