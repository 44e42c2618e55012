import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";

/** A WebSocket opened by hand on a TCP socket, for tests that must control every byte sent. */
export interface RawWebSocket {
  readonly socket: Socket;
  /** Resolves when the server closes or resets the TCP connection. */
  readonly ended: Promise<void>;
  /** Bytes handed to the socket so far. */
  readonly sent: () => number;
  /** Sends a client frame header (masked, text) announcing `length` payload bytes. */
  sendFrameHeader(length: number): void;
  /** Streams `total` payload bytes in `chunk`-sized writes, stopping early if the server ends. */
  streamPayload(total: number, chunk?: number): Promise<void>;
}

/**
 * Opens `ws://host:port/` with a hand-written upgrade request and resolves once the server answers;
 * `status` is the HTTP status line's code (101 when the upgrade was accepted).
 */
export async function openRawWebSocket(
  port: number,
  headers: Record<string, string> = {},
): Promise<{ status: number; raw: RawWebSocket }> {
  const socket = connect(port, "127.0.0.1");
  socket.on("error", () => {});
  let isEnded = false;
  const ended = new Promise<void>((resolve) =>
    socket.once("close", () => {
      isEnded = true;
      resolve();
    }),
  );
  let sent = 0;
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
  socket.write(
    "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n` +
      `${extra.join("")}\r\n`,
  );
  const status = await new Promise<number>((resolve, reject) => {
    let text = "";
    const onData = (data: Buffer) => {
      text += data.toString("latin1");
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (!match) return;
      socket.off("data", onData);
      resolve(Number(match[1]));
    };
    socket.on("data", onData);
    void ended.then(() => reject(new Error(`closed before an answer: ${text}`)));
  });
  const write = (data: Buffer) => {
    sent += data.length;
    return socket.write(data);
  };
  const raw: RawWebSocket = {
    socket,
    ended,
    sent: () => sent,
    sendFrameHeader(length) {
      const header = Buffer.alloc(14);
      header[0] = 0x81;
      header[1] = 0x80 | 127;
      header.writeBigUInt64BE(BigInt(length), 2);
      randomBytes(4).copy(header, 10);
      write(header);
    },
    async streamPayload(total, chunk = 64 * 1024) {
      const block = Buffer.alloc(chunk, 0x61);
      while (sent < total && !isEnded && !socket.destroyed) {
        if (write(block)) continue;
        await new Promise<void>((resolve) => {
          socket.once("drain", resolve);
          socket.once("close", resolve);
        });
      }
    },
  };
  return { status, raw };
}
