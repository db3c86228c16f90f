import nodemailer from "nodemailer";
import type { EmailMessage } from "../../core/notifications";

export type Mailer = { send(to: string, message: EmailMessage): Promise<void>; close(): void };

/** An SMTP mailer for `smtp://user:pass@host:port` or `smtps://…`; null when no SMTP server is configured. */
export function createMailer(smtpUrl: string | undefined, from: string): Mailer | null {
  if (!smtpUrl) return null;
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(to, message) {
      await transport.sendMail({ from, to, subject: message.subject, text: message.text });
    },
    close() {
      transport.close();
    },
  };
}
