/** The shortest `CLAWFLEET_STATE_KEY` accepted: it keys AES-256-GCM through HKDF, so it needs real entropy. */
export const MIN_STATE_KEY_LENGTH = 32;
