/** The stream calls a line output needs: Node's stdout and any writable stream have them. */
export interface LineStream {
  write(chunk: string): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
}

/** Where a process's log lines go: a stream that is given up for good at its first failure. */
export interface StreamOutput {
  /** Writes one line; does nothing once the stream has failed. */
  write(line: string): void;
  /** The failure that ended the stream, if it has failed. */
  readonly lost: Error | undefined;
  /** Calls `listener` once when the stream fails (at once if it already has); returns the unsubscribe. */
  onLost(listener: (error: Error) => void): () => void;
}

const outputs = new WeakMap<LineStream, StreamOutput>();

/**
 * The one output onto `stream` (the same object for every caller). A closed terminal makes every
 * stdout write fail with EIO, a closed pipe with EPIPE; Node's stdout never ends and reports each
 * failure as an `error` event, which with no listener is an uncaught exception — logged to
 * stdout again, failing again, forever at 100 % CPU. This output listens for that event and stops
 * writing after the first failure, so nothing is written into a stream known to be gone.
 */
export function streamOutput(stream: LineStream): StreamOutput {
  const existing = outputs.get(stream);
  if (existing) return existing;
  let lost: Error | undefined;
  const listeners = new Set<(error: Error) => void>();
  const fail = (error: Error) => {
    if (lost) return;
    lost = error;
    for (const listener of [...listeners]) listener(error);
    listeners.clear();
  };
  stream.on("error", fail);
  const output: StreamOutput = {
    write(line) {
      if (lost) return;
      try {
        stream.write(`${line}\n`);
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
      }
    },
    get lost() {
      return lost;
    },
    onLost(listener) {
      if (lost) {
        const error = lost;
        queueMicrotask(() => listener(error));
        return () => {};
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  outputs.set(stream, output);
  return output;
}
