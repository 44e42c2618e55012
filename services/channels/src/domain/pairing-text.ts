const PLATFORM_NAMES: Record<string, string> = { telegram: "Telegram", discord: "Discord" };

/** The one reply an unknown DM sender gets under `dmPolicy: pairing`: their id, the code, and how the owner approves it. */
export function pairingReplyText(channel: string, senderId: string, code: string): string {
  const platform = PLATFORM_NAMES[channel] ?? channel;
  return [
    "clawfleet: access not configured.",
    "",
    `Your ${platform} user id: ${senderId}`,
    "",
    `Pairing code: ${code}`,
    "",
    "Ask the bot owner to approve with:",
    `clawfleet pairing approve ${channel} ${code}`,
  ].join("\n");
}

/** The note an approved sender gets when the operator asks to notify them. */
export const PAIRING_APPROVED_TEXT = "✅ Access approved. Send a message to start chatting.";
