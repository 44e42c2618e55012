import type { CallAction } from "../../domain/call-flow.js";

/** Where the TwiML of a call sends Twilio next. */
export interface TwimlUrls {
  /** Gather action: the caller's speech for turn `turn`. */
  speech(turn: number): string;
  /** Where Twilio goes when a Gather ends without speech. */
  silence(turn: number): string;
  /** Where Twilio asks again while the agent thinks. */
  wait(): string;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] ?? c,
  );
}

/** A TwiML document with these verbs (already rendered) inside `<Response>`. */
export function twimlResponse(verbs: string[] = []): string {
  return `${XML_HEAD}<Response>${verbs.join("")}</Response>`;
}

/**
 * Renders call actions as TwiML: what is said right before a listen is nested in its
 * `<Gather input="speech">` (the caller may interrupt it); a Gather that hears nothing falls
 * through to a `<Redirect>` to the silence URL; `wait` is a `<Redirect>` to the wait URL.
 */
export function renderTwiml(actions: readonly CallAction[], urls: TwimlUrls): string {
  const verbs: string[] = [];
  let says: string[] = [];
  const flush = () => {
    verbs.push(...says);
    says = [];
  };
  for (const action of actions) {
    if (action.kind === "say") {
      says.push(`<Say>${escapeXml(action.text)}</Say>`);
    } else if (action.kind === "listen") {
      verbs.push(
        `<Gather input="speech" method="POST" speechTimeout="auto" timeout="5" action="${escapeXml(urls.speech(action.turn))}">${says.join("")}</Gather>`,
      );
      verbs.push(`<Redirect method="POST">${escapeXml(urls.silence(action.turn))}</Redirect>`);
      says = [];
    } else if (action.kind === "wait") {
      flush();
      verbs.push(`<Redirect method="POST">${escapeXml(urls.wait())}</Redirect>`);
    } else {
      flush();
      verbs.push("<Hangup/>");
    }
  }
  flush();
  return twimlResponse(verbs);
}
