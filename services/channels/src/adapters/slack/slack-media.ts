import { mediaKindOf, type InboundMedia } from "../../domain/inbound-media.js";
import { downloadCapped } from "../../media/capped-download.js";
import type { SlackFile } from "./slack-normalize.js";

/**
 * Whether the bot token may be sent to this file URL: https on files.slack.com, or the origin of the
 * configured Web API base (a test Slack). The token never goes anywhere else.
 */
export function isSlackFileUrl(url: string, apiBase: string | undefined): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === "https:" && parsed.hostname === "files.slack.com") return true;
  return apiBase !== undefined && parsed.origin === new URL(apiBase).origin;
}

/** A file shared on Slack as inbound media: its `url_private`, fetched with the bot token as Bearer. */
export function slackInboundMedia(
  file: SlackFile,
  token: string,
  apiBase: string | undefined,
): InboundMedia {
  const url = file.url_private;
  return {
    kind: mediaKindOf(file.mimetype),
    mimeType: file.mimetype,
    fileName: file.name,
    size: file.size,
    fetch: async (limits) =>
      url && isSlackFileUrl(url, apiBase)
        ? downloadCapped(url, { ...limits, headers: { authorization: `Bearer ${token}` } })
        : { ok: false, reason: "could not be fetched: not a Slack file URL" },
  };
}
