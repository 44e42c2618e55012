import { JetStreamApiError, type JetStreamManager, type StreamConfig } from "@nats-io/jetstream";

const STREAM_NOT_FOUND = 10059;

/** The current configuration of a stream, or undefined when there is no such stream. */
export async function streamInfo(
  jsm: JetStreamManager,
  name: string,
): Promise<StreamConfig | undefined> {
  try {
    return (await jsm.streams.info(name)).config;
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === STREAM_NOT_FOUND) return undefined;
    throw error;
  }
}
