/** Something wrong in a Markdown file, with its 1-based line. */
export interface MarkdownProblem {
  line: number;
  message: string;
}

const FENCE = /^\s*(`{3,}|~{3,})(.*)$/;

/**
 * Code fences that do not close. A closing fence is the opening character repeated at least as
 * often, with nothing after it; a fence line with text after it inside a block is almost always a
 * closing fence that swallowed the next paragraph (and everything after it), so it is reported.
 */
export function fenceProblems(text: string): MarkdownProblem[] {
  const problems: MarkdownProblem[] = [];
  let open: { line: number; marker: string } | undefined;
  text.split('\n').forEach((content, index) => {
    const match = FENCE.exec(content);
    if (match === null) return;
    const marker = match[1]!;
    const rest = match[2]!.trim();
    if (open === undefined) {
      open = { line: index + 1, marker };
      return;
    }
    const closes = marker[0] === open.marker[0] && marker.length >= open.marker.length;
    if (closes && rest === '') {
      open = undefined;
    } else if (closes) {
      problems.push({
        line: index + 1,
        message: `fence with text after it inside the block opened at line ${open.line}: a closing fence stands alone (got "${quote(rest)}")`,
      });
    }
  });
  if (open !== undefined) problems.push({ line: open.line, message: 'code fence never closes' });
  return problems;
}

/** Absolute paths of one machine (home folders, the workplace's checkout) that mean nothing on a clone. */
const MACHINE_PATH = /(?<![\w.-])(\/work\/|\/home\/[\w.-]+|\/Users\/[\w.-]+|\/root\/|[A-Z]:\\Users\\)/;

/** Lines that name a machine path instead of a path relative to the workspace (e.g. `../shared/data`). */
export function machinePathProblems(text: string): MarkdownProblem[] {
  return text.split('\n').flatMap((content, index) => {
    const match = MACHINE_PATH.exec(content);
    return match === null
      ? []
      : [{ line: index + 1, message: `names the machine path "${match[1]}": use a path relative to the workspace` }];
  });
}

/** Relative link targets (`[text](target)`), without anchors; outside links and anchors are left out. */
export function relativeLinks(text: string): { line: number; target: string }[] {
  return text.split('\n').flatMap((content, index) =>
    [...content.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((match) => match[1]!.split('#')[0]!)
      .filter((target) => target !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(target))
      .map((target) => ({ line: index + 1, target })),
  );
}

function quote(text: string): string {
  return text.length <= 80 ? text : `${text.slice(0, 79)}…`;
}
