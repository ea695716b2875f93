export type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
export interface Destination { write(line: string): void }
export interface LoggerOptions { level?: Level; base?: Record<string, unknown>; destination?: Destination; redact?: string[] }
export type LogFn = (objOrMsg: object | string, msg?: string) => void;
export type Logger = Record<Level, LogFn> & { child(bindings: Record<string, unknown>): Logger; isLevelEnabled(l: Level): boolean };
declare function createLogger(opts?: LoggerOptions): Logger;
declare namespace createLogger {
  function httpTransport(o: { url: string; headers?: Record<string, string>; batchSize?: number; flushMs?: number }): Destination & { flush(): Promise<void> };
  const levels: Record<Level, number>;
}
export = createLogger;
