import type { Logger } from "@clawfleet/log";
import {
  accountLabel,
  connectionFingerprint,
  isRunnable,
  type AccountSpec,
} from "../domain/account-spec.js";
import { errorMessage } from "../errors.js";
import { AccountRunner, type RunnerServices } from "./account-runner.js";

/**
 * The accounts this instance campaigns for, kept in line with the config: a new or re-enabled
 * account starts, a removed or disabled one stops (releasing its lease), one whose token, API base
 * or mode changed reconnects; access rules apply without a reconnect. Changes apply one at a time.
 */
export class AccountFleet {
  readonly #runners = new Map<string, { runner: AccountRunner; fingerprint: string }>();
  readonly #log: Logger;
  #queue: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(
    private readonly services: RunnerServices,
    logger: Logger,
  ) {
    this.#log = logger.child({ subsystem: "channels" });
  }

  /** Applies a set of specs (the whole configured list); resolves once applied. */
  apply(specs: readonly AccountSpec[]): Promise<void> {
    this.#queue = this.#queue
      .then(() => this.#apply(specs))
      .catch((error: unknown) =>
        this.#log.error(`could not apply the channel accounts: ${errorMessage(error)}`, { error }),
      );
    return this.#queue;
  }

  /** Accounts this instance holds now. */
  held(): string[] {
    return [...this.#runners.entries()]
      .filter(([, entry]) => entry.runner.held)
      .map(([label]) => label);
  }

  /** Accounts this instance campaigns for. */
  campaigning(): string[] {
    return [...this.#runners.keys()];
  }

  /** Stops every runner (in parallel: each account's standby takes over at once). */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#queue;
    await Promise.all([...this.#runners.values()].map(({ runner }) => runner.stop()));
    this.#runners.clear();
  }

  async #apply(specs: readonly AccountSpec[]): Promise<void> {
    if (this.#stopped) return;
    const wanted = new Map(specs.filter(isRunnable).map((spec) => [accountLabel(spec), spec]));
    const stopping: Promise<void>[] = [];
    for (const [label, entry] of this.#runners) {
      const spec = wanted.get(label);
      if (spec && connectionFingerprint(spec) === entry.fingerprint) {
        entry.runner.update(spec);
        continue;
      }
      this.#log.info(
        spec
          ? `${label}: connection settings changed; reconnecting`
          : `${label}: removed or disabled; disconnecting`,
      );
      this.#runners.delete(label);
      stopping.push(entry.runner.stop());
    }
    await Promise.all(stopping);
    for (const [label, spec] of wanted) {
      if (this.#runners.has(label)) continue;
      this.#runners.set(label, {
        runner: new AccountRunner(spec, this.services, this.#log),
        fingerprint: connectionFingerprint(spec),
      });
    }
  }
}
