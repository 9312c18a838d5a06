/** A function that runs `fn` once `ms` after the last call; `flush` runs a pending call now. */
export interface Debounced {
  (): void;
  flush(): void;
}

export function debounce(fn: () => void, ms: number): Debounced {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (): void => {
    timer = undefined;
    fn();
  };
  const call = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  call.flush = (): void => {
    if (timer === undefined) return;
    clearTimeout(timer);
    run();
  };
  return call;
}
