import { BusError, BusErrorCode, putAttachment, type AttachmentRef } from "@clawfleet/bus";
import { errorMessage } from "@clawfleet/core";
import * as z from "zod";
import { attachmentPolicy } from "../../domain/attachment-policy.js";
import { chatAttachmentSchema, decodeChatAttachments } from "../../domain/chat-attachments.js";
import { ErrorCode, GatewayError, invalidRequest } from "../../errors.js";
import type { GatewayDeps } from "../gateway-deps.js";

/** The `attachments` param of `chat.send` and `agent` (the 8-image limit is checked with a clear message). */
export const attachmentsParamSchema = z.array(chatAttachmentSchema).max(64).optional();

/** The `message` param of methods that take attachments: may be empty when images come with it. */
export const messageParamSchema = z.string().max(100_000).default("");

/** Refuses a request with neither text nor attachments, as OpenClaw does. */
export function requireMessageOrAttachments(message: string, attachments: unknown[] | undefined) {
  if (message.trim().length === 0 && !attachments?.length)
    throw invalidRequest("message must not be empty");
}

/** The decoded images of a request, or an INVALID_REQUEST naming the first file refused and why. */
export function checkAttachments(
  deps: Pick<GatewayDeps, "config">,
  attachments: z.output<typeof attachmentsParamSchema>,
) {
  if (!attachments?.length) return [];
  const decoded = decodeChatAttachments(attachments, attachmentPolicy(deps.config()));
  if (!decoded.ok) throw invalidRequest(decoded.error, { type: "attachment_refused" });
  return decoded.images;
}

/** Stores checked images in the `attachments` object store; the references go on the inbox input. */
export async function storeAttachments(
  deps: Pick<GatewayDeps, "bus">,
  images: ReturnType<typeof checkAttachments>,
): Promise<AttachmentRef[]> {
  const refs: AttachmentRef[] = [];
  for (const image of images) {
    try {
      refs.push(await putAttachment(deps.bus, image));
    } catch (error) {
      if (error instanceof BusError && error.code === BusErrorCode.BadRequest)
        throw invalidRequest(error.message);
      throw new GatewayError(
        ErrorCode.Unavailable,
        `could not store the image: ${errorMessage(error)}`,
        {
          cause: error,
        },
      );
    }
  }
  return refs;
}
