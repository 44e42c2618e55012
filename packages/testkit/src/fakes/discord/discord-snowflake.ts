const DiscordEpoch = 1_420_070_400_000n;
let increment = 0n;

/** A new Discord snowflake id (time-ordered, unique within this process). */
export function nextSnowflake(): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DiscordEpoch) << 22n) | (1n << 17n) | increment).toString();
}

/** The shard that receives a guild's events: `(guild_id >> 22) % shard_count`. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(Math.max(1, shardCount)));
}
