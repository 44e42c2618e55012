import { spawn } from "node:child_process";

/** The command that opens a URL in the desktop's browser here, or undefined where there is none (a server, a container). */
export function browserOpener(
  platform: NodeJS.Platform,
  env: Record<string, string | undefined>,
): { command: string; args: string[] } | undefined {
  if (env.BROWSER === "none") return undefined;
  if (env.BROWSER) return { command: env.BROWSER, args: [] };
  if (platform === "darwin") return { command: "open", args: [] };
  if (platform === "win32") return { command: "cmd", args: ["/c", "start", '""'] };
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return { command: "xdg-open", args: [] };
  return undefined;
}

/** Opens `url` with `opener`, detached; resolves false when it could not be started or failed. */
export function openInBrowser(
  opener: { command: string; args: string[] },
  url: string,
): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(opener.command, [...opener.args, url], {
      stdio: "ignore",
      detached: true,
    });
    child.once("error", () => resolve(false));
    child.once("exit", (code) => resolve(code === 0));
    child.unref();
  });
}
