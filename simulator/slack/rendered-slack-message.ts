import type { SlackMessage } from './slack-message.ts';
import type { StoredMessage } from './stored-message.ts';

/** Characters of a rich text block id (lowercase base 36). */
export const BLOCK_ID_LENGTH = 5;

/**
 * What the generator keeps of a message: its fields in wire order without `ts`, and instead of
 * `blocks` the id of its one rich text block as a number (base 36; a number takes no memory of its
 * own), as the block holds the text and is rendered from the two.
 */
export type SlackMessageContent = Omit<SlackMessage, 'ts' | 'blocks'> & { blockId?: number };

const noReplies: StoredMessage[] = Object.freeze([]) as unknown as StoredMessage[];

/** Slack's `ts` of a microsecond instant: seconds, a dot, six digits. */
export function tsOf(micros: number): string {
  return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
}

/**
 * A generated message that renders its wire object on each read (a fresh object each time, equal
 * each time) from its content, its instant and its thread parent: `ts`, the rich text block after
 * `text`, and on a reply `thread_ts` and `parent_user_id`, in the order Slack serves them. The
 * workspace then holds no wire objects between requests. A wire object assigned to it (a
 * malformed or variant message, a tombstone) is kept and served instead.
 */
export class RenderedSlackMessage implements StoredMessage {
  readonly micros: number;
  user: string | null;
  /** No replies until the generator gives a thread parent its own list (a shared empty list, frozen: pushing to it throws). */
  replies: StoredMessage[] = noReplies;
  private readonly content: SlackMessageContent;
  private readonly parent: RenderedSlackMessage | null;
  private replaced: Record<string, unknown> | null = null;

  constructor(micros: number, content: SlackMessageContent, parent: RenderedSlackMessage | null) {
    this.micros = micros;
    this.user = typeof content.user === 'string' ? content.user : null;
    this.content = content;
    this.parent = parent;
  }

  get ts(): string {
    return tsOf(this.micros);
  }

  get wire(): Record<string, unknown> {
    if (this.replaced) return this.replaced;
    const wire: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.content)) {
      if (key === 'blockId') wire.blocks = [{ type: 'rich_text', block_id: (value as number).toString(36).padStart(BLOCK_ID_LENGTH, '0'), elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: this.content.text }] }] }];
      else wire[key] = value;
    }
    wire.ts = this.ts;
    if (this.parent) {
      // The parent's author as generated: a reply keeps naming it after the parent becomes a tombstone.
      const parentUser = this.parent.content.user;
      wire.thread_ts = this.parent.ts;
      if (typeof parentUser === 'string' && parentUser) wire.parent_user_id = parentUser;
    }
    return wire;
  }

  set wire(wire: Record<string, unknown>) {
    this.replaced = wire;
  }
}
