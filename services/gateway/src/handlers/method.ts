import type * as z from "zod";
import { invalidRequest } from "../errors.js";
import type { Scope } from "../protocol/scopes.js";

/** Who is calling a method, and how to answer more than once. */
export interface MethodContext {
  connId: string;
  /** `client.id` from the handshake (e.g. `cli`, `openclaw-control-ui`). */
  clientId: string;
  scopes: ReadonlySet<Scope>;
  /** Aborted when the client disconnects. */
  signal: AbortSignal;
  /** Sends another response with the same request id (the `agent` method's final result). */
  respondAgain(payload: unknown): void;
  /** Subscribes this connection to a topic's events (see `ConnectionRegistry.publish`). */
  subscribe(topic: string): void;
  /** Ends a subscription. */
  unsubscribe(topic: string): void;
}

/** One protocol method: the scope it needs and its handler. */
export interface MethodDef {
  readonly name: string;
  readonly scope: Scope;
  handle(params: unknown, ctx: MethodContext): Promise<unknown>;
}

/** Defines a method whose params are validated by `schema` (absent params count as `{}`). */
export function defineMethod<S extends z.ZodType>(
  name: string,
  scope: Scope,
  schema: S,
  handle: (params: z.output<S>, ctx: MethodContext) => Promise<unknown>,
): MethodDef {
  return {
    name,
    scope,
    async handle(params, ctx) {
      const parsed = schema.safeParse(params ?? {});
      if (!parsed.success) {
        const issues = parsed.error.issues.map(
          (issue) => `${issue.path.map(String).join(".") || "(params)"}: ${issue.message}`,
        );
        throw invalidRequest(`invalid ${name} params: ${issues.join("; ")}`, { issues });
      }
      return handle(parsed.data, ctx);
    },
  };
}
