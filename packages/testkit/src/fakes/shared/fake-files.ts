import type { ServerResponse } from "node:http";
import { RecordLog } from "./record-log.js";

/** A file a fake serves: its bytes and the `content-type` it answers with. */
export interface FakeFile {
  bytes: Uint8Array;
  contentType: string;
}

/** One download a fake answered. */
export interface FakeFileDownload {
  path: string;
  /** 200, or 404 for a path the fake does not (or no longer) hold. */
  status: number;
  /** The request's Authorization header, for fakes whose platform requires one (Slack). */
  authorization?: string;
}

/**
 * The files of one fake platform, by URL path: the bytes behind Telegram's `file_path`, Discord's
 * CDN attachment URLs or Slack's `url_private`. Tests add and remove files; every download is
 * recorded.
 */
export class FakeFiles {
  /** Every download answered, oldest first. */
  readonly downloads = new RecordLog<FakeFileDownload>("file downloads");
  readonly #files = new Map<string, FakeFile>();

  /** Serves `bytes` at `path` (replacing what was there). */
  put(path: string, file: FakeFile): void {
    this.#files.set(path, file);
  }

  /** Stops serving `path` (a download then answers 404, as an expired link does). */
  delete(path: string): boolean {
    return this.#files.delete(path);
  }

  /** The file at `path`, if served. */
  get(path: string): FakeFile | undefined {
    return this.#files.get(path);
  }

  /** Answers a GET of `path`: the bytes with content-type and content-length, or a 404. */
  serve(res: ServerResponse, path: string, authorization?: string): void {
    const file = this.#files.get(path);
    const status = file ? 200 : 404;
    this.downloads.push({ path, status, ...(authorization ? { authorization } : {}) });
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not Found");
      return;
    }
    res.writeHead(200, {
      "content-type": file.contentType,
      "content-length": String(file.bytes.byteLength),
    });
    res.end(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
  }
}
