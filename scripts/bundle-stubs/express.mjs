// Stands in for express in dist/. Bolt's index loads ExpressReceiver (and through it express, send
// and mime-db) when it loads, but clawfleet runs Bolt in Socket Mode with a SocketModeReceiver
// (services/channels/src/adapters/slack/slack-adapter.ts), so express never runs.
function notBundled() {
  throw new Error("express is not bundled: clawfleet runs Slack's Bolt in Socket Mode only");
}
export default notBundled;
export const Router = notBundled;
