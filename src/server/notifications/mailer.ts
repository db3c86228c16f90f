import type { Transporter } from "nodemailer";
import type { EmailMessage } from "../../core/notifications";

export type Mailer = { send(to: string, message: EmailMessage): Promise<void>; close(): void };

/** An SMTP mailer for `smtp://user:pass@host:port` or `smtps://…`; null when no SMTP server is configured. */
export function createMailer(smtpUrl: string | undefined, from: string): Mailer | null {
  if (!smtpUrl) return null;
  // nodemailer (650 KB of JavaScript) loads with the first e-mail, not at every start.
  let transport: Promise<Transporter> | undefined;
  const open = () => (transport ??= import("nodemailer").then(({ default: nodemailer }) => nodemailer.createTransport(smtpUrl)));
  return {
    async send(to, message) {
      await (await open()).sendMail({ from, to, subject: message.subject, text: message.text });
    },
    close() {
      void transport?.then((opened) => opened.close());
    },
  };
}
