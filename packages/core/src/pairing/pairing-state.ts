import * as z from "zod";
import { PlatformIdSchema } from "../message/inbound-message.js";
import type { RandomBytes } from "./pairing-code.js";
import {
  generatePairingCode,
  normalizePairingCode,
  PAIRING_CODE_ALPHABET,
  PAIRING_CODE_LENGTH,
} from "./pairing-code.js";

/** How long a pairing code can be approved. */
export const PAIRING_TTL_MS = 60 * 60 * 1000;

/** Pending (unexpired) requests an account holds at most. */
export const PAIRING_MAX_PENDING = 3;

/** How long an expired request is kept, so approving it says "expired" rather than "unknown". */
export const PAIRING_EXPIRED_RETENTION_MS = 24 * 60 * 60 * 1000;

const CODE_ATTEMPTS = 16;
const TimestampSchema = z.number().int().nonnegative();
const CodeSchema = z
  .string()
  .regex(
    new RegExp(`^[${PAIRING_CODE_ALPHABET}]{${PAIRING_CODE_LENGTH}}$`),
    "is not a pairing code",
  );
const NameSchema = z.string().max(256);

/** One DM sender waiting for approval. */
export const PairingRequestSchema = z.object({
  senderId: PlatformIdSchema,
  code: CodeSchema,
  createdAt: TimestampSchema,
  lastSeenAt: TimestampSchema,
  username: NameSchema.optional(),
  displayName: NameSchema.optional(),
});

/** A pairing request record. */
export type PairingRequest = z.infer<typeof PairingRequestSchema>;

/** A sender approved through pairing. */
export const PairedSenderSchema = z.object({
  senderId: PlatformIdSchema,
  approvedAt: TimestampSchema,
  username: NameSchema.optional(),
});

/** An approved sender record. */
export type PairedSender = z.infer<typeof PairedSenderSchema>;

/** The pairing record set of one channel account (one KV value, updated by compare-and-set). */
export const PairingStateSchema = z.object({
  version: z.literal(1).default(1),
  requests: z.array(PairingRequestSchema).default([]),
  approved: z.array(PairedSenderSchema).default([]),
});

/** A pairing record set. */
export type PairingState = z.infer<typeof PairingStateSchema>;

/** The sender asking to pair, as the channel saw it. */
export interface PairingSender {
  id: string;
  username?: string;
  displayName?: string;
}

/** Outcome of {@link requestPairing}; `state` is what to store (unchanged on refusal). */
export type PairingRequestResult =
  | { status: "created" | "existing"; code: string; expiresAt: number; state: PairingState }
  | { status: "already_approved"; state: PairingState }
  | {
      status: "refused";
      reason: "too_many_pending" | "no_free_code";
      message: string;
      state: PairingState;
    };

/** Outcome of {@link approvePairing}. */
export type PairingApproveResult =
  | { ok: true; request: PairingRequest; state: PairingState }
  | {
      ok: false;
      error: "invalid_code" | "unknown_code" | "expired_code";
      message: string;
      state: PairingState;
    };

/** An empty record set. */
export function emptyPairingState(): PairingState {
  return { version: 1, requests: [], approved: [] };
}

/** When a request's code stops being approvable. */
export function pairingExpiresAt(request: Pick<PairingRequest, "createdAt">): number {
  return request.createdAt + PAIRING_TTL_MS;
}

function isExpired(request: PairingRequest, now: number): boolean {
  return now >= pairingExpiresAt(request);
}

/** Drops requests that expired more than a day ago. */
export function prunePairingState(state: PairingState, now: number): PairingState {
  const keep = state.requests.filter(
    (r) => now < pairingExpiresAt(r) + PAIRING_EXPIRED_RETENTION_MS,
  );
  return keep.length === state.requests.length ? state : { ...state, requests: keep };
}

/** Unexpired requests, oldest first, with their expiry. */
export function listPendingPairings(
  state: PairingState,
  now: number,
): (PairingRequest & { expiresAt: number })[] {
  return state.requests
    .filter((request) => !isExpired(request, now))
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((request) => ({ ...request, expiresAt: pairingExpiresAt(request) }));
}

