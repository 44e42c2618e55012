import { GatewayBind } from "@clawfleet/config";
import { StartupError } from "@clawfleet/runtime";

/** The gateway subcommand's flags, typed. */
export interface GatewayOptions {
  port?: number;
  bind?: GatewayBind;
  token?: string;
  password?: string;
  allowUnconfigured: boolean;
}

const BINDS: readonly string[] = Object.values(GatewayBind);

/** Reads the parsed CLI flags; a bad `--port` or `--bind` is a {@link StartupError} naming the accepted values. */
export function readGatewayOptions(
  raw: Readonly<Record<string, string | boolean | undefined>>,
): GatewayOptions {
  const options: GatewayOptions = { allowUnconfigured: raw["allow-unconfigured"] === true };
  const port = raw.port;
  if (typeof port === "string") {
    const value = Number(port);
    if (!/^\d+$/.test(port) || value > 65535)
      throw new StartupError(`--port ${JSON.stringify(port)} is not a port number (0-65535)`);
    options.port = value;
  }
  const bind = raw.bind;
  if (typeof bind === "string") {
    if (!BINDS.includes(bind))
      throw new StartupError(`--bind ${JSON.stringify(bind)} is not one of ${BINDS.join(", ")}`);
    options.bind = bind as GatewayBind;
  }
  if (typeof raw.token === "string" && raw.token !== "") options.token = raw.token;
  if (typeof raw.password === "string" && raw.password !== "") options.password = raw.password;
  return options;
}
