import {
  listInstances,
  plannedStreamNames,
  provisionPlan,
  streamPlacements,
  type Bus,
} from "@clawfleet/bus";
import type { Command } from "../command.js";
import { connectCliBus } from "../connect-cli-bus.js";
import { BUS_ENV } from "../help-sections.js";

/** `status`: every live service instance on the bus, then each stream's replicas and leader. */
export const statusCommand: Command = {
  name: "status",
  summary: "list the live instances of every service, and each stream's replicas and leader",
  usage: "status [--json]",
  help: [
    "Options:",
    "  --json   print instances and streams as JSON",
    "",
    "Environment:",
    ...BUS_ENV,
    "",
    "Examples:",
    "  clawfleet status",
    "  NATS_URL=nats://my-app-nats.internal:4222 clawfleet status --json",
  ],
  options: { json: { type: "boolean" } },
  async run({ values, io }) {
    const bus: Bus | undefined = await connectCliBus(io, "status");
    if (!bus) return 1;
    try {
      const [instances, streams] = await Promise.all([
        listInstances(bus, { waitMs: 700 }),
        streamPlacements(bus, plannedStreamNames(provisionPlan)),
      ]);
      if (values.json) {
        io.out(JSON.stringify({ instances, streams }, null, 2));
        return 0;
      }
      if (instances.length === 0) io.out("no service instance answers on the bus");
      for (const instance of instances) {
        const ready = instance.data.ready === false ? "not ready" : "ready";
        const rss =
          typeof instance.data.rssBytes === "number"
            ? `${Math.round(instance.data.rssBytes / 1048576)} MB`
            : "?";
        io.out(
          `${instance.name.padEnd(9)} ${instance.id.padEnd(24)} ${ready.padEnd(9)} ${rss.padStart(7)}  ${instance.metadata.process_group ?? ""} ${instance.metadata.region ?? ""} up ${instance.data.uptimeSeconds ?? "?"} s`,
        );
      }
      io.out("\nstream                 replicas  leader");
      for (const stream of streams) {
        const peers = stream.peers.map(
          (p) => `${p.name}${p.offline || !p.current ? "(behind)" : ""}`,
        );
        io.out(
          `${stream.name.padEnd(22)} R${String(stream.replicas).padEnd(8)} ${stream.leader ?? `NONE: ${stream.problem}`}${peers.length ? `  [${peers.join(" ")}]` : ""}`,
        );
      }
      return 0;
    } finally {
      await bus.close();
    }
  },
};
