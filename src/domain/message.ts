/**
 * Everything the domain says to a person is a message key with parameters, never a finished
 * sentence: the web and the command line render it through the translation layer
 * (src/i18n), so a new language needs no change here.
 */
/** A parameter is a plain value or another message (a field's label, a channel's name), rendered first. */
export type MessageParam = string | number | Message;
export type MessageParams = Readonly<Record<string, MessageParam>>;

export interface Message {
  readonly key: string;
  readonly params?: MessageParams;
}

/** Renders a message in some language. Supplied by the caller (src/i18n); pure for a given locale. */
export type Translate = (msg: Message) => string;

export function message(key: string, params?: MessageParams): Message {
  return params === undefined ? { key } : { key, params };
}

const constants = new WeakSet<Message>();

/**
 * A message made once and never changed (frozen, as are its parameters, and any nested message is
 * itself a constant): a renderer may remember its text by identity. For names that recur in every
 * plan (channels, apps, countries).
 */
export function constantMessage(key: string, params?: MessageParams): Message {
  if (params !== undefined) {
    for (const value of Object.values(params)) {
      if (typeof value === 'object' && !constants.has(value))
        throw new Error(`A constant message's nested messages must be constants (${key}).`);
    }
  }
  const msg: Message = Object.freeze(
    params === undefined ? { key } : { key, params: Object.freeze({ ...params }) },
  );
  constants.add(msg);
  return msg;
}

export function isConstantMessage(msg: Message): boolean {
  return constants.has(msg);
}

/**
 * "A", "A and B", "A, B and C": built from messages so the words stay translatable. `make` builds
 * each list message: constantMessage for a list made once from constants and strings.
 */
export function listOf(
  items: readonly (Message | string)[],
  make: (key: string, params: MessageParams) => Message = message,
): Message | string {
  if (items.length === 0) return '';
  if (items.length === 1) return items[0]!;
  if (items.length === 2) return make('engine.list.two', { a: items[0]!, b: items[1]! });
  return make('engine.list.more', { a: items[0]!, rest: listOf(items.slice(1), make) });
}
