/** What a simulated process does: its output, how long it runs, how it ends. */
export interface SimulatedProgram {
  readonly output: readonly { readonly stream: 'stdout' | 'stderr'; readonly text: string }[];
  /** Seconds until it exits by itself; Infinity runs until stopped. */
  readonly durationSeconds: number;
  readonly exitCode: number;
  /** Memory it holds; above the container's memory limit it is OOMKilled. */
  readonly memoryBytes?: number;
  /** Set when the executable does not exist: the start fails, as runc's exec does. */
  readonly notFound?: string;
}

type Env = ReadonlyMap<string, string>;
const builtins = new Set(['sh', 'echo', 'sleep', 'true', 'false', 'exit']);

/**
 * Interprets a command the way a busybox userland would, for the small vocabulary
 * tests use: `sh -c` scripts of `;`-separated `echo` (with `>&2`), `exit N`,
 * `sleep N|infinity`, `true`, `false`, with `$VAR` expansion; and those commands
 * run directly. Anything else counts as an executable that does not exist.
 */
export function simulateCommand(argv: readonly string[], env: Env): SimulatedProgram {
  const [executable = '', ...args] = argv;
  const name = executable.slice(executable.lastIndexOf('/') + 1);
  if (!builtins.has(name)) return { output: [], durationSeconds: 0, exitCode: 128, notFound: executable };
  if (name === 'sh') {
    return args[0] === '-c' ? runScript(args[1] ?? '', env) : { output: [], durationSeconds: 0, exitCode: 0 };
  }
  return runScript(argv.map((word) => quoteWord(word)).join(' '), env);
}

function runScript(script: string, env: Env): SimulatedProgram {
  const output: { stream: 'stdout' | 'stderr'; text: string }[] = [];
  let durationSeconds = 0;
  let status = 0;
  for (const statement of script.split(/[;\n]/)) {
    const words = splitWords(statement, env);
    const toStderr = words.at(-1) === '>&2';
    if (toStderr) words.pop();
    const [command, ...args] = words;
    if (command === undefined) continue;
    switch (command) {
      case 'echo':
        output.push({ stream: toStderr ? 'stderr' : 'stdout', text: args.join(' ') });
        status = 0;
        break;
      case 'exit':
        return { output, durationSeconds, exitCode: Number(args[0] ?? status) };
      case 'sleep':
        durationSeconds += args[0] === 'infinity' ? Infinity : Number(args[0] ?? 0);
        status = 0;
        break;
      case 'true':
      case 'false':
        status = command === 'true' ? 0 : 1;
        break;
      default:
        output.push({ stream: 'stderr', text: `sh: ${command}: not found` });
        status = 127;
    }
  }
  return { output, durationSeconds, exitCode: status };
}

function quoteWord(word: string): string {
  return `'${word.replaceAll("'", `'"'"'`)}'`;
}

/** Splits a statement into words, honouring single and double quotes and expanding $VAR outside single quotes. */
function splitWords(statement: string, env: Env): string[] {
  const words: string[] = [];
  let current: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < statement.length; index++) {
    const char = statement.charAt(index);
    if (quote === "'" ? char === "'" : quote === '"' ? char === '"' : false) {
      quote = undefined;
    } else if (quote === undefined && (char === '"' || char === "'")) {
      quote = char;
      current ??= '';
    } else if (quote === undefined && /\s/.test(char)) {
      if (current !== undefined) words.push(current);
      current = undefined;
    } else if (char === '$' && quote !== "'") {
      const match = /^\$(?:\{(\w+)\}|(\w+))/.exec(statement.slice(index));
      if (match === null) {
        current = (current ?? '') + char;
      } else {
        current = (current ?? '') + (env.get(match[1] ?? match[2] ?? '') ?? '');
        index += match[0].length - 1;
      }
    } else {
      current = (current ?? '') + char;
    }
  }
  if (current !== undefined) words.push(current);
  return words;
}
