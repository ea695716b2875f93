export type Input = string | Buffer | Uint8Array;
export function xxh64(input: Input, seed?: bigint | number): bigint;
export function xxh3(input: Input): bigint;
export function hex(value: bigint): string;
