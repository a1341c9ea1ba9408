/**
 * A value read at most once per request, by whoever asks first: a cached page's key (the early
 * hit) or the page rendered on a miss, so the page always shows what its key was made from.
 * Kept with the response (weakly), so it goes with it.
 */
import type { Response } from 'express';

export interface RequestMemo<T> {
  /** This request's value: `read` runs on the first call only. */
  get(res: Response, read: () => Promise<T>): Promise<T>;
  /** Gives this request its value when it is known without reading. */
  set(res: Response, value: T): void;
}

export function requestMemo<T>(): RequestMemo<T> {
  const values = new WeakMap<Response, Promise<T>>();
  return {
    get(res, read) {
      let value = values.get(res);
      if (value === undefined) {
        value = read();
        values.set(res, value);
      }
      return value;
    },
    set(res, value) {
      values.set(res, Promise.resolve(value));
    },
  };
}
