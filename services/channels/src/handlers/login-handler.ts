import { BusError, BusErrorCode, ChannelLogin, ChannelLogout, type Bus } from "@clawfleet/bus";
import type { AccountSpec } from "../domain/account-spec.js";
import type { ChannelAdapter } from "../domain/channel-adapter.js";

/**
 * Serves `channels.login.v1.<channel>.<account>` and `channels.logout.v1.<channel>.<account>` while
 * this instance holds the account (the live socket is here, so the QR and the logout are too).
 * A channel configured with a token answers that it has no QR login.
 */
export function serveLogin(
  bus: Bus,
  spec: AccountSpec,
  adapter: ChannelAdapter,
): { unsubscribe(): void }[] {
  const params = { channel: spec.channel, account: spec.accountId };
  const unsupported = (what: string) =>
    new BusError(
      BusErrorCode.BadRequest,
      `${spec.channel} has no ${what}: it connects with the token in channels.${spec.channel}`,
    );
  const login = bus.serve(ChannelLogin, params, async (request) => {
    if (!adapter.login) throw unsupported("QR login");
    const step: { step: "start" | "wait"; force?: boolean; timeoutMs?: number } = {
      step: request.step,
    };
    if (request.force !== undefined) step.force = request.force;
    if (request.timeoutMs !== undefined) step.timeoutMs = request.timeoutMs;
    return adapter.login(step);
  });
  const logout = bus.serve(ChannelLogout, params, async () => {
    if (!adapter.logout) throw unsupported("logout");
    return adapter.logout();
  });
  return [login, logout];
}
