/**
 * A logger handed to assets; lines go to the run store (and the terminal in
 * verbose mode).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function makeLogger(write: (level: LogLevel, message: string) => void): Logger {
  return {
    debug: (m) => write('debug', m),
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
  };
}

export const silentLogger: Logger = makeLogger(() => {});
