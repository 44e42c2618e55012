import { TelegramApiError } from "./telegram-types.js";

/**
 * Typed access to Bot API parameters whatever the body encoding: form and multipart values
 * arrive as strings (objects as JSON text), JSON bodies as real values.
 */
export class TelegramParams {
  readonly raw: Readonly<Record<string, unknown>>;

  constructor(raw: Record<string, unknown>) {
    this.raw = raw;
  }

  /** Whether the parameter is present and not empty. */
  has(name: string): boolean {
    const value = this.raw[name];
    return value !== undefined && value !== null && value !== "";
  }

  /** A string parameter, or undefined. */
  str(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    return typeof value === "string" ? value : String(value);
  }

  /** An integer parameter, or undefined; a non-number is a 400 as on Telegram. */
  int(name: string): number | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === "") return undefined;
    const number = typeof value === "number" ? value : Number(value);
    if (!Number.isInteger(number))
      throw new TelegramApiError(400, `Bad Request: invalid ${name} specified`);
    return number;
  }

  /** A boolean parameter (`true`/`"true"`), or undefined. */
  bool(name: string): boolean | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    return value === true || value === "true" || value === "1";
  }

  /** An object or array parameter (JSON-decoded when it came as text), or undefined. */
  obj<T>(name: string): T | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value !== "string") return value as T;
    try {
      return JSON.parse(value) as T;
    } catch {
      throw new TelegramApiError(400, `Bad Request: can't parse ${name} JSON object`);
    }
  }

  /** `chat_id` as a number or an `@username` string; missing is Telegram's "chat_id is empty". */
  chatId(): number | string {
    const value = this.raw["chat_id"];
    if (value === undefined || value === null || value === "")
      throw new TelegramApiError(400, "Bad Request: chat_id is empty");
    if (typeof value === "number") return value;
    const text = String(value);
    return /^-?\d+$/.test(text) ? Number(text) : text;
  }
}
