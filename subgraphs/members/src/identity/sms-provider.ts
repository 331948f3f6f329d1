import { appendFileSync } from 'node:fs';
import type { Logger } from 'pino';

/** Sends one text message. Production plugs in a carrier (阿里云短信, 腾讯云短信) behind this. */
export interface SmsProvider {
  send(phone: string, text: string): Promise<void>;
}

/**
 * Development: the message goes to the log (and, when a file is named, one JSON line per message
 * there, which is how the API tests read the codes a real member would get by SMS).
 */
export function devSmsProvider(logger: Logger, file?: string): SmsProvider {
  return {
    async send(phone, text) {
      logger.info({ sms: { phone, text } }, 'development SMS (not sent)');
      if (file) appendFileSync(file, `${JSON.stringify({ phone, text, at: new Date().toISOString() })}\n`);
    },
  };
}

/**
 * No provider configured (production until a carrier is plugged in): nothing is sent and the member is
 * told so. Development's provider writes codes to the log, which production must never do.
 */
export function noSmsProvider(): SmsProvider {
  return {
    async send() {
      throw new Error('no SMS provider is configured');
    },
  };
}
