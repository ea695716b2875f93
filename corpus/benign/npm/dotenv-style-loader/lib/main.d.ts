export interface ConfigOptions { path?: string; encoding?: BufferEncoding; override?: boolean; debug?: boolean }
export interface ConfigOutput { parsed?: Record<string, string>; error?: Error }
export function parse(src: string | Buffer): Record<string, string>;
export function config(options?: ConfigOptions): ConfigOutput;
