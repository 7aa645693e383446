/**
 * Sending a composed message: through SMTP (nodemailer) when PATINA_SMTP_URL is set, else as an
 * `.eml` file (the RFC 822 bytes nodemailer would have sent) in `<dataDir>/outbox`. nodemailer
 * writes the headers, so a value can never add one; the subject is also kept to one line by the
 * composer. A failure throws: the caller records it and retries later.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { createTransport, type Transporter } from "nodemailer";

/** One message to one recipient. */
export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** A stable id of the message (the notice's key): the Message-ID and the outbox file name. */
  readonly noticeKey: string;
}

/** Sends messages. */
export interface Mailer {
  /** "smtp" or "outbox": for logs and the CLI. */
  readonly kind: "smtp" | "outbox";
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  readonly smtpUrl: string | undefined;
  readonly from: string;
  readonly dataDir: string;
  /** The host part of Message-IDs (the public URL's host). */
  readonly messageIdHost: string;
}

/** SMTP timeouts well inside a notice's sending lease; the URL's own query options override them. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** The mailer the configuration asks for. */
export function createMailer(options: MailerOptions): Mailer {
  return options.smtpUrl === undefined ? outboxMailer(options) : smtpMailer(options, options.smtpUrl);
}

function messageOf(mail: OutgoingMail, options: MailerOptions) {
  return {
    from: options.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: `<${mail.noticeKey.replace(/[^A-Za-z0-9.-]/g, ".")}@${options.messageIdHost}>`,
  };
}

function smtpMailer(options: MailerOptions, smtpUrl: string): Mailer {
  const transport: Transporter = createTransport({ ...SMTP_TIMEOUTS, url: smtpUrl });
  return {
    kind: "smtp",
    async send(mail) {
      await transport.sendMail(messageOf(mail, options));
    },
    close: () => transport.close(),
  };
}

function outboxMailer(options: MailerOptions): Mailer {
  const transport = createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  const outbox = path.join(options.dataDir, "outbox");
  return {
    kind: "outbox",
    async send(mail) {
      const info = await transport.sendMail(messageOf(mail, options));
      const bytes = info.message;
      if (!Buffer.isBuffer(bytes)) throw new Error("the outbox transport produced no message bytes");
      await fs.mkdir(outbox, { recursive: true });
      const name = `${mail.noticeKey.replace(/[^A-Za-z0-9.-]/g, "_")}.eml`;
      // Written whole, then renamed: a reader of the outbox never sees half a message.
      const temporary = path.join(outbox, `.${name}.tmp`);
      await fs.writeFile(temporary, bytes);
      await fs.rename(temporary, path.join(outbox, name));
    },
    close: () => transport.close(),
  };
}
