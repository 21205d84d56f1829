import nodemailer from 'nodemailer';

/**
 * Mail through the operator's SMTP server (`SMTP_URL`, e.g. `smtp://user:pass@mail:587`),
 * for invitations and password resets. Without one the site sends nothing and links are
 * made with the command line instead.
 */
export function createMailer(smtpUrl: string, from: string) {
  const transport = nodemailer.createTransport(smtpUrl);
  return async (m: { to: string; subject: string; text: string }): Promise<void> => {
    await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
  };
}
