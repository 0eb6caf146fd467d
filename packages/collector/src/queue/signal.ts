/** A reusable wake-up: everyone waiting on `wait()` resumes at the next `notify()`. */
export class Signal {
  private waiters: Array<() => void> = [];

  /**
   * Resolves at the next notify, or after timeoutMs. A wait that times out leaves the list: an
   * idle sink waits with a timeout again and again, and must not pile up waiters between notifies.
   */
  wait(timeoutMs?: number): Promise<void> {
    return new Promise((resolve) => {
      if (timeoutMs === undefined) {
        this.waiters.push(resolve);
        return;
      }
      const wake = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== wake);
        resolve();
      }, timeoutMs);
      this.waiters.push(wake);
    });
  }

  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Waiters not woken yet (for tests). */
  get waiting(): number {
    return this.waiters.length;
  }
}
