import type { Api } from "grammy";
import type { InboundMedia } from "../../domain/inbound-media.js";
import { errorMessage } from "../../errors.js";
import { downloadCapped } from "../../media/capped-download.js";
import { grammySignal } from "./grammy-compat.js";
import type { TelegramMediaRef } from "./telegram-normalize.js";

/** The Bot API root files are downloaded from when `apiRoot` is not configured. */
const DEFAULT_API_ROOT = "https://api.telegram.org";

/**
 * A Telegram file as inbound media: `getFile` names its path, then the bytes come from
 * `{apiRoot}/file/bot<token>/<file_path>` (the Bot API's download URL; the token is in the path, so
 * the URL is never logged).
 */
export function telegramInboundMedia(
  ref: TelegramMediaRef,
  api: Api,
  token: string,
  apiRoot: string | undefined,
): InboundMedia {
  return {
    kind: ref.kind,
    mimeType: ref.mimeType,
    fileName: ref.fileName,
    size: ref.size,
    fetch: async (limits) => {
      let filePath: string | undefined;
      try {
        filePath = (await api.getFile(ref.fileId, grammySignal(limits.signal))).file_path;
      } catch (error) {
        return { ok: false, reason: `could not be fetched: ${errorMessage(error)}` };
      }
      if (!filePath) return { ok: false, reason: "could not be fetched: no file path" };
      const root = (apiRoot ?? DEFAULT_API_ROOT).replace(/\/+$/, "");
      return downloadCapped(`${root}/file/bot${token}/${filePath}`, limits);
    },
  };
}