/** The ids of approved senders, for the access policy. */
export function pairedSenderIds(state: PairingState): Set<string> {
  return new Set(state.approved.map((sender) => sender.senderId));
}

function withOptionalNames<T extends object>(record: T, sender: PairingSender): T {
  return {
    ...record,
    ...(sender.username !== undefined ? { username: sender.username } : {}),
    ...(sender.displayName !== undefined ? { displayName: sender.displayName } : {}),
  };
}

function freshCode(state: PairingState, random: RandomBytes): string | undefined {
  const taken = new Set(state.requests.map((request) => request.code));
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
    const code = generatePairingCode(random);
    if (!taken.has(code)) return code;
  }
  return undefined;
}

/**
 * A DM sender asks to pair: a sender with an unexpired request gets the same code back; a new
 * (or expired) one gets a fresh code unless the account already has {@link PAIRING_MAX_PENDING}
 * unexpired requests, which is refused with a message to show the operator.
 */
export function requestPairing(
  state: PairingState,
  sender: PairingSender,
  now: number,
  random: RandomBytes,
): PairingRequestResult {
  const pruned = prunePairingState(state, now);
  if (pruned.approved.some((entry) => entry.senderId === sender.id)) {
    return { status: "already_approved", state: pruned };
  }
  const existing = pruned.requests.find((request) => request.senderId === sender.id);
  if (existing && !isExpired(existing, now)) {
    const updated = withOptionalNames({ ...existing, lastSeenAt: now }, sender);
    const requests = pruned.requests.map((request) => (request === existing ? updated : request));
    const expiresAt = pairingExpiresAt(existing);
    return { status: "existing", code: existing.code, expiresAt, state: { ...pruned, requests } };
  }
  const others = { ...pruned, requests: pruned.requests.filter((request) => request !== existing) };
  if (listPendingPairings(others, now).length >= PAIRING_MAX_PENDING) {
    const message =
      `${PAIRING_MAX_PENDING} pairing requests are already pending on this account; ` +
      "approve one or wait up to 1 h for one to expire";
    return { status: "refused", reason: "too_many_pending", message, state };
  }
  const code = freshCode(others, random);
  if (code === undefined) {
    return {
      status: "refused",
      reason: "no_free_code",
      message: "could not draw an unused pairing code",
      state,
    };
  }
  const request = withOptionalNames<PairingRequest>(
    { senderId: sender.id, code, createdAt: now, lastSeenAt: now },
    sender,
  );
  const next = { ...others, requests: [...others.requests, request] };
  return { status: "created", code, expiresAt: pairingExpiresAt(request), state: next };
}

/** The operator approves a code: the sender moves to the approved list, or a precise error says why not. */
export function approvePairing(
  state: PairingState,
  input: string,
  now: number,
): PairingApproveResult {
  const code = normalizePairingCode(input);
  if (code === null) {
    const message = `${JSON.stringify(input)} is not a pairing code (${PAIRING_CODE_LENGTH} of ${PAIRING_CODE_ALPHABET})`;
    return { ok: false, error: "invalid_code", message, state };
  }
  const request = state.requests.find((candidate) => candidate.code === code);
  if (!request)
    return {
      ok: false,
      error: "unknown_code",
      message: `no pairing request has code ${code}`,
      state,
    };
  if (isExpired(request, now)) {
    const when = new Date(pairingExpiresAt(request)).toISOString();
    const message = `pairing code ${code} expired at ${when}; ask the sender to DM again`;
    return { ok: false, error: "expired_code", message, state };
  }
  const approvedSender: PairedSender = { senderId: request.senderId, approvedAt: now };
  if (request.username !== undefined) approvedSender.username = request.username;
  const next: PairingState = {
    ...state,
    requests: state.requests.filter((candidate) => candidate !== request),
    approved: [
      ...state.approved.filter((entry) => entry.senderId !== request.senderId),
      approvedSender,
    ],
  };
  return { ok: true, request, state: next };
}

/** Removes a sender from the approved list (they will be asked to pair again). */
export function revokePairing(state: PairingState, senderId: string): PairingState {
  return { ...state, approved: state.approved.filter((entry) => entry.senderId !== senderId) };
}
