/**
 * Delivers a message by SMTP through nodemailer, loaded only when an e-mail
 * is sent (most commands never need it), with short timeouts so that an
 * unreachable server costs seconds, not minutes.
 *
 * @example
 * await sendEmail({ smtpUrl: 'smtp://127.0.0.1:2525', from: 'trellis@localhost', to: ['ops@example.com'], timeoutMs: 5000 }, message);
 */
import { emailContent, type NotifyMessage } from './message.ts';

export interface EmailTarget {
  readonly smtpUrl: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly timeoutMs: number;
}

export async function sendEmail(target: EmailTarget, message: NotifyMessage): Promise<void> {
  const { default: nodemailer } = await import('nodemailer');
  const url = new URL(target.smtpUrl);
  const secure = url.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : secure ? 465 : 587, secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // A plain smtp:// URL to a server offering no STARTTLS (a local relay) is sent as is; one that offers it upgrades.
    connectionTimeout: target.timeoutMs, greetingTimeout: target.timeoutMs, socketTimeout: target.timeoutMs,
  });
  try {
    const { subject, text } = emailContent(message);
    await transport.sendMail({ from: target.from, to: [...target.to], subject, text });
  } finally {
    transport.close();
  }
}
