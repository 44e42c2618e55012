import {
  Buckets,
  isRevisionConflict,
  TypedBucket,
  WORKSPACE_BOOTSTRAP_FILES,
  workspaceFileRecordSchema,
  workspaceKey,
  type Bus,
  type WorkspaceFileInfo,
  type WorkspaceFileRecord,
} from "@clawfleet/bus";
import { DEFAULT_WORKSPACE_FILES } from "./default-templates.js";

/** The bucket of workspace files. */
export type WorkspaceBucket = TypedBucket<typeof workspaceFileRecordSchema>;

/** Who writes a file: seeding, an operator through the gateway or CLI, or the agent through a tool. */
export type WorkspaceWriter = "seed" | "rpc" | "agent";

/** How a workspace is named to clients (there is no directory: it lives in the `workspace` bucket). */
export function workspaceLocation(agentId: string): string {
  return `nats-kv://${Buckets.Workspace.name}/${agentId}`;
}

function info(agentId: string, name: string, record: WorkspaceFileRecord | undefined) {
  const file: WorkspaceFileInfo = {
    name,
    path: `${workspaceLocation(agentId)}/${name}`,
    missing: record === undefined,
  };
  if (record) {
    file.size = new TextEncoder().encode(record.content).length;
    file.updatedAtMs = record.updatedAt;
  }
  return file;
}

/** One agent's workspace files on the bus (KV `workspace`), replicated like every bucket. */
export class WorkspaceStore {
  readonly #seeded = new Set<string>();

  constructor(private readonly bucket: WorkspaceBucket) {}

  /** Opens the provisioned workspace bucket. */
  static async open(bus: Bus): Promise<WorkspaceStore> {
    return new WorkspaceStore(
      await TypedBucket.open(bus, Buckets.Workspace, workspaceFileRecordSchema),
    );
  }

  /** A file's stored record, or undefined when it was never written. */
  async read(agentId: string, name: string): Promise<WorkspaceFileRecord | undefined> {
    return (await this.bucket.get(workspaceKey(agentId, name)))?.value;
  }

  /** Writes a file (size and name are checked by the callers' schemas and rules). */
  async write(
    agentId: string,
    name: string,
    content: string,
    by: WorkspaceWriter,
  ): Promise<WorkspaceFileInfo> {
    const record = { content, updatedAt: Date.now(), updatedBy: by };
    await this.bucket.put(workspaceKey(agentId, name), record);
    return info(agentId, name, record);
  }

  /** The bootstrap files in prompt order, with the content of those that exist. */
  async bootstrapFiles(agentId: string): Promise<{ name: string; content?: string }[]> {
    await this.ensureSeeded(agentId);
    const records = await Promise.all(
      WORKSPACE_BOOTSTRAP_FILES.map((name) => this.read(agentId, name)),
    );
    return WORKSPACE_BOOTSTRAP_FILES.map((name, i) => ({ name, content: records[i]?.content }));
  }

  /** Names of the agent's `memory/*.md` files, sorted. */
  async memoryFileNames(agentId: string): Promise<string[]> {
    const prefix = `${agentId}.`;
    const all = await this.bucket.keys(`${agentId}.>`);
    return all
      .filter((key) => key.startsWith(`${prefix}memory/`))
      .map((key) => key.slice(prefix.length))
      .sort();
  }

  /** Every file of the workspace: the bootstrap files (missing ones marked), then memory files. */
  async list(agentId: string): Promise<WorkspaceFileInfo[]> {
    await this.ensureSeeded(agentId);
    const names = [...WORKSPACE_BOOTSTRAP_FILES, ...(await this.memoryFileNames(agentId))];
    const records = await Promise.all(names.map((name) => this.read(agentId, name)));
    return names.map((name, i) => info(agentId, name, records[i]));
  }

  /** A file with its content; a missing one is described as missing with empty content. */
  async get(agentId: string, name: string): Promise<WorkspaceFileInfo> {
    await this.ensureSeeded(agentId);
    const record = await this.read(agentId, name);
    return { ...info(agentId, name, record), content: record?.content ?? "" };
  }

  /**
   * Creates the default files an agent's workspace lacks (never overwrites: a KV create loses to
   * any existing file, so concurrent workers seed once). Done once per agent per process.
   */
  async ensureSeeded(agentId: string): Promise<void> {
    if (this.#seeded.has(agentId)) return;
    const now = Date.now();
    await Promise.all(
      Object.entries(DEFAULT_WORKSPACE_FILES).map(async ([name, content]) => {
        try {
          await this.bucket.create(workspaceKey(agentId, name), {
            content,
            updatedAt: now,
            updatedBy: "seed",
          });
        } catch (error) {
          if (!isRevisionConflict(error)) throw error;
        }
      }),
    );
    this.#seeded.add(agentId);
  }
}
