/**
 * Runs tasks one after another per key (VS Code's SequencerByKey): a task starts when the previous task
 * of its key has settled, whatever the outcome. Tasks of different keys run independently.
 */
export class SequencerByKey<K> {
  private readonly tails = new Map<K, Promise<unknown>>();

  queue<T>(key: K, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return run;
  }
}
