// The house rules of STYLE.md as one ESLint rule, so a boundary crossed fails lint instead of
// creeping in: vendor SDKs only in adapters/, nats.js only in packages/bus, packages never import
// services, no deep imports across workspaces, `process.env` only in composition roots.
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Vendor SDKs: imported only under `services/<name>/src/adapters/` (and by the test kit's fakes). */
const VENDOR_SDK =
  /^(twilio|@ngrok\/ngrok|discord\.js|@discordjs\/[^/]+|grammy|@grammyjs\/[^/]+|@anthropic-ai\/sdk|openai|@slack\/[^/]+|@whiskeysockets\/[^/]+|whatsapp-web\.js|signal-cli[^/]*)(\/|$)/;
const NATS = /^@nats-io\//;
const SERVICES = ["agents", "channels", "gateway", "voice"];
const SERVICE_IMPORT = new RegExp(`^@clawfleet/(${SERVICES.join("|")})(/|$)`);
const WORKSPACE_IMPORT = /^@clawfleet\/([a-z0-9-]+)(\/.+)?$/;

/** Test code: test files, cross-service tests, test support folders, bench and scripts. */
function isTestCode(path) {
  return (
    /\.test\.ts$/.test(path) ||
    /^(test|bench|scripts)\//.test(path) ||
    /\/test-support\//.test(path) ||
    path.startsWith("packages/testkit/") ||
    path.startsWith("packages/bus/src/testing/")
  );
}

/** Composition roots: where the environment is read and passed down. */
function isCompositionRoot(path) {
  return (
    path === "src/index.ts" ||
    path.startsWith("src/cli/") ||
    /^services\/[^/]+\/src\/(index|main)\.ts$/.test(path)
  );
}

/** `packages/<name>` or `services/<name>` of a path, or `root` for the CLI and cross-service tests. */
function workspaceOf(path) {
  const match = /^(packages|services)\/([^/]+)\//.exec(path);
  return match ? `${match[1]}/${match[2]}` : "root";
}

const exportsCache = new Map();
/** The subpaths a workspace package declares in its `exports` (e.g. `./testing`). */
function declaredSubpaths(name) {
  if (!exportsCache.has(name)) {
    let subpaths = [];
    for (const dir of ["packages", "services"]) {
      try {
        const pkg = JSON.parse(readFileSync(join(ROOT, dir, name, "package.json"), "utf8"));
        subpaths = Object.keys(pkg.exports ?? {}).filter((key) => key !== ".");
        break;
      } catch {
        // not in this folder
      }
    }
    exportsCache.set(name, subpaths);
  }
  return exportsCache.get(name);
}

/** What is wrong with importing `source` from the file at `path` (relative to the root), if anything. */
export function importProblem(path, source) {
  const inAdapters = /^services\/[^/]+\/src\/adapters\//.test(path);
  if (VENDOR_SDK.test(source) && !inAdapters && !path.startsWith("packages/testkit/"))
    return `vendor SDK "${source}" imported outside services/<name>/src/adapters/ (STYLE.md 2, 12)`;
  if (NATS.test(source) && !path.startsWith("packages/bus/"))
    return `nats.js ("${source}") imported outside packages/bus: use the Bus API`;
  if (path.startsWith("packages/") && SERVICE_IMPORT.test(source))
    return `a package imports the service "${source}": packages never depend on services`;
  if (/^@clawfleet\/[a-z0-9-]+\/testing$/.test(source) && !isTestCode(path))
    return `"${source}" is for tests only`;
  const workspace = WORKSPACE_IMPORT.exec(source);
  if (workspace?.[2] && !declaredSubpaths(workspace[1]).includes(`.${workspace[2]}`))
    return `deep import "${source}": import @clawfleet/${workspace[1]} by its entry point`;
  if (source.startsWith(".")) {
    const target = relative(ROOT, resolve(ROOT, dirname(path), source))
      .split(sep)
      .join("/");
    const into = workspaceOf(`${target}/`);
    const reachesTestSupport = isTestCode(path) && /\/test-support\//.test(`${target}/`);
    if (into !== "root" && into !== workspaceOf(path) && !reachesTestSupport)
      return `relative import "${source}" reaches into ${into}: import it by its package name`;
  }
  return undefined;
}

/** Whether the file at `path` may read `process.env`. */
export function mayReadEnv(path) {
  return isCompositionRoot(path) || isTestCode(path);
}

function check(context, node, source) {
  if (typeof source !== "string") return;
  const path = relative(ROOT, context.filename).split(sep).join("/");
  const problem = importProblem(path, source);
  if (problem) context.report({ node, message: problem });
}

const boundaries = {
  meta: {
    type: "problem",
    docs: { description: "House boundaries of STYLE.md: who may import what, who reads the env" },
    schema: [],
  },
  create(context) {
    const fromSource = (node) => check(context, node, node.source?.value);
    return {
      ImportDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ExportNamedDeclaration: (node) => node.source && fromSource(node),
      ImportExpression: (node) =>
        node.source.type === "Literal" && check(context, node, node.source.value),
      MemberExpression(node) {
        if (
          node.object.type === "Identifier" &&
          node.object.name === "process" &&
          !node.computed &&
          node.property.name === "env"
        ) {
          const path = relative(ROOT, context.filename).split(sep).join("/");
          if (!mayReadEnv(path))
            context.report({
              node,
              message:
                "process.env read outside a composition root: parse it in main.ts and pass it down (STYLE.md 6)",
            });
        }
      },
    };
  },
};

/** The local ESLint plugin: `clawfleet/boundaries`. */
export default { rules: { boundaries } };
