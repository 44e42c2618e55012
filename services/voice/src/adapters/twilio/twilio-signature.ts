type ValidateRequest = (
  authToken: string,
  signature: string,
  url: string,
  params: Record<string, string>,
) => boolean;

let validator: Promise<ValidateRequest> | undefined;

/** Loads only the SDK's webhook module (a few MB), not the whole REST client, on first use. */
function loadValidator(): Promise<ValidateRequest> {
  validator ??= import("twilio/lib/webhooks/webhooks.js").then((module) => {
    // The CommonJS module's exports arrive as the default export under ESM.
    const exports = module as unknown as {
      default?: { validateRequest?: ValidateRequest };
      validateRequest?: ValidateRequest;
    };
    const validate = exports.validateRequest ?? exports.default?.validateRequest;
    if (!validate) throw new Error("twilio: validateRequest not found");
    return validate;
  });
  return validator;
}

/**
 * The one of `urls` that `X-Twilio-Signature` was computed over (Twilio signs the exact URL it
 * called plus the form parameters; the SDK also tries it with and without the default port), or
 * undefined when the signature is missing or matches none.
 */
export async function findSignedUrl(
  authToken: string,
  signature: string | undefined,
  urls: readonly string[],
  params: Record<string, string>,
): Promise<string | undefined> {
  if (!signature) return undefined;
  const validate = await loadValidator();
  return urls.find((url) => validate(authToken, signature, url, params));
}
