// Stands in for node-fetch in dist/. grammY's Node build imports node-fetch (and through it whatwg-url's
// Unicode tables, ~5 MB of heap) when it loads, but clawfleet always hands grammY its own fetch
// (services/channels/src/adapters/telegram/grammy-compat.ts), so node-fetch never runs.
export default function fetch() {
  return Promise.reject(
    new Error("node-fetch is not bundled: give grammY a fetch (see grammy-compat.ts)"),
  );
}
