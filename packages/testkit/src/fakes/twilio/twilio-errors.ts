/** A REST failure with Twilio's JSON error body (`code`, `message`, `more_info`, `status`). */
export class TwilioApiError extends Error {
  readonly status: number;
  readonly body: { code: number; message: string; more_info: string; status: number };

  constructor(status: number, code: number, message: string) {
    super(message);
    this.name = "TwilioApiError";
    this.status = status;
    this.body = { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
  }
}
