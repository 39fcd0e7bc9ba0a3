/** The baseline's one activity: one message with nodemailer, nothing rendered, nothing recorded. */
import type { Transporter } from 'nodemailer';

export function baselineActivities(transport: Transporter, from: string) {
  return {
    async sendOne(to: string, messageId: string): Promise<void> {
      await transport.sendMail({ from, to, subject: 'baseline', text: 'baseline', messageId });
    },
  };
}

export type BaselineActivities = ReturnType<typeof baselineActivities>;
