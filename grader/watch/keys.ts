// The watch's keys: raw mode on a terminal, one callback per key pressed; `close()` restores the
// terminal as it was (cooked mode, stdin released) so a quit leaves a working shell. In raw mode
// Ctrl-C arrives as a key (\u0003), not as SIGINT; it is reported as 'quit' like q.
import type { ReadStream } from 'node:tty';

export type Key = 'hint' | 'quit';

export interface KeyInput {
  /** Whether keys work at all (stdin is a terminal). */
  active: boolean;
  close(): void;
}

export function listenForKeys(stdin: NodeJS.ReadStream, onKey: (key: Key) => void): KeyInput {
  if (!stdin.isTTY) return { active: false, close: () => undefined };
  const tty = stdin as ReadStream;
  const wasRaw = tty.isRaw;
  tty.setRawMode(true);
  tty.setEncoding('utf8');
  const onData = (data: string) => {
    for (const char of data) {
      if (char === 'h' || char === 'H') onKey('hint');
      else if (char === 'q' || char === 'Q' || char === '\u0003' || char === '\u0004') onKey('quit');
    }
  };
  tty.on('data', onData);
  tty.resume();
  let closed = false;
  return {
    active: true,
    close: () => {
      if (closed) return;
      closed = true;
      tty.off('data', onData);
      try {
        tty.setRawMode(wasRaw);
      } catch {
        // The terminal is gone (hung up): nothing to restore.
      }
      tty.pause();
      tty.unref?.();
    },
  };
}
