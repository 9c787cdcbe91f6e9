/**
 * The generated-block markers of README.md and docs/:
 *
 *   <!-- generated: NAME ARGS... -->
 *   ...the generator's output...
 *   <!-- /generated -->
 *
 * A marker inside a fenced code block outside any generated block is text (a page may show the syntax); inside a
 * generated block only the closing marker counts.
 */

/** A generated block: its generator, arguments and current body, and where it sits. */
export interface Block {
  readonly name: string;
  readonly args: readonly string[];
  readonly body: string;
  /** Offsets of the body in the file's text. */
  readonly from: number;
  readonly to: number;
  /** 1-based line of the opening marker. */
  readonly line: number;
}

export const OPEN_PREFIX = "<!-- generated:";
export const CLOSE = "<!-- /generated -->";
const OPEN = /^<!-- generated: ([a-z][a-z0-9-]*)((?: [^\s]+)*) -->$/;
const FENCE = /^(```|~~~)/;

/** What each line of a text is: outside any block, a block's opening or closing marker, or inside a block. */
export type LineRole = "text" | "open" | "body" | "close";

/** The role of each line, and the blocks. A marker that doesn't pair up is an error naming its line. */
export function parseMarkers(text: string, file = "text"): { roles: LineRole[]; blocks: Block[] } {
  const roles: LineRole[] = [];
  const blocks: Block[] = [];
  let offset = 0;
  let fence = false;
  let open: { name: string; args: string[]; line: number; from: number } | undefined;
  text.split("\n").forEach((line, i) => {
    const next = offset + line.length + 1;
    if (open) {
      if (line === CLOSE) {
        blocks.push({ name: open.name, args: open.args, line: open.line, from: open.from, to: offset, body: text.slice(open.from, Math.max(open.from, offset - 1)) });
        open = undefined;
        roles.push("close");
      } else {
        if (line.startsWith(OPEN_PREFIX)) throw new Error(`${file}:${i + 1}: a block opens inside the block opened at line ${open.line}`);
        roles.push("body");
      }
    } else if (FENCE.test(line)) {
      fence = !fence;
      roles.push("text");
    } else if (!fence && line.startsWith(OPEN_PREFIX)) {
      const m = OPEN.exec(line);
      if (!m) throw new Error(`${file}:${i + 1}: a generated block opens as "${OPEN_PREFIX} NAME ARGS... -->", got ${JSON.stringify(line)}`);
      open = { name: m[1], args: m[2].trim() ? m[2].trim().split(" ") : [], line: i + 1, from: next };
      roles.push("open");
    } else {
      if (!fence && line === CLOSE) throw new Error(`${file}:${i + 1}: ${CLOSE} closes no block`);
      roles.push("text");
    }
    offset = next;
  });
  if (open) throw new Error(`${file}:${open.line}: the block "${open.name}" has no ${CLOSE}`);
  return { roles, blocks };
}

/** The blocks of a Markdown text, in order. */
export function findBlocks(text: string, file = "text"): Block[] {
  return parseMarkers(text, file).blocks;
}
