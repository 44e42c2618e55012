/**
 * The `http://` address of the Control UI a person on this machine can open: a wildcard bind
 * (`0.0.0.0`, `::`) is shown as 127.0.0.1, and the path is the UI's base path with a trailing slash.
 */
export function controlUiUrl(displayHost: string, port: number, basePath: string): string {
  const host = ["0.0.0.0", "::", "[::]", ""].includes(displayHost)
    ? "127.0.0.1"
    : displayHost.includes(":") && !displayHost.startsWith("[")
      ? `[${displayHost}]`
      : displayHost;
  const path = basePath.startsWith("/") ? basePath : `/${basePath}`;
  return `http://${host}:${port}${path.endsWith("/") ? path : `${path}/`}`;
}
