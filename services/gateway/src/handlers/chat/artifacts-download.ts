import { ATTACHMENT_REF_PATTERN, getAttachment } from "@clawfleet/bus";
import { errorMessage, sniffImageType } from "@clawfleet/core";
import * as z from "zod";
import { ErrorCode, GatewayError, invalidRequest } from "../../errors.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

const paramsSchema = z.looseObject({
  sessionKey: z.string().max(512).optional(),
  agentId: z.string().max(64).optional(),
  artifactId: z.string().min(1).max(512),
  transport: z.string().max(32).optional(),
});

function noLongerStored(artifactId: string): GatewayError {
  return invalidRequest("image no longer stored", { type: "artifact_not_found", artifactId });
}

/**
 * `artifacts.download`: the bytes of an image a chat message carried (the `artifactId` of a
 * `chat.history` image block), base64 in the response. Images are content-addressed, so the id
 * alone names them. `transport: "http"` (a one-time download URL in OpenClaw) is answered inline
 * too, as OpenClaw does when it cannot issue a URL: clawfleet has no artifact download route.
 */
export function artifactsDownloadMethod(deps: Pick<GatewayDeps, "bus">): MethodDef {
  return defineMethod("artifacts.download", Scope.Read, paramsSchema, async (params) => {
    if (!ATTACHMENT_REF_PATTERN.test(params.artifactId)) throw noLongerStored(params.artifactId);
    let bytes: Uint8Array | undefined;
    try {
      bytes = await getAttachment(deps.bus, params.artifactId);
    } catch (error) {
      throw new GatewayError(
        ErrorCode.Unavailable,
        `could not read the image: ${errorMessage(error)}`,
        { cause: error },
      );
    }
    const mimeType = bytes && sniffImageType(bytes);
    if (!bytes || !mimeType) throw noLongerStored(params.artifactId);
    return {
      artifact: { id: params.artifactId, type: "image", mimeType, sizeBytes: bytes.length },
      encoding: "base64",
      data: Buffer.from(bytes).toString("base64"),
    };
  });
}
