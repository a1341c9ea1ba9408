/**
 * Planning threads (docs/decisions/043-planning-threads.md): the API's create validates the body,
 * plans and writes the plan's JSON text (src/prepare-plan.ts) on one of `size` worker threads
 * (piscina), so the request thread only parses, stores and answers. The task and its result are
 * plain values: the body in, the answers and the plan's text (or the field errors) back.
 *
 * The threads load the adoption data and translations themselves, after the server is listening
 * (a create that comes first waits in the queue). `ready` settles when a first task has gone
 * through: it rejects when a thread cannot load its module, which the server treats as a failed
 * start (piscina would otherwise leave later tasks waiting forever). A task that throws in a
 * thread rejects that one request's promise (the app's 500). A thread that dies rejects every
 * task it holds (up to TASKS_IN_HAND requests answer 500); piscina starts a new thread and
 * reports the fault, which was no one task's, to `onError`.
 */
import { Piscina } from 'piscina';
import { DEFAULT_LANGUAGE } from './i18n.js';
import type { Prepare, Prepared, PrepareTask } from './prepare-plan.js';

/** Tasks given to a thread before it has answered the earlier ones (they queue in it). */
const TASKS_IN_HAND = 16;

export interface PlanThreads {
  readonly prepare: Prepare;
  /** Resolves once the threads have answered a first task; rejects when they cannot start. */
  readonly ready: Promise<void>;
  /** Waits for the tasks in hand, then stops the threads. */
  close(): Promise<void>;
}

export interface PlanThreadOptions {
  /**
   * A thread's error that was no task's (piscina's 'error' event, which would end the process
   * unheard): after it, piscina may leave tasks waiting forever, so the server stops.
   */
  readonly onError: (err: unknown) => void;
  /** The threads' module (tests); default src/plan-thread.ts beside this module. */
  readonly module?: URL;
}

/**
 * Run from TypeScript (tests, the tsx fallback of `npm start`) the thread module is the .ts file
 * and the thread needs tsx's loader, which is all it is given; from the build (.kanal-build) it
 * is the .js beside this, and the thread inherits node's options as Node passes them to threads.
 * (Given as execArgv, an option a thread may not take, such as --trace-gc or
 * --max-old-space-size, would make starting the thread throw.)
 */
function threadModule(module: URL | undefined): { filename: string; execArgv?: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = module ?? new URL(`./plan-thread.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  return url.pathname.endsWith('.ts')
    ? { filename: url.href, execArgv: ['--import', 'tsx'] }
    : { filename: url.href };
}

export function startPlanThreads(size: number, options: PlanThreadOptions): PlanThreads {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`planning threads: ${size} is not 1 or more`);
  const pool = new Piscina<PrepareTask, Prepared>({
    ...threadModule(options.module),
    minThreads: size,
    maxThreads: size,
    // Several tasks in hand per thread, so a thread goes from one to the next without waiting
    // for the request thread to send it the next (one at a time, piscina's default, the thread
    // idled between tasks: 53 against 27 µs of request-thread CPU a task, decision 043).
    concurrentTasksPerWorker: TASKS_IN_HAND,
    recordTiming: false,
  });
  pool.on('error', options.onError);
  const prepare: Prepare = (task) => pool.run(task);
  // The cheapest task (a body that is not answers): it loads the module in a thread.
  const ready = prepare({ body: null, now: Date.now(), language: DEFAULT_LANGUAGE }).then(() => undefined);
  return { prepare, ready, close: () => pool.close() };
}
