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
