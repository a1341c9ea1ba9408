/**
 * The render memo of the translation layer (src/i18n.ts): a Translate is pure for its language,
 * and most sentences recur from plan to plan and page to page, so texts are kept per renderer.
 *
 * The key is the message's whole structure, exactly: a trie over the key, then each parameter's
 * name and value in order (strings and numbers as Map keys, so 5 and "5" differ; -0 has its own
 * key), where a nested message is its own node in the same trie. Equal messages reach the same
 * node, so the text stored there is the text of that message and no other. This costs a few Map
 * look-ups per message instead of serialising it (a string key was measured slower: hashing a
 * fresh 100-character key costs more than the walk). Constant messages (message.ts), which never
 * change, are remembered by identity: one look-up. The memo is bounded: when it holds too many
 * nodes it starts again empty, which changes speed only, never output.
 */
import { isConstantMessage, type Message, type Translate } from './domain/message.js';

class RenderNode {
  readonly children = new Map<unknown, RenderNode>();
  text: string | undefined = undefined;
  /** The first child made, kept outside the Map: most nodes have one name after them. */
  firstKey: unknown = undefined;
  first: RenderNode | undefined = undefined;
}

/** The trie key of -0, which a Map would not tell from 0. */
const NEGATIVE_ZERO = Symbol('-0');

class RenderMemo {
  /** Messages without params, and messages with params (so {} and none differ). */
  bare = new RenderNode();
  withParams = new RenderNode();
  /** Constant messages' nodes, by identity. */
  constants = new WeakMap<Message, RenderNode>();
  nodes = 0;

  constructor(private readonly limit: number) {}

  /** Starts again empty when full (speed only: every text is recomputed on demand). */
  bound(): void {
    if (this.nodes < this.limit) return;
    this.bare = new RenderNode();
    this.withParams = new RenderNode();
    this.constants = new WeakMap();
    this.nodes = 0;
  }

  private childOf(node: RenderNode, key: unknown): RenderNode {
    if (node.first !== undefined && node.firstKey === key) return node.first;
    let child = node.children.get(key);
    if (child === undefined) {
      child = new RenderNode();
      if (node.first === undefined) {
        node.first = child;
        node.firstKey = key;
      } else node.children.set(key, child);
      this.nodes++;
    }
    return child;
  }

  /** The trie node of a message: the same node for every structurally equal message. */
  nodeOf(msg: Message): RenderNode {
    if (!isConstantMessage(msg)) return this.walk(msg);
    let node = this.constants.get(msg);
    if (node === undefined) {
      node = this.walk(msg);
      this.constants.set(msg, node);
    }
    return node;
  }

  private walk(msg: Message): RenderNode {
    const params = msg.params;
    if (params === undefined) return this.childOf(this.bare, msg.key);
    let node = this.childOf(this.withParams, msg.key);
    for (const name in params) {
      const value = params[name]!;
      node = this.childOf(node, name);
      const key =
        typeof value === 'object' ? this.nodeOf(value) : Object.is(value, -0) ? NEGATIVE_ZERO : value;
      node = this.childOf(node, key);
    }
    return node;
  }
}

/** `render` with a memo of its texts (`render` must be pure: same message, same text). */
export function memoisedRender(
  render: Translate,
  limit = 200_000,
): Translate & { readonly size: () => number } {
  const memo = new RenderMemo(limit);
  const memoised = (msg: Message) => {
    memo.bound();
    const node = memo.nodeOf(msg);
    let text = node.text;
    if (text === undefined) {
      text = render(msg);
      node.text = text;
    }
    return text;
  };
  return Object.assign(memoised, { size: () => memo.nodes });
}
