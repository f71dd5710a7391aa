/**
 * One pending run per key (a document's URI): scheduling a key again replaces its pending run, so
 * work that follows typing runs once the typing pauses.
 */
export class KeyedDebounce {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  schedule(key: string, delayMs: number, run: () => void): void {
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        run();
      }, delayMs),
    );
  }

  cancel(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  dispose(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
  }
}

/** Per million characters, on top of the base pause; see pauseBeforeCheck. */
const PAUSE_PER_MILLION_MS = 150;
const LONGEST_PAUSE_MS = 1_000;

/**
 * How long typing must pause before a whole-text check of a document of `characters` runs. The
 * check's cost grows with the text (about 50 ms at 5 MB, on both cores' worth of contention with
 * the workbench drawing the keystrokes), so a larger document waits for a longer pause: typing at
 * a steady pace then never runs it between two keystrokes.
 */
export function pauseBeforeCheck(baseMs: number, characters: number): number {
  return Math.min(LONGEST_PAUSE_MS, Math.round(baseMs + (PAUSE_PER_MILLION_MS * characters) / 1_000_000));
}
