const STALL_KEY = "clawfleet.chatStallSeconds";
const DEFAULT_STALL_SECONDS = 60;

/**
 * How long a streaming reply may stay silent before the chat gives it up as stalled: 60 s, or the
 * seconds in local storage under `clawfleet.chatStallSeconds` (for slow models or tools).
 */
export function chatStallMs(): number {
  const seconds = Number(localStorage.getItem(STALL_KEY));
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_STALL_SECONDS) * 1000;
}
